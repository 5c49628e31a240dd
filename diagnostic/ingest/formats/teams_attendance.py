"""Microsoft Teams meeting attendance reports, every layout Teams has used (formats.md, MEETINGS b).

One report describes one meeting. Three layouts exist, all UTF-16 and tab-separated despite the
``.csv`` name:

- current (July 2022 on): numbered sections ``1. Summary``, ``2. Participants``, ``3. In-Meeting
  Activities`` (and from 2024 an optional ``4. Meeting Engagement`` plus eight engagement
  columns, which are ignored);
- 2021: a ``Meeting Summary`` block then one row per join/leave session (re-joins repeat a person);
- 2020: an attendance list of ``Joined``/``Left`` events that we pair ourselves.

Teams' own summary figures (meeting duration, average attendance) are not trusted: each person's
minutes are recomputed from their join and leave times, overlapping sessions counted once.
Sections are found by their column headers, read in any language Teams writes them
(:mod:`teams_terms`), not by their headings. A table re-saved by Excel (semicolons, no summary,
its name column renamed) is still found by its join and leave columns.

The meeting is the report: its id comes from the report's own summary (title, start, organiser,
and Teams' meeting id where the layout gives one), so the same report loaded twice is one
meeting and two reports of different meetings with one title stay two.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

import pandas as pd

from diagnostic.dates import parse_duration_minutes
from diagnostic.errors import InputError
from diagnostic.ingest.base import Format, LoadContext, meeting_ids, subject_columns, subject_text
from diagnostic.ingest.formats import teams_terms as terms
from diagnostic.ingest.formats.teams_dates import read_times
from diagnostic.ingest.formats.teams_events import events_layout
from diagnostic.ingest.rawfile import RawFile
from diagnostic.privacy import normalise_name

FORMAT_ID = "teams_attendance"
PARTICIPANTS = frozenset({"firstjoin", "lastleave"})  # current layout, section 2
SESSIONS = frozenset({"jointime", "leavetime"})  # current layout section 3, and the 2021 layout
EVENTS_2020 = frozenset({"useraction", "timestamp"})
ENGAGEMENT = frozenset({"name", "engagementtype"})  # current layout, optional section 4
NAMES = ("name", "fullname")  # else the first column: Excel users rename it ("Nama")
# one of these beside the join and leave columns says "attendance", not any table with two times
ATTENDANCE_CLUES = frozenset({*NAMES, "email", "participantidupn", "role", "duration", "inmeetingduration"})
CORE_CELLS = 7  # the most fixed columns any table has (the engagement columns are optional)
SUMMARY_TITLE = ("meetingtitle",)
SUMMARY_START = ("starttime", "meetingstarttime")
SUMMARY_END = ("endtime", "meetingendtime")
SUMMARY_ID = ("meetingid",)
GUEST_UPN = re.compile(r"^(?P<local>.+)_(?P<domain>[^_#@]+\.[^_#@]+)#ext#@.*$", re.IGNORECASE)
SECTION_HEADING = re.compile(r"^\s*\d+\.\s+\S")
NO_TITLE = "null"  # what some localised reports write for a meeting without a title
FILE_NAME_TITLE = re.compile(r"^(.+?) - Attendance report\b", re.IGNORECASE)


@dataclass
class Table:
    """A table inside the report: normalised header cells and its data rows with their row numbers."""

    header: list[str]
    rows: list[list[str]]
    numbers: list[int]
    label: str = ""  # the first column's header as written

    def column(self, *names: str) -> pd.Series:
        """The first of ``names`` present, as strings (empty cells NA)."""
        for name in names:
            if name in self.header:
                return self._cells(self.header.index(name))
        return pd.Series([None] * len(self.rows), dtype="string")

    def names(self) -> pd.Series:
        """The people's names: the Name (or Full Name) column, else the first column, which is the
        name column in every layout and the one users rename when they re-save the report."""
        if any(n in self.header for n in NAMES):
            return self.column(*NAMES)
        return self._cells(0)

    def _cells(self, i: int) -> pd.Series:
        return pd.Series([r[i].strip() if i < len(r) and r[i].strip() else None for r in self.rows], dtype="string")

    def __len__(self) -> int:
        return len(self.rows)


def _header_sets(raw: RawFile) -> list[frozenset[str]]:
    delimiter = _delimiter(raw)
    lines = [line.split(delimiter) for line in raw.head_lines]
    keys = {cell: terms.header_key(cell) for cell in {c for cells in lines for c in cells}}  # each distinct cell once: every file is asked
    return [frozenset(keys[c] for c in cells) for cells in lines]


def _delimiter(raw: RawFile) -> str:
    """Tab as Teams writes it; a comma or semicolon when the report was opened in Excel and saved again as CSV."""
    return "\t" if raw.is_xlsx else raw.delimiter


def detect(raw: RawFile) -> float:
    """Sure when a participants/sessions/events header is present (in any language); a bare
    heading is a weak hint."""
    for cells in _header_sets(raw):
        if PARTICIPANTS.issubset(cells) and cells & ATTENDANCE_CLUES:
            return 1.0
        if (SESSIONS.issubset(cells) and cells & ATTENDANCE_CLUES) or EVENTS_2020.issubset(cells):
            return 0.95
    first = next((line for line in raw.head_lines if line.strip()), "")
    return 0.6 if terms.is_section_title(first.split(_delimiter(raw))[0]) else 0.0


def parse(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """One meeting and its attendees, with minutes recomputed from the join and leave times."""
    records = _without_cut_row(raw, _records(raw), ctx)
    summary = _summary(records)
    participants = _find_table(records, PARTICIPANTS)
    tables = (participants, _find_table(records, SESSIONS), _find_table(records, EVENTS_2020))
    _say_if_names_renamed(next((t for t in tables if t is not None), None), ctx)
    if participants is not None:
        after = participants.numbers[-1] if len(participants) else 0
        activities = _find_table(records, SESSIONS, after=after)
        if activities is None and _unread_section(records[after:]):
            ctx.warn(
                "The report's “In-Meeting Activities” section has columns that could not be read. "
                "Each person's minutes come from their total time in the meeting instead.",
                "To see every join and leave, download the attendance report again with Teams set to English.",
            )
        elif activities is None and summary:
            ctx.warn(
                "The report has no “In-Meeting Activities” section, so it may have been cut short. "
                "Each person's minutes come from their total time in the meeting instead.",
                "Download the attendance report again to see every join and leave.",
            )
        elif activities is None:
            ctx.warn(
                "This is the participants table alone, without the report's summary or its list of joins and leaves "
                "(it was probably copied or saved again from Excel). Each person's minutes come from their total "
                "time in the meeting, and the meeting from the first join to the last leave.",
                "To see every join and leave, download the attendance report again from Teams and load it unedited.",
            )
        people, sessions = _current_layout(participants, activities)
        ctx.rows_read = len(participants) + (len(activities) if activities is not None else 0)
    elif (table := _find_table(records, SESSIONS)) is not None:
        people, sessions = _sessions_layout(table)
        ctx.rows_read = len(table)
    elif (table := _find_table(records, EVENTS_2020)) is not None:
        people, sessions = events_layout(table.names(), table.column("useraction"), table.column("timestamp"), table.numbers, ctx)
        ctx.rows_read = len(table)
    else:
        raise InputError(
            f"{ctx.file}: this Teams attendance report has no list of participants. Download the attendance report again from the meeting's Attendance tab."
        )

    people = _drop_nameless(people, ctx)
    if people.empty:
        raise InputError(f"{ctx.file}: this Teams attendance report lists nobody who attended.")
    people["person_id"] = ctx.identify(emails=people["email"], names=people["name"])
    key_to_id = dict(zip(people["key"], people["person_id"]))
    sessions["person_id"] = sessions["key"].map(key_to_id)

    summary_start, summary_end = _read_times(summary, sessions, ctx)
    minutes = person_minutes(sessions)
    _warn_unreadable_times(sessions, minutes, ctx)

    start, end = _meeting_times(summary_start, summary_end, sessions)
    if pd.isna(start):
        raise InputError(f"{ctx.file}: this Teams attendance report has no start time we can read. Download the attendance report again.")
    people = _one_row_per_person(people)
    organisers = people.loc[people["role"] == "organiser", "person_id"]
    title = pd.Series([summary.value(SUMMARY_TITLE)], dtype="string")
    title = title.mask(title.str.strip().str.casefold() == NO_TITLE)
    _keep_title_out_of_file_name(raw.name, title.iloc[0], ctx)
    meeting = subject_columns(title, pd.Series([start]), ctx.settings)
    meeting.insert(0, "meeting_id", meeting_ids(pd.Series([_meeting_key(summary, title, start, people)]), ctx.settings.salt).to_numpy())
    meeting["start"] = start
    meeting["end"] = end
    meeting["organiser_id"] = organisers.iloc[0] if len(organisers) else pd.NA
    meeting["invitees"] = len(people)
    meeting["is_recurring"] = pd.NA
    meeting["all_day"] = False
    meeting["source_format"] = FORMAT_ID
    attendance = pd.DataFrame(
        {
            "meeting_id": meeting["meeting_id"].iloc[0],
            "person_id": people["person_id"].to_numpy(),
            "role": people["role"].to_numpy(),
            "attended": True,
            "minutes": people["person_id"].map(minutes).to_numpy(),
        }
    )
    return {"meetings": meeting, "attendance": attendance}


def _say_if_names_renamed(table: Table | None, ctx: LoadContext) -> None:
    """The names are read from the first column when no column is headed Name: say so, naming the header."""
    if table is not None and table.header and not any(n in table.header for n in NAMES):
        ctx.warn(
            f"No column is headed “Name”, so the first column (“{table.label}”) was read as the participants' names.",
            "If that column does not hold names, rename the names column to “Name” and load the file again.",
            column=table.label,
        )


def _meeting_key(summary: Summary, title: pd.Series, start: pd.Timestamp, people: pd.DataFrame) -> str:
    """The report's own description of its meeting: title, start to the second, organiser(s), and
    Teams' meeting id when the summary has one."""
    organisers = ",".join(sorted(people.loc[people["role"] == "organiser", "key"].dropna().astype(str)))
    stated_id = summary.value(SUMMARY_ID) or ""
    when = start.tz_convert("UTC").strftime("%Y%m%dT%H%M%SZ")
    return f"teams:{subject_text(title).iloc[0]}|{when}|{organisers}|{stated_id}"


