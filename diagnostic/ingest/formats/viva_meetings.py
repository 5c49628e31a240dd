"""Viva Insights meeting query (formats.md g): one row per meeting, with attendee counts and hours but no attendee list.

Each meeting keeps its attendee count (``invitees``) and attendee-hours, so the meeting-level
indicators (large, long, recurring, outside working hours) are computed from these rows alone
(:mod:`diagnostic.indicators.meeting_rows`). The HR attributes on each row are the organiser's.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from diagnostic.classify import classify_meetings
from diagnostic.dataset import TZ
from diagnostic.dates import bad_rows, decide_dayfirst, parse_datetimes
from diagnostic.ingest.base import Format, LoadContext, meeting_ids
from diagnostic.ingest.formats.m365_reports import column, read_table
from diagnostic.ingest.formats.viva import VIVA_DAYFIRST, VIVA_SOURCE, flag, hr_attributes, number, text
from diagnostic.ingest.rawfile import RawFile
from diagnostic.ingest.vocabulary import agree, counted


def _detect_meeting(raw: RawFile) -> float:
    header = set(raw.header)
    checks = (
        "meetingid" in header,
        bool(header & {"numberofattendees", "attendees"}),
        bool(header & {"collaborationstarttime", "startdate"}),
        bool(header & {"organizer", "organizerpersonid"}),
    )
    return sum(checks) / len(checks)


def _local_times(written: pd.Series, zones: pd.Series | None, file_rows: np.ndarray, ctx: LoadContext) -> pd.Series:
    """Naive local times -> Europe/London, each row in its own ``TimeZone`` when the query has one.
    A row with no zone, or one this computer does not know, is read as London and the rows are
    named in a warning: an hour or more may be wrong, so the reader is told rather than left to
    trust it. ``file_rows`` is each row's number in the file. Day and month order is decided once
    for the column."""
    dayfirst = decide_dayfirst(written.dropna().unique().tolist(), VIVA_DAYFIRST)
    out = pd.Series(pd.NaT, index=written.index, dtype=f"datetime64[us, {TZ}]")
    if zones is None:  # a query without the attribute: its times are the organisation's own
        return parse_datetimes(written, dayfirst=dayfirst, zone=TZ)
    named = zones.astype("string").str.strip().fillna("")
    unknown = []
    for name, rows in written.groupby(named, sort=False).groups.items():
        zone = _zone(str(name))
        out[rows] = parse_datetimes(written[rows], dayfirst=dayfirst, zone=zone or TZ)
        if zone is None:
            unknown.extend(file_rows[written.index.get_indexer(rows[written[rows].notna().to_numpy()])])
    if unknown:
        k = len(unknown)
        ctx.warn(
            f"{counted(k, 'meeting')} {agree(k, 'has', 'have')} no time zone this computer knows, so {agree(k, 'its', 'their')} "
            "start time was read as UK time.",
            action="If these meetings were held in another time zone, write its name (such as Europe/London) in the TimeZone column and load the file again.",
            column="TimeZone",
            rows=sorted(int(i) for i in unknown),
        )
    return out


def _zone(name: str) -> str | None:
    """The IANA zone a ``TimeZone`` cell names, written as IANA (``America/Los_Angeles``) or as
    Windows and Exchange write it (``Pacific Standard Time``); None when empty or unknown."""
    name = WINDOWS_TO_OLSON.get(name, name)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def _meeting_times(frame: pd.DataFrame, file_rows: np.ndarray, ctx: LoadContext) -> tuple[pd.Series, pd.Series]:
    """(start, end): ``Collaboration_start_time`` plus ``Duration`` hours, or the legacy UTC columns.
    ``file_rows`` is each row's number in the file, for warnings: cancelled rows are gone by now."""
    n = len(frame)
    hours = number(column(frame, "duration", "durationhours"), n)
    collaboration = column(frame, "collaborationstarttime")
    if collaboration is not None:
        written = text(collaboration, n)
        start = _local_times(written, column(frame, "timezone"), file_rows, ctx)
        name = "Collaboration_start_time"
    else:
        written = text(column(frame, "startdate"), n).str.cat(text(column(frame, "starttimeutc"), n), sep=" ", na_rep="").str.strip()
        dayfirst = decide_dayfirst(written.dropna().unique().tolist(), VIVA_DAYFIRST)
        start = parse_datetimes(written, dayfirst=dayfirst, utc=True)
        name = "StartDate"
    failed = [int(file_rows[i]) for i in bad_rows(written, start, first_row=0)]
    if failed:
        k = len(failed)
        ctx.warn(
            f"{counted(k, 'meeting')} {agree(k, 'has', 'have')} a start time that could not be read, so {agree(k, 'it was', 'they were')} skipped.",
            column=name,
            rows=failed,
        )
    end = start + pd.to_timedelta(hours.astype("float64"), unit="h").to_numpy()
    end_text = text(column(frame, "enddate"), n).str.cat(text(column(frame, "endtimeutc"), n), sep=" ", na_rep="").str.strip()
    if column(frame, "endtimeutc") is not None:
        stated = parse_datetimes(end_text, dayfirst=decide_dayfirst(end_text.dropna().unique().tolist(), VIVA_DAYFIRST), utc=True)
        end = stated.fillna(end)
    return start, end


