"""Outlook (classic, Windows) calendar exported to CSV (formats.md, MEETINGS a).

One row per meeting occurrence, people as ``;``-joined display names (or a bare address for
people outside the address book), dates and times in the exporting PC's regional format and no
time zone. The file has no recurrence flag, so ``is_recurring`` and ``series_id`` are *inferred*:
the same subject and organiser at the same local time of day, three or more times, on a weekly,
fortnightly, four-weekly or monthly rhythm.

The file has no meeting reference either: a meeting is its subject, start, end and organiser, so
two people's exports of one meeting (and one export loaded twice) give the same meeting id.
"""

from __future__ import annotations

import pandas as pd

from diagnostic.dates import decide_dayfirst, parse_datetimes
from diagnostic.errors import InputError
from diagnostic.ingest.base import Format, LoadContext, headers_present, meeting_ids, subject_columns, subject_text
from diagnostic.ingest.rawfile import RawFile, normalise_header
from diagnostic.privacy import normalise_name, pseudonymise_keys
from diagnostic.schema.vocabularies import ROLE_RANK

FORMAT_ID = "outlook_calendar_csv"
# Normalised header cells that mark Outlook's 22-column calendar export.
KEY_HEADERS = {
    "subject",
    "startdate",
    "starttime",
    "enddate",
    "endtime",
    "meetingorganizer",
    "requiredattendees",
    "optionalattendees",
}
REQUIRED_HEADERS = ("subject", "startdate")
PEOPLE_COLUMNS = (("meetingorganizer", "organiser"), ("requiredattendees", "required"), ("optionalattendees", "optional"))
MIN_SERIES_OCCURRENCES = 3
WEEKLY_GAP_DAYS = (7, 35)  # gaps that are whole weeks: weekly, fortnightly, four-weekly, "first Monday"
MONTHLY_GAP_DAYS = (28, 31)  # same date each month
FIRST_DATA_ROW = 2  # spreadsheet numbering: the header is row 1


def detect(raw: RawFile) -> float:
    """Share of Outlook's key headers present; nothing without a subject and a start date."""
    if not set(REQUIRED_HEADERS) <= set(raw.header):
        return 0.0
    return headers_present(raw, KEY_HEADERS)