def _one_row_per_person(people: pd.DataFrame) -> pd.DataFrame:
    """One row per person, chosen by what the rows say: an organiser row over an attendee row,
    then the lowest email, name and key, so the rows' order in the report decides nothing (and the
    first organiser, who becomes the meeting's organiser, is the one with the lowest pseudonym)."""
    rank = people["role"].ne("organiser").rename("_rank")
    ordered = people.assign(_rank=rank).sort_values(["_rank", "person_id", "email", "name", "key"], kind="stable", na_position="last")
    return ordered.drop_duplicates("person_id").drop(columns="_rank")


def _keep_title_out_of_file_name(name: str, title: object, ctx: LoadContext) -> None:
    """Teams names the download "<meeting title> - Attendance report <date>.csv": the title (as
    written inside, and as the file name spells it) must not be shown with the file's name."""
    if isinstance(title, str):
        ctx.seen_subjects.add(" ".join(title.split()))
    named = FILE_NAME_TITLE.match(PurePosixPath(name).name)
    if named:
        ctx.seen_subjects.add(named.group(1))


def _records(raw: RawFile) -> list[list[str]]:
    """Every row of the file as cells (quoted multi-line titles stay one cell)."""
    if raw.is_xlsx:
        return [["" if v is None else (v.isoformat(sep=" ") if hasattr(v, "hour") else str(v)) for v in row] for row in raw.sheet_rows()]
    try:
        return list(csv.reader(io.StringIO(raw.text, newline=""), delimiter=_delimiter(raw)))
    except csv.Error:
        raise InputError(f"{raw.name}: this Teams attendance report cannot be read as a table. Download it again.") from None