def parse_meeting_query(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """Meeting query -> ``meetings`` (no attendee list, so no network; ``attendee_hours`` instead).

    The subject decides the kind and the direct-work flag, then is dropped unless the user opted
    in to free text. Cancelled meetings are left out, counted.
    """
    frame = read_table(raw)
    ctx.rows_read = len(frame)
    n = len(frame)
    cancelled = flag(column(frame, "cancelled", "iscancelled"), n).fillna(False).to_numpy(dtype=bool)
    if cancelled.any():
        k = int(cancelled.sum())
        ctx.warn(f"{counted(k, 'cancelled meeting')} {agree(k, 'was', 'were')} left out.")
    frame = frame[~cancelled].reset_index(drop=True)
    start, end = _meeting_times(frame, np.flatnonzero(~cancelled) + 2, ctx)
    timed = start.notna().to_numpy()
    frame, start, end = frame[timed].reset_index(drop=True), start[timed].reset_index(drop=True), end[timed].reset_index(drop=True)
    n = len(frame)
    subject = text(column(frame, "subject"), n)
    organiser = ctx.identify(names=text(column(frame, "organizer", "organizerpersonid"), n))
    raw_id = text(column(frame, "meetingid"), n)
    fallback = subject.fillna("") + "|" + start.astype("string").fillna("") + "|" + organiser.fillna("")
    meeting_id = meeting_ids("viva:" + raw_id.fillna(fallback), ctx.settings.salt)
    kinds = classify_meetings(subject, ctx.settings)
    meetings = pd.DataFrame(
        {
            "meeting_id": meeting_id,
            "start": start,
            "end": end,
            "organiser_id": organiser,
            "is_recurring": flag(column(frame, "recurring", "isrecurring"), n),
            "invitees": number(column(frame, "numberofattendees", "attendees"), n).round().astype("Int64"),
            "kind": kinds["kind"].to_numpy(),
            "direct_work": kinds["direct_work"].to_numpy(),
            "source_format": "viva_meeting_query",
            "all_day": flag(column(frame, "alldaymeeting"), n),
            "attendee_hours": number(column(frame, "attendeemeetinghours"), n),
        }
    )
    if ctx.settings.show_text:
        meetings["subject"] = subject.to_numpy()
    prefix = "organizer" if column(frame, "organizerorganization", "organizerfunctiontype") is not None else ""
    return {"meetings": meetings, **hr_attributes(frame, organiser, start, ctx, prefix)}


FORMATS = (
    Format(
        id="viva_meeting_query",
        kind="meetings",
        label="Viva Insights meeting query",
        detect=_detect_meeting,
        parse=parse_meeting_query,
        source=VIVA_SOURCE.format(query="Meeting query"),
    ),
)
