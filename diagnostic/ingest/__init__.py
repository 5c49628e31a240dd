"""Ingest: detect each file's format from its content, read it, pseudonymise, validate.

``load_file`` never raises for bad input: it returns a :class:`LoadResult` whose ``issues`` say
what was wrong, naming the file, the row and the column. ``load_paths`` expands folders and zip
archives and combines everything into one :class:`~diagnostic.dataset.Dataset`.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from diagnostic import parallel
from diagnostic.dataset import PERSON_COLUMNS, SCHEMAS, Dataset, conform
from diagnostic.errors import ERROR, WARNING, InputError, Issue, PeriodNeeded
from diagnostic.ingest.base import Format, LoadContext
from diagnostic.ingest.combine import combine, combine_notes
from diagnostic.ingest.formats import FORMATS
from diagnostic.ingest.formats.m365_reports import other_report
from diagnostic.ingest.headers import forget_headers, normalise_header
from diagnostic.ingest.naming import path_names, unique_names
from diagnostic.ingest.rawfile import BROKEN_ZIP, RawFile, looks_binary
from diagnostic.ingest.vocabulary import counted
from diagnostic.peers.marker import is_pack_file
from diagnostic.privacy import SUBJECT_PLACEHOLDER, hide_emails, hide_names
from diagnostic.schema import PERSON, SPEC, TIME, person_columns
from diagnostic.settings import Settings

DETECT_THRESHOLD = 0.5
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # old binary Office files and encrypted (password-protected) workbooks
MAX_ARCHIVE_MEMBERS = 200
DATA_LIKE = re.compile(r"^\s*[-+(]?\d")  # a cell starting with a digit: a count, a date or a phone number, not a header
MAX_ARCHIVE_BYTES = 2 * 1024**3
BINARY_PROBE_BYTES = 4096  # control characters this near the start mean binary content
# table -> the columns that say when its rows happened (a file's span runs from the earliest to the latest)
TIME_COLUMNS: dict[str, tuple[str, ...]] = {name: t.names(TIME) for name, t in SPEC.items() if t.names(TIME)}
# The people a file is about: who acted or was named as the subject (a line manager or an auditor
# named only as such is not counted among them).
COUNTED_PEOPLE: dict[str, tuple[str, ...]] = person_columns(PERSON)


@dataclass
class LoadResult:
    """What one file gave: its kind and format, canonical tables, counts, dates and problems."""

    file: str
    kind: str = "unknown"
    format: str = "unknown"
    format_label: str = "Not recognised"
    dataset: Dataset = field(default_factory=Dataset)
    rows: int = 0
    issues: list[Issue] = field(default_factory=list)
    shown_file: str = ""  # the name to show: ``file`` without the people or meetings it names (set at load)
    needs_period: bool = False  # refused only for want of the period it covers: read again once one is given

    @property
    def errors(self) -> list[str]:
        return [str(i) for i in self.issues if i.severity == ERROR]

    @property
    def warnings(self) -> list[str]:
        return [str(i) for i in self.issues if i.severity == WARNING]

    @property
    def usable(self) -> bool:
        return bool(self.dataset.present())

    @property
    def people(self) -> int:
        """Distinct people the file is about (pseudonyms; partners included; see ``COUNTED_PEOPLE``)."""
        ids: set[str] = set()
        d = self.dataset
        for table, cols in COUNTED_PEOPLE.items():
            frame = getattr(d, table)
            if frame is not None:
                for c in cols:
                    ids.update(frame[c].dropna().unique().tolist())
        return len(ids)

    def span(self) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
        lows, highs = [], []
        for table, cols in TIME_COLUMNS.items():
            frame = getattr(self.dataset, table)
            if frame is None or not len(frame):
                continue
            for c in cols:
                s = frame[c].dropna()
                if len(s):
                    lows.append(s.min())
                    highs.append(s.max())
        return (min(lows) if lows else None, max(highs) if highs else None)

    def to_record(self) -> dict:
        """The ``inspect --json`` record (DESIGN.md): no identifiers (not even in a file's name), dates as ISO days."""
        start, end = self.span()
        return {
            "file": hide_emails(self.shown_file or self.file),
            "kind": self.kind,
            "format": self.format,
            "format_label": self.format_label,
            "tables": self.dataset.present(),
            "rows": self.rows,
            "people": self.people,
            "start": start.date().isoformat() if start is not None else None,
            "end": end.date().isoformat() if end is not None else None,
            "warnings": self.warnings,
            "errors": self.errors,
        }


def detect_format(raw: RawFile) -> tuple[Format | None, float]:
    """The best-matching format and its confidence (None if nothing reaches the threshold)."""
    best, best_score = None, 0.0
    for fmt in FORMATS:
        try:
            score = float(fmt.detect(raw))
        except InputError:
            score = 0.0
        if score > best_score:
            best, best_score = fmt, score
    return (best, best_score) if best_score >= DETECT_THRESHOLD else (None, best_score)


def load_file(data: bytes, name: str, settings: Settings, mapping: dict | None = None, strict: bool = False) -> LoadResult:
    """Read one file into canonical tables. Never raises for bad input.

    ``mapping`` (``{"table": ..., "columns": {their header: canonical column}}``) reads a file we
    do not recognise as the named canonical table. ``strict=True`` lets unexpected exceptions
    through (tests use it to prove that loaders only ever raise :class:`InputError`).
    """
    try:
        return _read(data, name, settings, mapping, strict)
    finally:
        forget_headers()  # texts remembered while reading it, data cells among them, go with the file


def _read(data: bytes, name: str, settings: Settings, mapping: dict | None, strict: bool) -> LoadResult:
    result = LoadResult(file=name)
    ctx = LoadContext(file=name, settings=settings)
    if not data or (not data[:4096].strip() and not data.strip()):  # strip() copies: only for a blank start
        result.issues.append(Issue(name, "The file is empty.", "Export it again and check it has rows.", severity=ERROR))
        return result
    raw = RawFile(name=name, data=data)
    try:
        if mapping:
            from diagnostic.ingest.mapping import mapped_format

            fmt = mapped_format(mapping)
        else:
            if raw.is_xlsx:
                raw.sheet_rows()  # a broken or oversized spreadsheet gets its own clear sentence
            fmt, _ = detect_format(raw)
        if fmt is None:
            result.issues.append(_unrecognised(raw))
            return result
        result.kind, result.format, result.format_label = fmt.kind, fmt.id, fmt.label
        tables = fmt.parse(raw, ctx)
        for message, action, rows in raw.notes:
            ctx.warn(message, action, rows=rows)
        ctx.note_non_people()
        result.dataset = _finish(tables, ctx)
        result.rows = ctx.rows_read
    except InputError as exc:
        ctx.error(str(exc).removeprefix(f"{name}: "))
        result.needs_period = isinstance(exc, PeriodNeeded)
    except Exception:  # a bug must not show a traceback to the user
        if strict:
            raise
        ctx.error(
            "This file could not be read because of an unexpected problem.",
            "Check it opens in Excel; if it does, please report this with the file's layout (not its data).",
        )
    result.issues.extend(ctx.issues)
    if not result.usable and not result.errors:
        result.issues.append(Issue(name, "No usable rows were found.", "Check the export covers the period you want.", severity=ERROR))
    subjects = set() if settings.show_text else ctx.seen_subjects
    result.shown_file = hide_names(hide_names(name, subjects, SUBJECT_PLACEHOLDER), set() if settings.show_names else ctx.seen_names)
    if result.shown_file != name:
        result.issues = [replace(i, file=result.shown_file) if i.file == name else i for i in result.issues]
    return result


def _unrecognised(raw: RawFile) -> Issue:
    """Why a file was not recognised: binary content (a database, an image, a damaged download)
    needs a different file, not the column-mapping step."""
    if raw.data.startswith(OLE_MAGIC):
        return Issue(
            raw.name,
            "This is an Excel 97-2003 workbook (.xls) or a password-protected file, which we cannot read.",
            "Open it in Excel, remove any password, and save it as .xlsx or CSV.",
            severity=ERROR,
        )
    if any(line.lstrip().lower().startswith(("<!doctype html", "<html")) for line in raw.head_lines[:3]):
        return Issue(
            raw.name,
            "This is a web page, not an export: the download may have stopped at a sign-in or error page.",
            "Sign in and download the export again.",
            severity=ERROR,
        )
    usage_report = other_report(raw)
    if usage_report:
        return Issue(raw.name, *usage_report, severity=ERROR)
    codec, bom = raw.encoding
    container = raw.is_xlsx or raw.is_docx or raw.is_pdf
    if not container and looks_binary(raw.data[bom : bom + BINARY_PROBE_BYTES].decode(codec, errors="replace")):
        return Issue(
            raw.name,
            "We do not recognise this file: it holds binary data, not text or a spreadsheet.",
            "Check it is the export you meant to load, and export it again as CSV or .xlsx.",
            severity=ERROR,
        )
    repeated = _repeated_headers(raw.header_cells)
    if repeated:
        return Issue(
            raw.name,
            f"We do not recognise this file's layout, and {counted(len(repeated), 'column header')} "
            f"{'is' if len(repeated) == 1 else 'are'} used more than once: {'; '.join(repeated)}.",
            "Give each column its own header, then load the file again or choose which column is which in the column-mapping step.",
            severity=ERROR,
        )
    return Issue(
        raw.name,
        "We do not recognise this file's layout.",
        "Choose which column is which in the column-mapping step, or use one of the templates.",
        severity=ERROR,
    )


def _repeated_headers(cells: list[str]) -> list[str]:
    """Each header written more than once (ignoring case and spacing), with the columns it heads:
    “Date” in columns B and F. The mapping step cannot tell such columns apart by name.

    When the first row looks like data (an address, a number or a date in it: the header row was
    deleted), its cells are not quoted, only their columns: they may be someone's details.
    """
    columns: dict[str, list[int]] = {}
    for i, cell in enumerate(cells):
        if normalise_header(cell):
            columns.setdefault(normalise_header(cell), []).append(i)
    quoted = not any("@" in c or DATA_LIKE.match(c) for c in cells)
    return [
        (f"“{cells[where[0]].strip()}” in columns " if quoted else "one in columns ")
        + f"{', '.join(map(column_letter, where[:-1]))} and {column_letter(where[-1])}"
        for where in columns.values()
        if len(where) > 1
    ]


def column_letter(index: int) -> str:
    """A spreadsheet's name for a column: 0 -> A, 25 -> Z, 26 -> AA (what the user sees in Excel)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _finish(tables: dict[str, pd.DataFrame], ctx: LoadContext) -> Dataset:
    out = {t: _without_nobody(t, conform(t, f)) for t, f in tables.items() if f is not None and t in SCHEMAS}
    seen = ctx.people_table()
    if len(seen):
        # the loader's rows before the names and domains it met, each in value order (a roster may list one person twice)
        people = pd.concat([_in_value_order(out["people"]), seen], ignore_index=True) if "people" in out else seen
        out["people"] = conform("people", people.groupby("person_id", as_index=False, sort=True).first())
    aliases = ctx.alias_table()
    if len(aliases):
        out["aliases"] = conform("aliases", aliases)
    return Dataset(**out)


def _without_nobody(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Rows whose required person is missing left out: a room or a dial-in a loader kept as a
    participant (identify gives it no pseudonym) must not become an attendee of its own."""
    required = [c for c in PERSON_COLUMNS.get(table, ()) if SPEC[table].column(c).required]
    return frame.dropna(subset=required).reset_index(drop=True) if required else frame


def _in_value_order(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(frame.columns), kind="stable", na_position="last")


def expand(name: str, data: bytes) -> list[tuple[str, bytes]]:
    """A zip archive (Viva, SurveyMonkey and Google exports come zipped) becomes its member files,
    each named by the archive and its folder inside it (``survey.zip/March/Sheet_1.csv``), so
    members of one name in different folders are told apart.

    Spreadsheets and Word files are zips too and are left whole. Archives are bounded in members
    and unpacked size so a zip bomb gets a message, not an exhausted machine.
    """
    raw = RawFile(name=name, data=data)
    if not data.startswith(b"PK\x03\x04") or raw.is_xlsx or raw.is_docx:
        return [(name, data)]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = [i for i in zf.infolist() if not i.is_dir() and not Path(i.filename).name.startswith((".", "__MACOSX"))]
            if len(members) > MAX_ARCHIVE_MEMBERS or sum(i.file_size for i in members) > MAX_ARCHIVE_BYTES:
                raise InputError(f"{name}: this archive is too large to unpack safely. Unzip it and load the files you need.")
            names = unique_names([f"{name}/{i.filename}" for i in members])  # a zip may hold one name twice
            return [(member, zf.read(i)) for member, i in zip(names, members)]
    except BROKEN_ZIP:
        return [(name, data)]


def unpacked(files: Iterable[tuple[str, bytes]]) -> list[tuple[str, bytes | LoadResult]]:
    """Every file to read, archives unpacked, each under a name no other file has (see
    :mod:`diagnostic.ingest.naming`); an archive that cannot be unpacked is its LoadResult."""
    found: list[tuple[str, bytes | LoadResult]] = []
    for name, data in files:
        try:
            found.extend(expand(name, data))
        except InputError as exc:
            found.append((name, LoadResult(file=name, issues=[Issue(name, str(exc).removeprefix(f"{name}: "), severity=ERROR)])))
    return list(zip(unique_names([name for name, _ in found]), (content for _, content in found)))


def iter_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and every file in folders named (sorted; hidden files and READMEs skipped).

    Benchmark packs are left out wherever they are: they are peers' figures, not exports (a folder
    of exports may hold a folder of packs).
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and not _skipped(f, p)))
        else:
            out.append(p)
    return [f for f in out if not is_pack_file(f)]


