"""Outlook (classic, Windows) calendar exported to CSV (formats.md, MEETINGS a).

One row per meeting occurrence, people as ``;``-joined display names (or a bare address for
people outside the address book), dates and times in the exporting PC's regional format and no
time zone. The file has no recurrence flag, so ``is_recurring`` and ``series_id`` are *inferred*:
the same subject and organiser at the same local time of day, three or more times, on a weekly,
fortnightly, four-weekly or monthly rhythm.

The file has no meeting reference either: a meeting is its subject, start, end and organiser, so
two people's exports of one meeting (and one export loaded twice) give the same meeting id.

Outlook in another language writes its headers in that language (``Betreff``, ``Beginnt am``;
French repeats ``Début`` over the start date and the start time), and its dates in the PC's
regional format (``7.11.2023``): both are read. Attendees named as distribution lists are left
out and counted, because a list is not a person and its members are not in the file.
"""

from __future__ import annotations

import re

import pandas as pd

from diagnostic.dates import decide_dayfirst, parse_datetimes
from diagnostic.errors import InputError
from diagnostic.ingest.base import Format, LoadContext, meeting_ids, subject_columns, subject_text
from diagnostic.ingest.headers import fold_header
from diagnostic.ingest.rawfile import RawFile
from diagnostic.ingest.vocabulary import agree, counted
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
NO_ORGANISER_SHARE = 0.5  # above this share of meetings without an organiser (and at least
NO_ORGANISER_MIN = 3  # this many), the file is said to lack them
# English header -> how Outlook writes it in other languages. A header written twice (French
# "Début" over the start date and then the start time) is told apart by its place: the second
# one is listed with a "1" after it, as pandas numbers a repeated header ("Début.1").
LOCAL_HEADERS: dict[str, tuple[str, ...]] = {
    "subject": ("Betreff", "Objet", "Onderwerp", "Asunto", "Oggetto", "Assunto"),
    "startdate": (
        "Beginnt am",
        "Début",
        "Date de début",
        "Begindatum",
        "Fecha de comienzo",
        "Fecha de inicio",
        "Data inizio",
        "Data de início",
    ),
    "starttime": (
        "Beginnt um",
        "Début1",
        "Heure de début",
        "Begintijd",
        "Hora de comienzo",
        "Hora de inicio",
        "Ora inizio",
        "Hora de início",
    ),
    "enddate": ("Endet am", "Fin", "Date de fin", "Einddatum", "Fecha de finalización", "Fecha de fin", "Data fine", "Data de término"),
    "endtime": ("Endet um", "Fin1", "Heure de fin", "Eindtijd", "Hora de finalización", "Hora de fin", "Ora fine", "Hora de término"),
    "alldayevent": (
        "Ganztägiges Ereignis",
        "Ganztaegiges Ereignis",
        "Journée entière",
        "Hele dag",
        "Todo el día",
        "Giornata intera",
        "Dia inteiro",
    ),
    "meetingorganizer": (
        "Besprechungsplanung",
        "Organisateur d'une réunion",
        "Organisateur de la réunion",
        "Organisator van vergadering",
        "Organizador de la reunión",
        "Organizzatore riunione",
        "Organizador da reunião",
    ),
    "requiredattendees": (
        "Erforderliche Teilnehmer",
        "Participants obligatoires",
        "Vereiste deelnemers",
        "Verplichte deelnemers",
        "Asistentes obligatorios",
        "Partecipanti obbligatori",
        "Participantes obrigatórios",
    ),
    "optionalattendees": (
        "Optionale Teilnehmer",
        "Participants facultatifs",
        "Optionele deelnemers",
        "Asistentes opcionales",
        "Partecipanti facoltativi",
        "Participantes opcionais",
    ),
}
HEADER_KEYS = {fold_header(word): key for key, words in LOCAL_HEADERS.items() for word in (key, *words)}
TRUE_WORDS = frozenset({"true", "wahr", "vrai", "waar", "verdadero", "vero", "verdadeiro", "1", "yes"})
# Attendee entries that name a distribution list, not a person: "DL - Children's Services",
# "All Staff (North)", "CSC Managers distribution list". Deliberately narrow: a person's name never fits.
DISTRIBUTION_LIST = re.compile(
    r"^(?:dl|dg|gg|grp)\b[\s\-_:.]|\ball[\s\-]staff\b|\bdistribution(?:\s+list)?\b|\bmailing\s+list\b|\bdl\s*$|\beveryone\b",
    re.IGNORECASE,
)


def detect(raw: RawFile) -> float:
    """Share of Outlook's key headers present (in any language); nothing without a subject and a start date."""
    header = set(header_keys(raw.header_cells))
    if not set(REQUIRED_HEADERS) <= header:
        return 0.0
    return len(KEY_HEADERS & header) / len(KEY_HEADERS)


def header_keys(cells: list[str]) -> list[str]:
    """Each header's English key; a header seen before gets a "1" (the second French "Début")."""
    seen: set[str] = set()
    keys = []
    for cell in cells:
        folded = fold_header(cell)
        folded = folded + "1" if folded in seen else folded
        seen.add(fold_header(cell))
        keys.append(HEADER_KEYS.get(folded, folded))
    return keys