def parse(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """Meetings and invitations from the export; subjects are classified, then dropped."""
    table = _read_table(raw, ctx)
    ctx.rows_read = len(table)
    columns = {normalise_header(c): c for c in table.columns}
    missing = [h for h in REQUIRED_HEADERS if h not in columns]
    if missing:
        raise InputError(f"{ctx.file}: this Outlook calendar export has no “{missing[0]}” column. Export the calendar again as CSV.")

    def column(key: str) -> pd.Series:
        if key in columns:
            return table[columns[key]].astype("string").str.strip()
        return pd.Series(pd.NA, index=table.index, dtype="string")

    start, end = _times(column, ctx)
    keep = _usable_rows(start, end, columns, ctx)
    table, start, end = table[keep], start[keep], end[keep]
    if table.empty:
        raise InputError(
            f"{ctx.file}: no meeting in this calendar export has a start and end we can read. Check the dates, then export again."
        )

    invited = _invitations(table, column, ctx)
    organiser = invited[invited["role"] == "organiser"].drop_duplicates("row").set_index("row")["person_id"]
    subjects = column("subject")[table.index]
    meetings = subject_columns(subjects, start, ctx.settings)
    meetings.insert(
        0, "meeting_id", meeting_ids(_meeting_keys(subjects, start, end, column("meetingorganizer")[table.index]), ctx.settings.salt)
    )
    meetings["start"] = start
    meetings["end"] = end
    meetings["organiser_id"] = organiser.reindex(table.index).astype("string")
    meetings["all_day"] = column("alldayevent")[table.index].str.casefold().eq("true").fillna(False)
    meetings["source_format"] = FORMAT_ID
    meetings["is_recurring"], meetings["series_id"] = infer_series(subjects, meetings["organiser_id"], start, ctx.settings.salt)

    attendance = invited.assign(
        meeting_id=invited["row"].map(meetings["meeting_id"]), rank=invited["role"].map(ROLE_RANK), attended=pd.NA, minutes=pd.NA
    )
    # a row repeated in the file is one meeting: its people are those of every copy, each once in their strongest role
    attendance = attendance.sort_values(["meeting_id", "person_id", "rank"]).drop_duplicates(["meeting_id", "person_id"])
    meetings = meetings.sort_values(["meeting_id", "all_day"]).drop_duplicates("meeting_id").set_index("meeting_id", drop=False)
    meetings["invitees"] = attendance.groupby("meeting_id").size().reindex(meetings.index, fill_value=0).clip(lower=1).to_numpy()
    return {
        "meetings": meetings.reset_index(drop=True),
        "attendance": attendance[["meeting_id", "person_id", "role", "attended", "minutes"]].reset_index(drop=True),
    }


def _meeting_keys(subjects: pd.Series, start: pd.Series, end: pd.Series, organisers: pd.Series) -> pd.Series:
    """Each row's meeting, as every export of it reads: subject, start and end minute, organiser."""
    minute = "%Y%m%dT%H%MZ"
    return (
        "outlook:"
        + subject_text(subjects)
        + "|"
        + start.dt.tz_convert("UTC").dt.strftime(minute).astype("string")
        + "|"
        + end.dt.tz_convert("UTC").dt.strftime(minute).astype("string")
        + "|"
        + organisers.map(normalise_name, na_action="ignore").astype("string").fillna("")
    )


def _read_table(raw: RawFile, ctx: LoadContext) -> pd.DataFrame:
    """The rows as strings. A file cut short inside a quoted field keeps every row before the cut
    (``RawFile.table`` falls back to a tolerant reader and notes it for the user).
    """
    return raw.table()


def _times(column, ctx: LoadContext) -> tuple[pd.Series, pd.Series]:
    """Start and end from the separate date and time columns, day/month decided once for the file."""
    dates = pd.concat([column("startdate"), column("enddate")]).dropna().tolist()
    dayfirst = decide_dayfirst(dates, ctx.settings.dayfirst)
    texts = pd.concat([column("startdate") + " " + column("starttime").fillna(""), column("enddate") + " " + column("endtime").fillna("")])
    parsed = parse_datetimes(texts.reset_index(drop=True), dayfirst=dayfirst)  # one call: one format choice for the file
    n = len(texts) // 2
    index = column("startdate").index
    return parsed.iloc[:n].set_axis(index), parsed.iloc[n:].set_axis(index)


def _usable_rows(start: pd.Series, end: pd.Series, columns: dict[str, str], ctx: LoadContext) -> pd.Series:
    """Rows with a readable start and an end not before it; the others are reported and skipped."""
    rows = pd.Series(start.index + FIRST_DATA_ROW, index=start.index)
    no_start = start.isna()
    no_end = ~no_start & end.isna()
    backwards = ~no_start & ~no_end & (end < start)
    if no_start.any():
        ctx.warn(
            f"{int(no_start.sum())} row(s) have a start date or time we cannot read, so they were left out.",
            "Check the dates look like 15/01/2025 and the times like 09:30:00, then export again.",
            column=columns.get("startdate"),
            rows=rows[no_start].tolist(),
        )
    if no_end.any():
        ctx.warn(
            f"{int(no_end.sum())} row(s) have an end date or time we cannot read, so they were left out.",
            "Check the end date and end time are filled in, then export again.",
            column=columns.get("enddate"),
            rows=rows[no_end].tolist(),
        )
    if backwards.any():
        ctx.warn(
            f"{int(backwards.sum())} row(s) end before they start, so they were left out.",
            "Check the end date and time in Outlook.",
            column=columns.get("enddate"),
            rows=rows[backwards].tolist(),
        )
    return ~(no_start | no_end | backwards)


def _invitations(table: pd.DataFrame, column, ctx: LoadContext) -> pd.DataFrame:
    """One row per (table row, person): organiser, required and optional invitees, pseudonymised.

    Outlook lists the organiser among the required attendees too; they are counted once, as the
    organiser. Rooms are in ``Meeting Resources``, which is not read.
    """
    parts = []
    for key, role in PEOPLE_COLUMNS:
        names = column(key)[table.index].str.split(";").explode().str.strip()
        names = names[names.notna() & names.ne("")]
        if role == "organiser":
            names = names[~names.index.duplicated()]
        parts.append(pd.DataFrame({"row": names.index, "name": names.to_numpy(), "role": role}))
    invited = pd.concat(parts, ignore_index=True)
    if invited.empty:
        return pd.DataFrame({"row": pd.Series(dtype="int64"), "person_id": pd.Series(dtype="string"), "role": pd.Series(dtype="string")})
    invited["person_id"] = ctx.identify(names=invited["name"])
    invited = invited.dropna(subset=["person_id"])
    invited = invited.assign(rank=invited["role"].map(ROLE_RANK)).sort_values(["row", "rank"], kind="stable")
    return invited.drop_duplicates(["row", "person_id"])[["row", "person_id", "role"]]


def infer_series(subjects: pd.Series, organisers: pd.Series, starts: pd.Series, salt: str) -> tuple[pd.Series, pd.Series]:
    """Inferred recurrence: (is_recurring, series_id) for each row.

    A series is the same subject and organiser at the same local time of day on at least three
    dates whose gaps are all whole weeks (7 to 35 days: weekly, fortnightly, four-weekly, "first
    Monday of the month") or all a calendar month (28 to 31 days). Anything else is a one-off.
    """
    key = (
        subjects.astype("string").fillna("").str.strip().str.casefold()
        + "|"
        + organisers.astype("string").fillna("")
        + "|"
        + starts.dt.strftime("%H:%M").astype("string")
    )
    day = pd.Series(starts.dt.tz_localize(None).dt.normalize().to_numpy().astype("datetime64[D]").astype("int64"), index=starts.index)
    dates = pd.DataFrame({"key": key, "day": day}).drop_duplicates().sort_values(["key", "day"])
    gap = dates.groupby("key")["day"].diff()
    weekly = gap.isna() | ((gap % 7 == 0) & gap.between(*WEEKLY_GAP_DAYS))
    monthly = gap.isna() | gap.between(*MONTHLY_GAP_DAYS)
    rhythm = (
        dates.assign(weekly=weekly, monthly=monthly)
        .groupby("key")
        .agg(n=("day", "size"), weekly=("weekly", "all"), monthly=("monthly", "all"))
    )
    series_keys = rhythm.index[(rhythm["n"] >= MIN_SERIES_OCCURRENCES) & (rhythm["weekly"] | rhythm["monthly"])]
    is_recurring = key.isin(series_keys).astype("boolean")
    series_id = pseudonymise_keys(("series:" + key).where(is_recurring), salt).str.replace("p", "s", n=1, regex=False)
    return is_recurring, series_id


FORMATS = (
    Format(
        id=FORMAT_ID,
        kind="meetings",
        label="Outlook calendar (CSV)",
        detect=detect,
        parse=parse,
        source="Outlook for Windows (classic): File > Open & Export > Import/Export > Export to a file > Comma Separated Values > Calendar.",
    ),
)