def _without_cut_row(raw: RawFile, records: list[list[str]], ctx: LoadContext) -> list[list[str]]:
    """A download cut off part-way through a row: leave that row out, and say so.

    Teams ends every line with a line break, so a file that stops mid-line, on a row with fewer
    cells than its table's fixed columns, was cut short (a half-written email address would
    otherwise become a person).
    """
    if raw.is_xlsx or not records or _blank(records[-1]) or raw.text.endswith(("\n", "\r")):
        return records
    header = next((row for row in reversed(records[:-1]) if _is_table_header(row)), None)
    if header is None or len(records[-1]) >= min(len(header), CORE_CELLS):
        return records
    ctx.warn(
        "The file stops part-way through this row, so it was cut short and the row was left out.",
        "Download the attendance report again.",
        rows=[len(records)],
    )
    return records[:-1]


def _is_table_header(row: list[str]) -> bool:
    cells = {terms.header_key(c) for c in row}
    return any(table <= cells for table in (PARTICIPANTS, SESSIONS, EVENTS_2020, ENGAGEMENT))


def _blank(row: list[str]) -> bool:
    return not any(c.strip() for c in row)


def _is_heading(row: list[str]) -> bool:
    cells = [c for c in row if c.strip()]
    return len(cells) == 1 and (bool(SECTION_HEADING.match(cells[0])) or terms.is_section_title(cells[0]))