def parse(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """Meetings and invitations from the export; subjects are classified, then dropped."""
    table = _read_table(raw, ctx)
    ctx.rows_read = len(table)
    columns = dict(zip(header_keys([re.sub(r"\.\d+$", "", str(c)) for c in table.columns]), table.columns))
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
    meetings["all_day"] = _all_day(column("alldayevent")[table.index], start, end, ctx)
    meetings["source_format"] = FORMAT_ID
    meetings["is_recurring"], meetings["series_id"] = infer_series(subjects, meetings["organiser_id"], start, ctx.settings.salt)

    attendance = invited.assign(
        meeting_id=invited["row"].map(meetings["meeting_id"]), rank=invited["role"].map(ROLE_RANK), attended=pd.NA, minutes=pd.NA
    )
    # a row repeated in the file is one meeting: its people are those of every copy, each once in their strongest role
    attendance = attendance.sort_values(["meeting_id", "person_id", "rank"]).drop_duplicates(["meeting_id", "person_id"])
    meetings = meetings.sort_values(["meeting_id", "all_day"]).drop_duplicates("meeting_id").set_index("meeting_id", drop=False)
    meetings["invitees"] = attendance.groupby("meeting_id").size().reindex(meetings.index, fill_value=0).clip(lower=1).to_numpy()
    _say_if_organisers_missing(meetings, ctx)
    return {
        "meetings": meetings.reset_index(drop=True),
        "attendance": attendance[["meeting_id", "person_id", "role", "attended", "minutes"]].reset_index(drop=True),
    }


def _all_day(flag: pd.Series, start: pd.Series, end: pd.Series, ctx: LoadContext) -> pd.Series:
    """Outlook's own flag, or a whole number of days from midnight to midnight (some exports write
    ``False`` for all-day events); the second is counted in a warning."""
    flagged = flag.str.casefold().isin(TRUE_WORDS).fillna(False)
    days = (end - start) / pd.Timedelta(days=1)
    midnights = (start.dt.hour == 0) & (start.dt.minute == 0) & (end.dt.hour == 0) & (end.dt.minute == 0)
    whole_days = midnights & (days >= 1) & (days == days.round())
    assumed = int((whole_days & ~flagged).sum())
    if assumed:
        ctx.warn(
            f"{counted(assumed, 'event')} {agree(assumed, 'runs', 'run')} from midnight to midnight without being marked "
            f"“All day event”, so {agree(assumed, 'it was', 'they were')} read as all-day.",
            "If any was a real meeting at midnight, correct it in Outlook and export again.",
        )
    return (flagged | whole_days).astype(bool)


def _say_if_organisers_missing(meetings: pd.DataFrame, ctx: LoadContext) -> None:
    """Outlook leaves ``Meeting Organizer`` empty on appointments, and on almost every row of some
    exports from other locales: when most meetings have none, say how many, since "who organises"
    reads from it (a few appointments without one are normal and not worth a word)."""
    missing = int(meetings["organiser_id"].isna().sum())
    if missing >= NO_ORGANISER_MIN and missing > NO_ORGANISER_SHARE * len(meetings):
        ctx.warn(
            f"{missing:,} of {counted(len(meetings), 'meeting')} {agree(missing, 'has', 'have')} no organiser "
            "(the “Meeting Organizer” column is empty), so no one is counted as organising "
            f"{agree(missing, 'it', 'them')}; the attendees are still counted.",
            "Nothing needs doing; an iCalendar (.ics) export of the same calendar names the organisers.",
        )


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
    invited = _without_lists(pd.concat(parts, ignore_index=True), ctx)
    if invited.empty:
        return pd.DataFrame({"row": pd.Series(dtype="int64"), "person_id": pd.Series(dtype="string"), "role": pd.Series(dtype="string")})
    invited["person_id"] = ctx.identify(names=invited["name"])
    invited = invited.dropna(subset=["person_id"])
    invited = invited.assign(rank=invited["role"].map(ROLE_RANK)).sort_values(["row", "rank"], kind="stable")
    return invited.drop_duplicates(["row", "person_id"])[["row", "person_id", "role"]]


def _without_lists(invited: pd.DataFrame, ctx: LoadContext) -> pd.DataFrame:
    """Invitations to distribution lists left out, and counted (the lists, never their names)."""
    lists = invited["name"].str.contains(DISTRIBUTION_LIST).fillna(False).astype(bool)
    if lists.any():
        n = int(invited.loc[lists, "name"].str.casefold().nunique())
        ctx.warn(
            f"{counted(n, 'attendee entry', 'attendee entries')} {agree(n, 'names', 'name')} a distribution list, not a person, "
            f"so {agree(n, 'it was', 'they were')} left out; the people on a list are not in this file.",
            "To count them, load the calendars or Teams attendance reports of the meetings those lists were invited to.",
        )
    return invited[~lists]


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
        source=(
            "Outlook for Windows (classic): File > Open & Export > Import/Export > Export to a file > Comma Separated Values > Calendar. "
            "Headers in English, German, French, Dutch, Spanish, Italian or Portuguese; dates in the PC's regional format."
        ),
    ),
)
