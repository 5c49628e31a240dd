"""Malformed input: every loader either loads a damaged file or says clearly what is wrong with it.

The corpus (``tests/malformed.py``, with ``tests/hostile_files.py``) damages the smallest good file of every registered format in
each container it comes in (CSV, workbook, Word, PDF), taken from a small generated sample
organisation, the fixtures and our templates: cut short (inside a UTF-8 or UTF-16 character too),
re-encoded, dates month-first, headers doubled or missing, formulas in cells. Hostile files (a zip bomb posing
as a workbook, fake workbooks, NUL bytes, a 200 MB export) and Hypothesis mutations of real bytes
(flipped bytes, dropped rows, shuffled columns) face the same properties:

- ``load_file`` returns within a time bound and never raises;
- with ``strict=True`` nothing but :class:`InputError` escapes (anything else is a loader bug);
- the file either loads or has an error; every issue names the file, any row it names exists,
  and no issue quotes an email address;
- a spreadsheet formula typed into an export never comes out live in our CSV or XLSX exports.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import hostile_files
import malformed
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from malformed import Case, Example
from openpyxl import load_workbook

from diagnostic.errors import InputError
from diagnostic.ingest import detect_format, load_bytes, load_file, load_paths
from diagnostic.ingest.formats import FORMATS
from diagnostic.ingest.formats.canonical import TEMPLATE_COLUMNS
from diagnostic.ingest.rawfile import RawFile
from diagnostic.ingest.templates import template_csv
from diagnostic.report.export import FORMULA_TRIGGERS, NEUTRALISER, write_exports
from diagnostic.samples import write_sample
from diagnostic.scorecard import build_scorecard
from diagnostic.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SALT = "malformed-salt-0123456789"
SAMPLE_PEOPLE, SAMPLE_WEEKS = 100, 4
LOAD_SECONDS = 60.0  # a hang guard, not a benchmark
UNEXPECTED = "because of an unexpected problem"  # load_file's words for an exception a loader did not expect
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
FORMAT_IDS = sorted(f.id for f in FORMATS)
BIG_FILE_BYTES = 200 * 1024**2
BIG_FILE_SECONDS = 120.0  # a hang guard; the benchmarks measure speed
# Peak memory for the 200 MB trace: the caller's bytes (1x), the UTF-8 view pyarrow parses
# (a slice of bytes is a copy: 1x) and the kept columns and canonical tables (under 1x),
# on top of Python with pandas, pyarrow and the package imported (about 200 MB).
BIG_FILE_MEMORY_MULTIPLE = 3.0
IMPORT_FLOOR_BYTES = 300 * 1024**2
FUZZ_EXAMPLES = 8  # per format; 30 formats


@pytest.fixture(scope="module")
def quiet_settings() -> Settings:
    """Module-wide settings (Hypothesis cannot use the function-scoped ``settings`` fixture)."""
    return Settings(salt=SALT)


@pytest.fixture(scope="module")
def sample_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sample")
    write_sample(folder, people=SAMPLE_PEOPLE, weeks=SAMPLE_WEEKS)
    return folder


@pytest.fixture(scope="module")
def examples(sample_folder) -> list[Example]:
    """The smallest good file of every format in each container it comes in (text, workbook,
    Word, PDF), from the sample organisation, the fixtures and the templates."""
    files = [(p.name, p.read_bytes()) for p in sorted(sample_folder.rglob("*")) if p.is_file()]
    files += [(p.name, p.read_bytes()) for p in sorted(FIXTURES.rglob("*")) if p.is_file() and p.suffix != ".py"]
    files += [(f"{table}_template.csv", template_csv(table)) for table in TEMPLATE_COLUMNS]
    best: dict[tuple[str, str], Example] = {}
    for name, data in files:
        fmt, _ = detect_format(RawFile(name, data))  # detection alone: picking the smallest file of each format needs no load
        if fmt is None:
            continue
        example = Example(fmt.id, name, data)
        key = (fmt.id, example.container)
        if key not in best or len(data) < len(best[key].data):
            best[key] = example
    return [best[key] for key in sorted(best)]


def of_format(examples: list[Example], format_id: str) -> list[Example]:
    return [ex for ex in examples if ex.format == format_id]


def problems_with(case: Case, settings: Settings, rows_in_file: int = 0) -> list[str]:
    """Everything wrong with how ``load_file`` treated ``case`` (empty when all is well)."""
    started = time.perf_counter()
    try:
        result = load_file(case.data, case.name, settings, strict=True)
    except InputError:
        return []  # allowed under strict, though load_file turns these into issues itself
    except Exception as exc:  # the bug this test exists to find: show it, and check the lenient path too
        lenient = load_file(case.data, case.name, settings)
        return [f"{case.label}: strict load raised {type(exc).__name__}: {exc}; lenient load gave {lenient.errors}"]
    took = time.perf_counter() - started
    found = []
    if took > LOAD_SECONDS:
        found.append(f"{case.label}: took {took:.1f} s")
    if not result.usable and not result.errors:
        found.append(f"{case.label}: nothing loaded and no error said why")
    for issue in result.issues:
        text = str(issue)
        if issue.file != case.name or not text.startswith(case.name):
            found.append(f"{case.label}: issue does not name the file: {text}")
        if not issue.message.strip() or UNEXPECTED in text or "Traceback" in text:
            found.append(f"{case.label}: unclear issue: {text}")
        if EMAIL.search(text.removeprefix(case.name)):
            found.append(f"{case.label}: issue quotes an email address: {text}")
        if issue.rows and (min(issue.rows) < 1 or (rows_in_file and max(issue.rows) > rows_in_file)):
            found.append(f"{case.label}: issue names rows {min(issue.rows)}-{max(issue.rows)} of a {rows_in_file}-row file: {text}")
    return found


@pytest.mark.slow
def test_every_format_has_a_good_example_and_workbooks_are_among_them(examples):
    assert sorted({ex.format for ex in examples}) == FORMAT_IDS
    containers = {ex.container for ex in examples}
    assert containers == {"table", "sheet", "lines", "binary"}
    assert len([ex for ex in examples if ex.container == "sheet"]) >= 5


@pytest.mark.slow
@pytest.mark.parametrize("damage", sorted(malformed.DAMAGE))
def test_damaged_exports_load_or_say_why(examples, quiet_settings, damage):
    cases = [(ex, case) for ex in examples for case in malformed.DAMAGE[damage](ex)]
    assert cases, f"no {damage} cases were made"
    found = [
        f"{ex.format}: {problem}"
        for ex, case in cases
        for problem in problems_with(case, quiet_settings, malformed.line_count(ex, case.data))
    ]
    assert not found, "\n".join(found)


@pytest.mark.slow
def test_every_example_is_damaged_in_every_way_that_applies(examples):
    """A guard on the corpus itself: a format left out of a damage would pass untested."""
    for damage, make in malformed.DAMAGE.items():
        applicable = [ex for ex in examples if ex.container in malformed.APPLIES_TO[damage]]
        if damage == "day and month swapped":  # only files that hold dates
            applicable = [ex for ex in applicable if malformed.decidable_dates(ex)]
        assert applicable, damage
        assert [ex.name for ex in applicable if not make(ex)] == [], damage


@pytest.mark.slow
def test_month_first_copies_read_the_same_dates_when_the_file_decides(examples, quiet_settings):
    """Day-first or month-first is decided per file: when any date proves the order, a month-first
    copy gives exactly the dates of the original."""
    decided = [ex for ex in examples if malformed.decidable_dates(ex)]
    assert len(decided) >= 10
    different = []
    for ex in decided:
        (case,) = malformed.month_first(ex)
        before, after = load_file(ex.data, ex.name, quiet_settings), load_file(case.data, case.name, quiet_settings)
        if (before.span(), before.rows) != (after.span(), after.rows):
            different.append(f"{ex.format} ({ex.name}): {before.span()} became {after.span()}")
    assert not different, "\n".join(different)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return hostile_files.zip_bomb()


@pytest.mark.slow
def test_zip_bomb_posing_as_a_workbook_is_refused_quickly(bomb, quiet_settings):
    assert len(bomb) < 3 * 1024**2  # tiny packed, 420 MB unpacked
    for name in ("roster.xlsx", "export.zip"):
        started = time.perf_counter()
        result = load_file(bomb, name, quiet_settings, strict=True)
        assert time.perf_counter() - started < 30.0  # refused before unpacking: a hang guard, not a benchmark
        assert not result.usable
        assert result.errors == [
            f"{name}: this spreadsheet unpacks to 420 MB, more than the 400 MB allowed. Save the sheet you need as CSV and load that."
        ]
    dataset, results = load_bytes([("export.zip", bomb)], quiet_settings)
    assert not dataset.present() and results[0].errors


def test_a_workbook_whose_sizes_lie_is_refused(examples, quiet_settings):
    roster = next(ex for ex in examples if ex.container == "sheet" and ex.format == "roster")
    case = Case("sizes understated", roster.name, hostile_files.understated_zip(roster.data))
    assert problems_with(case, quiet_settings) == []
    assert "cannot be opened" in load_file(case.data, case.name, quiet_settings).errors[0]


def test_an_archive_of_too_many_files_is_refused(quiet_settings):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for i in range(300):
            zf.writestr(f"part_{i}.csv", "a,b\r\n1,2\r\n")
    dataset, results = load_bytes([("viva_export.zip", buffer.getvalue())], quiet_settings)
    assert not dataset.present()
    assert results[0].errors == ["viva_export.zip: this archive is too large to unpack safely. Unzip it and load the files you need."]


@pytest.mark.slow
def test_fake_workbooks_and_binary_files_get_one_clear_error(examples, quiet_settings):
    roster_csv = next(ex for ex in of_format(examples, "roster") if ex.container == "table")
    cases = hostile_files.fake_workbooks(roster_csv.data) + hostile_files.nul_files()
    found = [problem for case in cases for problem in problems_with(case, quiet_settings)]
    assert not found, "\n".join(found)
    by_label = {case.label: load_file(case.data, case.name, quiet_settings) for case in cases}
    for label in ("1 MB of NUL bytes as CSV", "1 MB of NUL bytes as xlsx", "NUL bytes after a real header"):
        assert "binary data" in by_label[label].errors[0], label
    for label in ("zip header then noise", "workbook without a sheet", "zip of a photo named .xlsx"):
        assert "cannot be opened" in by_label[label].errors[0], label


BIG_FILE_WORKER = """
import json, resource, sys, time
from pathlib import Path
from diagnostic.errors import InputError
from diagnostic.ingest import load_file
from diagnostic.settings import Settings
path = Path(sys.argv[1])
started = time.perf_counter()
try:
    result = load_file(path.read_bytes(), path.name, Settings(salt="big"), strict=True)
    outcome = {"usable": result.usable, "rows": result.rows, "errors": result.errors, "format": result.format}