def _unread_section(records: list[list[str]]) -> bool:
    """A section heading with a row under it that is no table we know: a section in words we
    cannot read (a Japanese report's in-meeting activities), not a report cut short."""
    rows = [row for row in records if not _blank(row)]
    return any(_is_heading(row) and i + 1 < len(rows) and not _is_table_header(rows[i + 1]) for i, row in enumerate(rows))


@dataclass(frozen=True)
class Summary:
    """The key/value rows above the first table (``Meeting title``, ``Titre de la réunion``, ...),
    by the English report's normalised labels: each value, and its label as the report writes it,
    so that a warning names the row a reader of that language can find."""

    values: dict[str, str]
    labels: dict[str, str]

    def value(self, keys: tuple[str, ...]) -> str | None:
        return next((self.values[k] for k in keys if k in self.values), None)

    def label(self, keys: tuple[str, ...]) -> str | None:
        return next((self.labels[k] for k in keys if k in self.labels), None)

    def __bool__(self) -> bool:
        return bool(self.values)


def _summary(records: list[list[str]]) -> Summary:
    values: dict[str, str] = {}
    labels: dict[str, str] = {}
    for row in records:
        if _is_table_header(row):
            break
        if len(row) >= 2 and row[0].strip() and row[1].strip():
            key = terms.summary_key(row[0])
            if key not in values:
                values[key], labels[key] = row[1].strip(), row[0].strip()
    return Summary(values, labels)


def _find_table(records: list[list[str]], required: frozenset[str], after: int = 0) -> Table | None:
    """The table whose header has ``required`` cells, read until a blank row or the next heading."""
    for i in range(after, len(records)):
        header = [terms.header_key(c) for c in records[i]]
        if required.issubset(header) and (required == EVENTS_2020 or ATTENDANCE_CLUES.intersection(header)):
            rows, numbers = [], []
            for j in range(i + 1, len(records)):
                if _blank(records[j]) or _is_heading(records[j]):
                    break
                rows.append(records[j])
                numbers.append(j + 1)
            return Table(header, rows, numbers, records[i][0].strip() if records[i] else "")
    return None


