"""CSV and XLSX exports that are safe to open in a spreadsheet, and never hold a person's row.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, so a team
called ``=HYPERLINK(...)`` in a roster could make Excel fetch a URL or run a command. Every text
cell (and every header) that starts with one of those, or with a tab or carriage return, gets a
leading apostrophe (OWASP, "CSV Injection"). Real numbers keep their type, so ``-2`` stays a number
someone can sum. Exports hold the indicator table, per-team figures for teams at or above the
minimum group size, and the network's team-by-team matrix: nothing per person.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from diagnostic.dataset import PERSON_COLUMNS, Dataset
from diagnostic.privacy import ETHICS_LINE
from diagnostic.roster import is_internal
from diagnostic.scorecard import Scorecard
from diagnostic.settings import Settings

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Spaces and control characters some spreadsheets skip before deciding a cell is a formula.
SKIPPED_LEAD = re.compile(r"^[\s\x00-\x1f\x7f\u00a0\u2000-\u200b\u3000\ufeff]+")
NEUTRALISER = "'"
CSV_ENCODING = "utf-8-sig"  # the byte-order mark makes Excel read UTF-8 (accents, en dashes) correctly
MAX_SHEET_TITLE = 31  # Excel's limit
MIN_COLUMN_WIDTH, MAX_COLUMN_WIDTH = 12, 40  # characters
VALUE_DIGITS = 4  # per-team values: more digits suggest a precision the data does not have
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

INDICATOR_COLUMNS = (
    "id",
    "domain",
    "title",
    "question",
    "value",
    "unit",
    "score",
    "band",
    "n",
    "n_unit",
    "coverage",
    "concrete_at",
    "compost_at",
    "source",
    "estimate",
    "caveat",
    "seed",
    "note",
)
DOMAIN_COLUMNS = ("id", "title", "score", "band", "coverage", "computed", "indicators")
TEAM_COLUMNS = ("indicator_id", "domain", "indicator", "unit", "team", "value", "n", "n_unit")

# A meeting's match key hashes its subject: an identifier like a person's pseudonym, never exported.
IDENTITY_COLUMNS = frozenset(c for columns in PERSON_COLUMNS.values() for c in columns) | {"alias_id", "display_name", "email", "match_key"}
INDICATORS_NAME = "indicators"
DOMAINS_NAME = "domains"
TEAMS_NAME = "team_breakdowns"
MATRIX_NAME = "network_team_matrix"
WORKBOOK_NAME = "diagnostic.xlsx"


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; anything else is unchanged."""
    if isinstance(value, str) and (value.startswith(FORMULA_TRIGGERS) or SKIPPED_LEAD.sub("", value).startswith(FORMULA_TRIGGERS)):
        return NEUTRALISER + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell and header neutralised; numeric columns are left as numbers.

    A frame keyed by person (any column that holds a person's pseudonym) is refused: per-person
    figures are never exported, and a pseudonym joined to other exports can identify someone.
    """
    personal = sorted(IDENTITY_COLUMNS.intersection(map(str, frame.columns)))
    if personal:
        raise ValueError(f"Per-person rows are never exported; this table has {', '.join(personal)}.")
    out = frame.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if not (pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column)):
            out.isetitem(i, column.map(neutralise, na_action="ignore"))
    return out


def to_csv_bytes(frame: pd.DataFrame, *, ethics: bool = True) -> bytes:
    """UTF-8 CSV with a byte-order mark for Excel; the ethics line is the last row unless ``ethics=False``."""
    text = safe_frame(_plain(frame)).to_csv(index=False, lineterminator="\r\n")
    if ethics:
        text += pd.DataFrame([[ETHICS_LINE]]).to_csv(index=False, header=False, lineterminator="\r\n")
    return text.encode(CSV_ENCODING)


def to_xlsx_bytes(frames: dict[str, pd.DataFrame], *, ethics: bool = True) -> bytes:
    """One sheet per frame (titles made valid for Excel); every cell written as a value, never a formula."""
    book = Workbook(write_only=True)
    used: set[str] = set()
    for name, frame in frames.items():
        sheet = book.create_sheet(_sheet_title(name, used))
        safe = safe_frame(_plain(frame))
        sheet.freeze_panes = "A2"  # the header stays in view while scrolling
        for i, column in enumerate(safe.columns, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = min(max(len(str(column)) + 2, MIN_COLUMN_WIDTH), MAX_COLUMN_WIDTH)
        sheet.append([_cell(c) for c in safe.columns])
        for row in zip(*(_cells(safe.iloc[:, i]) for i in range(safe.shape[1]))):
            sheet.append(row)
        if ethics:
            sheet.append([])
            sheet.append([ETHICS_LINE])
    if not used:
        book.create_sheet("Empty").append([ETHICS_LINE] if ethics else [])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def indicator_table(card: Scorecard) -> pd.DataFrame:
    """One row per indicator of the catalogue: value, score, band, what it rests on, thresholds and caveats."""
    records = [r.to_dict() for r in card.results]
    return pd.DataFrame([{c: rec.get(c) for c in INDICATOR_COLUMNS} for rec in records], columns=list(INDICATOR_COLUMNS))


def domain_table(card: Scorecard) -> pd.DataFrame:
    """The domain scores and the compost index, each with its coverage."""
    summary = card.to_dict()
    rows = [{k: d[k] for k in DOMAIN_COLUMNS} for d in summary["domains"]]
    overall = summary["overall"]
    computed = sum(d.computed for d in card.domains)
    total = sum(d.total for d in card.domains)
    rows.append(
        {
            "id": "compost_index",
            "title": "Compost index",
            "score": overall["score"],
            "band": overall["band"],
            "coverage": overall["coverage"],
        }
        | {"computed": computed, "indicators": total}
    )
    return pd.DataFrame(rows, columns=list(DOMAIN_COLUMNS))


def team_breakdowns(dataset: Dataset, card: Scorecard, settings: Settings) -> pd.DataFrame:
    """Per-team figures of every indicator that has them, without any team under the minimum group size.

    A row is kept only when the team has at least ``min_group_size`` people on the roster (when the
    roster names the team) and the figure rests on at least that many records. Small groups are
    dropped, not merged, because merging here could be undone by subtraction from the totals.
    """
    sizes = team_sizes(dataset)
    minimum = settings.min_group_size
    parts = []
    for r in card.results:
        by_team = r.measurement.by_team
        if by_team is None or not len(by_team) or not {"team", "value", "n"} <= set(by_team.columns):
            continue
        teams = by_team[["team", "value", "n"]].copy()
        headcount = teams["team"].map(sizes)
        keep = (teams["n"].fillna(0) >= minimum) & (headcount.isna() | (headcount.fillna(0) >= minimum))
        teams = teams[keep.astype(bool)]
        teams["value"] = pd.to_numeric(teams["value"], errors="coerce").round(VALUE_DIGITS)
        if not len(teams):
            continue
        teams.insert(0, "indicator_id", r.indicator.id)
        teams.insert(1, "domain", r.indicator.domain)
        teams.insert(2, "indicator", r.indicator.title)
        teams.insert(3, "unit", r.indicator.unit)
        teams["n_unit"] = r.measurement.n_unit
        parts.append(teams)
    if not parts:
        return pd.DataFrame(columns=list(TEAM_COLUMNS))
    return pd.concat(parts, ignore_index=True)[list(TEAM_COLUMNS)]


def team_sizes(dataset: Dataset) -> pd.Series:
    """People per team on the roster, internal staff only (partners do not make a team bigger)."""
    people = dataset.people
    if people is None or not len(people):
        return pd.Series(dtype="Int64")
    internal = people[is_internal(people["organisation"])]
    return internal.dropna(subset=["team"]).groupby("team")["person_id"].nunique()


def network_matrix(dataset: Dataset, settings: Settings) -> pd.DataFrame | None:
    """The network's team-by-team matrix with the team as a first column, or None when the network cannot be built."""
    from diagnostic.network import team_matrix

    matrix = team_matrix(dataset, settings)
    if matrix is None or not len(matrix):
        return None
    if matrix.index.name is not None or not isinstance(matrix.index, pd.RangeIndex):
        matrix = matrix.rename_axis(matrix.index.name or "team").reset_index()
    return matrix


def write_exports(dataset: Dataset, scorecard: Scorecard, settings: Settings, out_dir: Path) -> list[Path]:
    """Write each table as CSV and all of them as one XLSX workbook; return the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    frames = {
        INDICATORS_NAME: indicator_table(scorecard),
        DOMAINS_NAME: domain_table(scorecard),
        TEAMS_NAME: team_breakdowns(dataset, scorecard, settings),
    }
    matrix = network_matrix(dataset, settings)
    if matrix is not None:
        frames[MATRIX_NAME] = matrix
    written = []
    for name, frame in frames.items():
        path = out_dir / f"{name}.csv"
        path.write_bytes(to_csv_bytes(frame))
        written.append(path)
    workbook = out_dir / WORKBOOK_NAME
    workbook.write_bytes(to_xlsx_bytes(frames))
    written.append(workbook)
    return written


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Timezone-aware times as London wall-clock time: Excel has no time zones."""
    out = frame.copy()
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if isinstance(column.dtype, pd.DatetimeTZDtype):
            out.isetitem(i, column.dt.tz_localize(None))
    return out


def _cells(column: pd.Series) -> list:
    """Every value of a column as :func:`_cell` makes it; a plain NumPy number column in one step.

    A large council's team matrix is a few hundred columns of numbers: one call per cell costs seconds.
    """
    if isinstance(column.dtype, np.dtype) and column.dtype.kind in "biuf":
        values = column.to_numpy()
        cells = values.tolist()
        if values.dtype.kind == "f":
            for i in np.flatnonzero(np.isnan(values)).tolist():
                cells[i] = None
        return cells
    return [_cell(v) for v in column]


def _cell(value: object) -> object:
    """A Python value openpyxl writes as data: missing -> empty, NumPy -> Python, control characters removed."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes, dt.datetime)):
        return _cell(value.item())
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    if isinstance(value, (list, tuple, set, dict)):
        return str(value)
    return value


def _sheet_title(name: str, used: set[str]) -> str:
    """A unique, valid sheet title (Excel forbids []:*?/\\ and more than 31 characters)."""
    base = SHEET_TITLE_FORBIDDEN.sub("_", str(name)).strip("'") or "Sheet"
    title = base[:MAX_SHEET_TITLE]
    suffix = 2
    while title.lower() in used:
        tail = f" ({suffix})"
        title = base[: MAX_SHEET_TITLE - len(tail)] + tail
        suffix += 1
    used.add(title.lower())
    return title