except InputError as exc:
    outcome = {"usable": False, "rows": 0, "errors": [str(exc)], "format": "unknown"}
outcome["seconds"] = time.perf_counter() - started
outcome["peak_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps(outcome))
"""


@pytest.mark.slow
def test_a_200_mb_message_trace_loads_in_bounded_time_and_memory(examples, tmp_path):
    """The largest file the app accepts (200 MB), in the format that is large in real life."""
    trace = next(ex for ex in of_format(examples, "message_trace_powershell") if ex.container == "table")
    sample = Example(trace.format, "MessageTrace.csv", trace.data)
    path = tmp_path / "MessageTrace.csv"
    size = malformed.write_large_copy(sample, path, BIG_FILE_BYTES)
    out = subprocess.run(
        [sys.executable, "-c", BIG_FILE_WORKER, str(path)], capture_output=True, text=True, timeout=300, cwd=ROOT, check=True
    )
    outcome = json.loads(out.stdout.strip().splitlines()[-1])
    assert outcome["format"] == "message_trace_powershell"
    assert outcome["usable"] and not outcome["errors"]
    assert outcome["rows"] > 500_000
    assert outcome["seconds"] < BIG_FILE_SECONDS
    assert outcome["peak_bytes"] < BIG_FILE_MEMORY_MULTIPLE * size + IMPORT_FLOOR_BYTES, f"{outcome['peak_bytes'] / 2**20:.0f} MiB"


@pytest.mark.slow
def test_formulas_typed_into_exports_never_come_out_live(sample_folder, tmp_path, quiet_settings):
    """Team names written as formulas in the roster reach the exports (team breakdowns, network
    matrix) as text with a leading apostrophe, never as a formula a spreadsheet would run."""
    roster = Example("roster", "roster.xlsx", (sample_folder / "roster.xlsx").read_bytes())
    rows = malformed.rows_of(roster)
    team = [str(c).strip().lower() for c in rows[0]].index("team")
    teams = sorted({r[team] for r in rows[1:] if r[team]})
    as_formula = {name: f"{malformed.FORMULAS[i % len(malformed.FORMULAS)]}{i}" for i, name in enumerate(teams)}
    rows = [rows[0]] + [[as_formula.get(c, c) if i == team else c for i, c in enumerate(r)] for r in rows[1:]]
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in sample_folder.rglob("*"):
        if path.is_file() and path.name != "roster.xlsx":
            (inputs / path.name).write_bytes(path.read_bytes())
    (inputs / "roster.xlsx").write_bytes(malformed.with_rows(roster, rows))

    dataset, _ = load_paths([inputs], quiet_settings)
    assert set(dataset.people["team"].dropna()) & set(as_formula.values())
    written = write_exports(dataset, build_scorecard(dataset, quiet_settings), quiet_settings, tmp_path / "out")

    cells = []
    for path in written:
        if path.suffix == ".csv":
            cells += [c for row in csv.reader(io.StringIO(path.read_text("utf-8-sig"))) for c in row]
        else:
            book = load_workbook(path)
            for sheet in book.worksheets:
                for row in sheet.iter_rows():
                    assert all(c.data_type != "f" for c in row), f"live formula in {path.name}/{sheet.title}"
                    cells += [c.value for c in row if isinstance(c.value, str)]
    live = [c for c in cells if c.lstrip().startswith(FORMULA_TRIGGERS) and not _number(c)]
    assert not live
    neutralised = {c for c in cells if c.startswith(NEUTRALISER)}
    assert {NEUTRALISER + f for f in as_formula.values()} & neutralised  # the formulas did reach the exports


def _number(text: str) -> bool:
    """A CSV cell holding a real number (``-0.25``): a spreadsheet reads it as data, not a formula."""
    try:
        float(text)
    except ValueError:
        return False
    return True


# ---- fuzzing --------------------------------------------------------------------------------------


@st.composite
def mutations(draw, example: Example) -> tuple[str, bytes]:
    """One to three damages to a real file: flipped bytes, dropped rows, shuffled columns, a cut."""
    data, done = example.data, []
    for kind in draw(st.lists(st.sampled_from(("flip", "drop", "shuffle", "cut")), min_size=1, max_size=3)):
        current = Example(example.format, example.name, data)
        if kind == "flip" and data:
            flips = draw(st.lists(st.tuples(st.integers(0, len(data) - 1), st.integers(0, 255)), min_size=1, max_size=8))
            data = malformed.flip_bytes(data, flips)
        elif kind == "drop":
            data = _tolerant(current, malformed.drop_rows, draw(st.lists(st.integers(0, 10_000), min_size=1, max_size=5)))
        elif kind == "shuffle" and (width := _tolerant_width(current)) > 1:
            data = _tolerant(current, malformed.shuffle_columns, draw(st.permutations(range(width))))
        elif kind == "cut" and len(data) > 1:
            data = data[: draw(st.integers(1, len(data) - 1))]
        done.append(kind)
    return "+".join(done), data


def _tolerant(example: Example, mutate, argument) -> bytes:
    """A row-level mutation, or the bytes unchanged when an earlier mutation broke the workbook."""
    try:
        return mutate(example, argument)
    except InputError:
        return example.data


def _tolerant_width(example: Example) -> int:
    try:
        return malformed.width(example)
    except InputError:
        return 0


@pytest.mark.slow
@pytest.mark.parametrize("format_id", FORMAT_IDS)
@hyp_settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    database=None,  # nothing written outside the test's temporary folders
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_fuzzed_exports_load_or_say_why(examples, quiet_settings, format_id, data):
    example = data.draw(st.sampled_from(of_format(examples, format_id)), label="example")
    label, mutated = data.draw(mutations(example), label="mutation")
    case = Case(f"{format_id} {label}", example.name, mutated)
    assert problems_with(case, quiet_settings, malformed.line_count(example, mutated)) == []