def _skipped(f: Path, root: Path) -> bool:
    parts = f.relative_to(root).parts
    return any(part.startswith(".") for part in parts) or f.name.lower().startswith("readme")


@dataclass(frozen=True)
class Progress:
    """Where loading has got to, for a progress bar: the file being read (its name without any
    email address in it), files finished of all files, and rows read from the finished ones."""

    file: str
    done: int
    total: int
    rows: int


ProgressCallback = Callable[[Progress], None]


def load_bytes(
    files: Iterable[tuple[str, bytes]],
    settings: Settings,
    mappings: dict[str, dict] | None = None,
    progress: ProgressCallback | None = None,
) -> tuple[Dataset, list[LoadResult]]:
    """Load several (name, bytes) files and combine them. ``mappings``: file name -> mapping.

    ``progress`` is told before each file starts and once all are read. Files may be shared with a
    second process (:mod:`diagnostic.parallel`), never with a second thread: the parsers hold the
    interpreter for most of their work, so two threads took more processor time and no less wall
    time, even for a large organisation's 60 MB.
    """
    results: list[LoadResult | None] = []
    pending: list[tuple[int, str, bytes]] = []
    for name, content in unpacked(files):
        if isinstance(content, LoadResult):
            results.append(content)
            continue
        pending.append((len(results), name, content))
        results.append(None)
    for index, result in _load_each(pending, settings, mappings or {}, progress):
        results[index] = result
    loaded = [r for r in results if r is not None]
    _tell_shown_names_apart(loaded)
    usable = [r for r in loaded if r.usable]
    parts = [r.dataset for r in usable]
    dataset = combine(parts, settings, [r.kind for r in usable]) if usable else Dataset()
    for note in combine_notes(parts):
        found = usable[note.part]
        found.issues.append(Issue(found.shown_file or found.file, note.message, note.action, severity=WARNING))
    return dataset, loaded