def _email(table: Table) -> pd.Series:
    """Email, else the sign-in name (a guest's ``x_domain#EXT#@tenant`` UPN read back to ``x@domain``)."""
    upn = table.column("participantidupn", "upn").str.replace(GUEST_UPN, r"\g<local>@\g<domain>", regex=True)
    return table.column("email").fillna(upn).str.lower()


def _role(values: pd.Series) -> pd.Series:
    """Teams' organiser (in any language) becomes ``organiser``; presenters, co-organisers and attendees ``attendee``."""
    return terms.is_organiser(values).map({True: "organiser", False: "attendee"}).astype("string")


def _people(names: pd.Series, emails: pd.Series, roles: pd.Series, numbers: list[int]) -> pd.DataFrame:
    frame = pd.DataFrame({"name": names, "email": emails, "role": roles, "row": numbers})
    frame["key"] = frame["email"].fillna("name:" + frame["name"].map(normalise_name, na_action="ignore").astype("string"))
    return frame


def _current_layout(participants: Table, activities: Table | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """People from ``Participants``; sessions from ``In-Meeting Activities`` when present.

    Activity rows of guests carry no email: they are matched to the participant of the same name.
    Without activities, each participant's own in-meeting duration is used.
    """
    people = _people(participants.names(), _email(participants), _role(participants.column("role")), participants.numbers)
    if activities is not None and len(activities):
        names = activities.names()
        # a name two participants share goes to the lower address, whatever the rows' order
        by_name = people.dropna(subset=["email"]).sort_values(["name", "email"]).drop_duplicates("name").set_index("name")["email"]
        emails = _email(activities).fillna(names.map(by_name).astype("string"))
        act = _people(names, emails, _role(activities.column("role")), activities.numbers)
        sessions = act.assign(
            join_text=activities.column("jointime"), leave_text=activities.column("leavetime"), duration_text=activities.column("duration")
        )
    else:
        sessions = people.assign(
            join_text=pd.Series(pd.NA, index=people.index, dtype="string"),
            leave_text=pd.Series(pd.NA, index=people.index, dtype="string"),
            duration_text=participants.column("inmeetingduration"),
            first_join=participants.column("firstjoin"),
            last_leave=participants.column("lastleave"),
        )
        # the join/leave span includes any gap; it is only a fallback for a missing duration
        no_duration = sessions["duration_text"].isna()
        sessions.loc[no_duration, "join_text"] = sessions.loc[no_duration, "first_join"]
        sessions.loc[no_duration, "leave_text"] = sessions.loc[no_duration, "last_leave"]
    return people, sessions


def _sessions_layout(table: Table) -> tuple[pd.DataFrame, pd.DataFrame]:
    """2021: one row per session; the person list is the distinct people among them."""
    sessions = _people(table.names(), _email(table), _role(table.column("role")), table.numbers)
    sessions = sessions.assign(
        join_text=table.column("jointime"), leave_text=table.column("leavetime"), duration_text=table.column("duration")
    )
    return sessions[["name", "email", "role", "row", "key"]].copy(), sessions


def _drop_nameless(people: pd.DataFrame, ctx: LoadContext) -> pd.DataFrame:
    nameless = people["key"].isna()
    if nameless.any():
        ctx.warn(
            f"{int(nameless.sum())} row(s) have neither a name nor an email, so they were left out.",
            "Check the Name and Email columns of the report.",
            column="Name",
            rows=people.loc[nameless, "row"].tolist(),
        )
    return people[~nameless].reset_index(drop=True)


def _read_times(summary: Summary, sessions: pd.DataFrame, ctx: LoadContext) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Parse every time in the report at once (year, day and month order decided once for the file).

    Fills ``join`` and ``leave`` on ``sessions`` (and ``first``/``last``, the participants' first
    join and last leave, which only bound the meeting); returns the summary's start and end (NaT
    if absent).
    """
    stated = [summary.value(keys) for keys in (SUMMARY_START, SUMMARY_END)]
    columns = ("join_text", "leave_text", "first_join", "last_leave")
    parts = [sessions.get(c, pd.Series(pd.NA, index=sessions.index, dtype="string")) for c in columns]
    texts = pd.concat([pd.Series(stated, dtype="string"), *parts], ignore_index=True)
    parsed = read_times(texts, ctx, column=summary.label(SUMMARY_START) if stated[0] else "Join Time")
    n = len(sessions)
    for i, name in enumerate(("join", "leave", "first", "last")):
        sessions[name] = parsed.iloc[2 + i * n : 2 + (i + 1) * n].set_axis(sessions.index)
    return parsed.iloc[0], parsed.iloc[1]


def person_minutes(sessions: pd.DataFrame) -> pd.Series:
    """Minutes each person was in the meeting: the union of their join-leave intervals (two devices
    at once count once), plus the stated duration of any session without readable times."""
    timed = sessions.dropna(subset=["person_id", "join", "leave"])
    timed = timed[timed["leave"] >= timed["join"]]
    runs: dict[str, list] = {}  # person -> [seconds so far, the current run's start and end], people in order of first join
    ordered = timed.sort_values("join")
    for person, start, end in zip(ordered["person_id"].tolist(), ordered["join"].tolist(), ordered["leave"].tolist()):
        run = runs.setdefault(person, [0.0, None, None])
        if run[2] is None or start > run[2]:
            if run[2] is not None:
                run[0] += (run[2] - run[1]).total_seconds()
            run[1], run[2] = start, end
        else:
            run[2] = max(run[2], end)
    totals = {person: (total + (run_end - run_start).total_seconds()) / 60 for person, (total, run_start, run_end) in runs.items()}
    untimed = sessions[sessions["person_id"].notna() & ~sessions.index.isin(timed.index)]
    stated = parse_duration_minutes(terms.duration_text(untimed["duration_text"])) if len(untimed) else pd.Series(dtype="Float64")
    for person, value in zip(untimed["person_id"], stated):
        if pd.notna(value):
            totals[person] = totals.get(person, 0.0) + float(value)
    return pd.Series(totals, dtype="Float64")


def _warn_unreadable_times(sessions: pd.DataFrame, minutes: pd.Series, ctx: LoadContext) -> None:
    missing = sessions["person_id"].notna() & ~sessions["person_id"].isin(minutes.index)
    if missing.any():
        ctx.warn(
            f"{int(missing.sum())} row(s) have no join time, leave time or duration we can read, so their minutes are unknown.",
            "Check the times look like 14/01/25, 10:00:41 and durations like 45m 10s.",
            column="Join Time",
            rows=[int(r) for r in sessions.loc[missing, "row"].dropna()],
        )


def _meeting_times(start: pd.Timestamp, end: pd.Timestamp, sessions: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The summary's start and end when readable, else the first join and last leave."""
    first_join = pd.concat([sessions["join"], sessions["first"]]).min()
    last_leave = pd.concat([sessions["leave"], sessions["last"]]).max()
    start = first_join if pd.isna(start) else start
    if pd.isna(end) or (pd.notna(start) and end < start):
        end = last_leave if pd.notna(last_leave) and pd.notna(start) and last_leave >= start else start
    return start, end


FORMATS = (
    Format(
        id=FORMAT_ID,
        kind="meetings",
        label="Teams attendance report",
        detect=detect,
        parse=parse,
        source=(
            "Teams calendar: open the meeting, then Attendance > Download (one report per meeting; organisers and co-organisers only). "
            "Every layout since 2020, in English, French, German, Spanish, Dutch, Italian or Portuguese, and a Japanese "
            "report's summary and participants (its dates written year first, 22/7/11 for 11 July 2022); "
            "the participants table alone, re-saved from Excel, also loads."
        ),
    ),
)