def _load_each(
    pending: list[tuple[int, str, bytes]], settings: Settings, mappings: dict[str, dict], progress: ProgressCallback | None
) -> Iterator[tuple[int, LoadResult]]:
    """(position, result) for every file, read on two processors where that pays
    (:mod:`diagnostic.parallel`); ``progress`` hears of the file about to be read here each time
    one starts, and of none once all are read."""
    jobs = [(content, name, settings, mappings.get(name)) for _, name, content in pending]

    def tell(position: int, results: list) -> None:
        if progress is not None:
            reading = pending[position][1] if position < len(pending) else ""
            done = [r for r in results if r is not None]
            progress(Progress(file=hide_emails(reading), done=len(done), total=len(pending), rows=sum(r.rows for r in done)))

    results = parallel.read_all(jobs, lambda job: load_file(*job), tell)
    return zip((at for at, _, _ in pending), results)


def _tell_shown_names_apart(results: list[LoadResult]) -> None:
    """Names made the same by hiding what they name (two Teams reports "[meeting title removed] -
    Attendance report 29-01-25.csv") are numbered too, so each row of Data health is told apart."""
    before = [r.shown_file or r.file for r in results]
    for result, old, new in zip(results, before, unique_names(before)):
        if new != old:
            result.issues = [replace(i, file=new) if i.file == old else i for i in result.issues]
            result.shown_file = new


def load_paths(
    paths: Iterable[str | Path],
    settings: Settings,
    mappings: dict[str, dict] | None = None,
    progress: ProgressCallback | None = None,
) -> tuple[Dataset, list[LoadResult]]:
    """Load files and folders from disk (read only; nothing is written next to them); ``progress``
    as for :func:`load_bytes`."""
    files = []
    results: list[LoadResult] = []
    found = iter_paths(paths)
    for path, name in zip(found, path_names(found)):
        try:
            files.append((name, path.read_bytes()))
        except OSError as exc:
            results.append(
                LoadResult(
                    file=str(path),
                    issues=[Issue(str(path), f"cannot be read ({exc.strerror}).", "Check the path and permissions.", severity=ERROR)],
                )
            )
    dataset, loaded = load_bytes(files, settings, mappings, progress)
    return dataset, results + loaded
