"""The calendar reader as it was before the line-by-line reader: icalendar parses the whole file
and recurring-ical-events expands every series. Kept only to check, on the fixtures, the sample
calendars and generated ones, that the new reader gives the same tables byte for byte; the
constants and zone names are the package's own; the tables and messages are made as they were.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

import icalendar
import pandas as pd
import recurring_ical_events

from diagnostic.dataset import TZ
from diagnostic.errors import InputError
from diagnostic.ingest.base import LoadContext, meeting_ids, subject_columns
from diagnostic.ingest.formats.ics_events import EARLIEST, LONDON, NOT_PEOPLE_CUTYPES, ROLES, stamp, utc_moment
from diagnostic.ingest.formats.ics_zones import TZID_PARAM, iana_tzid
from diagnostic.ingest.formats.meetings_ics import (
    FORMAT_ID,
    MAX_OCCURRENCES,
    MAX_TIMES_PER_DAY,
    MAX_WINDOW,
    NO_ATTENDEES,
    SUB_DAILY,
    _event_lines,
)
from diagnostic.ingest.rawfile import RawFile
from diagnostic.privacy import pseudonymise_keys
from diagnostic.schema.vocabularies import ROLE_RANK

FOLD = re.compile(r"\r?\n[ \t]")


def parse(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """Meeting occurrences and invitations; subjects are classified, then dropped."""
    calendars = _calendars(raw, ctx)
    timezones = [tz for cal in calendars for tz in cal.walk("VTIMEZONE")]
    events = [ev for cal in calendars for ev in cal.walk("VEVENT")]
    ctx.rows_read = len(events)
    lines = _event_lines(raw.text)
    if not events:
        raise InputError(
            f"{ctx.file}: this calendar file has no events. Export the calendar again and choose a date range with meetings in it."
        )

    got = Collected()
    window_start, window_end = _window(events)
    numbered, got.superseded = latest_versions(list(zip(lines if len(lines) == len(events) else [0] * len(events), events)))
    series = _series_uids([event for _, event in numbered])
    by_uid: dict[str, list[tuple[int, icalendar.Event]]] = {}
    for number, event in numbered:
        uid = event_uid(event)
        if uid and uid in series:
            by_uid.setdefault(uid, []).append((number, event))
        else:
            _add(got, event, number, uid, recurring=event.get("RECURRENCE-ID") is not None)
    for uid in sorted(by_uid):
        _expand(got, uid, by_uid[uid], timezones, window_start, window_end)
    _report(got, ctx, window_end)
    if not got.meetings:
        raise InputError(f"{ctx.file}: no event in this calendar has a start time we can read.")
    return _tables(got, ctx)


def _calendars(raw: RawFile, ctx: LoadContext) -> list[icalendar.Calendar]:
    """Unfold, map Windows zone names, and parse. A file icalendar cannot read is an InputError."""
    text = FOLD.sub("", raw.text)
    text = TZID_PARAM.sub(iana_tzid, text)
    try:
        return list(icalendar.Calendar.from_ical(text, multiple=True))
    except Exception:  # icalendar raises ValueError, KeyError, IndexError... for broken files
        raise InputError(f"{ctx.file}: this calendar file cannot be read. Export the calendar again as an .ics file.") from None


def _series_uids(events: list[icalendar.Event]) -> set[str]:
    """UIDs of series that repeat (an RRULE or RDATE on the master)."""
    return {str(ev.get("UID", "")).strip() for ev in events if ev.get("RRULE") is not None or ev.get("RDATE") is not None} - {""}


def _window(events: list[icalendar.Event]) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The export's window: earliest start to the latest end or UNTIL, capped at two years."""
    starts, ends = [], []
    for ev in events:
        start = utc_moment(decoded_value(ev, "DTSTART"))
        if start is not None:
            starts.append(start)
        for value in (decoded_value(ev, "DTEND"), *_untils(ev)):
            end = utc_moment(value)
            if end is not None:
                ends.append(end)
    if not starts:
        return None, None
    first = min(starts)
    last = max([*ends, *starts])
    return first, min(last, first + MAX_WINDOW)


def _untils(ev: icalendar.Event) -> list:
    return [u for rule in _rules(ev) for u in (rule.get("UNTIL") or [])]


def _expand(
    got: Collected,
    uid: str,
    members: list[tuple[int, icalendar.Event]],
    timezones: list,
    window_start: dt.datetime,
    window_end: dt.datetime,
) -> None:
    """Every occurrence of one series inside its window (moved and cancelled dates honoured).

    A rule that repeats more than a few times a day is not a meeting pattern (and would expand to
    hundreds of thousands of rows), so only its first date is used.
    """
    master = next((ev for _, ev in members if ev.get("RRULE") is not None or ev.get("RDATE") is not None), members[0][1])
    number = min(line for line, _ in members)
    if _is_cancelled(master):
        got.cancelled += 1
        return
    first = utc_moment(decoded_value(master, "DTSTART"))
    if first is None:
        got.skipped.append(number)
        return
    if _unreadable_rule(master):
        got.unreadable_rules.append(number)
        _add(got, master, number, uid, recurring=True)
        return
    if _too_frequent(master):
        got.too_frequent += 1
        _add(got, master, number, uid, recurring=True)
        return
    if not _untils(master) and not any("COUNT" in rule for rule in _rules(master)):
        got.open_ended += 1
    calendar = icalendar.Calendar()
    for tz in timezones:
        calendar.add_component(tz)
    for _, ev in members:
        calendar.add_component(ev)
    series_end = _series_end(master, window_start, window_end)
    added = _rdates(master)
    # a moved occurrence may now start before the series or after its UNTIL: look that far too
    moved = [m for m in (utc_moment(decoded_value(ev, "DTSTART")) for _, ev in members if ev is not master) if m is not None]
    query_start = min([first, *moved])
    query_end = min(max([series_end, *added, *moved]), query_start + MAX_WINDOW)
    try:
        last_day = (query_end + dt.timedelta(days=1)).astimezone(LONDON).date()
        occurrences = recurring_ical_events.of(calendar).between(query_start.astimezone(LONDON).date(), last_day)
    except Exception:  # recurring_ical_events raises many types for broken rules: keep the first date
        occurrences = [master]
    for occurrence in occurrences:
        original = utc_moment(decoded_value(occurrence, "RECURRENCE-ID")) or utc_moment(decoded_value(occurrence, "DTSTART"))
        if original is not None and original > series_end and original not in added:
            continue
        if len(got.meetings) >= MAX_OCCURRENCES:
            got.truncated = True
            return
        _add(got, occurrence, number, uid, recurring=True)


def _rdates(master: icalendar.Event) -> set[dt.datetime]:
    """The dates RDATE adds to a series (periods by their start); UNTIL does not bound them."""
    values = master.get("RDATE")
    found = set()
    for value in values if isinstance(values, list) else [values] if values is not None else []:
        for item in getattr(value, "dts", []):
            when = item.dt[0] if isinstance(item.dt, tuple) else item.dt
            moment = utc_moment(when)
            if moment is not None:
                found.add(moment)
    return found


def _rules(ev: icalendar.Event) -> list:
    """The event's repeat rules that could be read: icalendar hands back an unreadable one as a placeholder that fails on use."""
    rule = ev.get("RRULE")
    rules = rule if isinstance(rule, list) else [rule] if rule is not None else []
    return [r for r in rules if isinstance(r, icalendar.vRecur)]


def _unreadable_rule(ev: icalendar.Event) -> bool:
    """True when the event says it repeats but no repeat rule or date of it can be read."""
    return ev.get("RRULE") is not None and not _rules(ev) and ev.get("RDATE") is None


def _too_frequent(master: icalendar.Event) -> bool:
    """True for rules repeating hourly or faster, or more than MAX_TIMES_PER_DAY times a day."""
    for rule in _rules(master):
        freq = str((rule.get("FREQ") or [""])[0]).upper()
        if freq in SUB_DAILY:
            return True
        times = 1
        for part in ("BYHOUR", "BYMINUTE", "BYSECOND"):
            times *= max(1, len(rule.get(part) or []))
        if times > MAX_TIMES_PER_DAY:
            return True
    return False


def _series_end(master: icalendar.Event, window_start: dt.datetime, window_end: dt.datetime) -> dt.datetime:
    """UNTIL when given; a COUNT series runs to its count (within two years); else the file's window."""
    untils = [t for t in (utc_moment(u) for u in _untils(master)) if t is not None]
    cap = window_start + MAX_WINDOW
    if untils:
        return min(max(untils), cap)
    if any("COUNT" in rule for rule in _rules(master)):
        return cap
    return window_end


def _is_cancelled(ev: icalendar.Event) -> bool:
    return str(ev.get("STATUS", "")).strip().upper() == "CANCELLED"


def _add(got: Collected, ev: icalendar.Event, number: int, uid: str, recurring: bool) -> None:
    """One occurrence and its invitations (organiser, required and optional people; rooms left out)."""
    if _is_cancelled(ev):
        got.cancelled += 1
        return
    raw_start = decoded_value(ev, "DTSTART")
    start = utc_moment(raw_start)
    if start is None:
        got.skipped.append(number)
        return
    all_day = not isinstance(raw_start, dt.datetime) or str(ev.get("X-MICROSOFT-CDO-ALLDAYEVENT", "")).upper() == "TRUE"
    end = _end(ev, start, all_day)
    if isinstance(raw_start, dt.datetime) and raw_start.tzinfo is None and "TZID" in ev["DTSTART"].params:
        got.unknown_zones[str(ev["DTSTART"].params["TZID"])] += 1
    index = len(got.meetings)
    original = utc_moment(decoded_value(ev, "RECURRENCE-ID"))
    got.meetings.append(
        {
            "index": index,
            "key": f"ics:uid:{uid}|{stamp(original)}" if uid else identity(ev),
            "subject": str(ev.get("SUMMARY", "")),
            "start": start,
            "end": end,
            "all_day": all_day,
            "is_recurring": recurring,
            "series": uid if recurring and uid else None,
        }
    )
    organiser = ev.get("ORGANIZER")
    if organiser is not None:
        got.invitations.append(
            {"index": index, "email": str(organiser), "name": _param(organiser, "CN"), "role": "organiser", "attended": pd.NA}
        )
    attendees = ev.get("ATTENDEE") or []
    for attendee in attendees if isinstance(attendees, list) else [attendees]:
        if _param(attendee, "CUTYPE", "").upper() in NOT_PEOPLE_CUTYPES or _param(attendee, "ROLE", "").upper() == "NON-PARTICIPANT":
            continue
        declined = _param(attendee, "PARTSTAT", "").upper() == "DECLINED"
        got.invitations.append(
            {
                "index": index,
                "email": str(attendee),
                "name": _param(attendee, "CN"),
                "role": ROLES.get(_param(attendee, "ROLE", "REQ-PARTICIPANT").upper(), "required"),
                "attended": False if declined else pd.NA,
            }
        )


def _param(value, name: str, default: str | None = None) -> str | None:
    params = getattr(value, "params", None) or {}
    found = params.get(name)
    return str(found) if found is not None else default


def _end(ev: icalendar.Event, start: dt.datetime, all_day: bool) -> dt.datetime:
    """DTEND, else DTSTART + DURATION, else a whole day (all-day) or no length at all."""
    end = utc_moment(decoded_value(ev, "DTEND"))
    duration = decoded_value(ev, "DURATION")
    if end is None and isinstance(duration, dt.timedelta):
        end = start + duration
    if end is None:
        end = start + dt.timedelta(days=1) if all_day else start
    return end if end >= start else start


def decoded_value(ev: icalendar.Event, name: str):
    """A property's Python value, or None when it is missing or broken."""
    try:
        return ev.decoded(name) if name in ev else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def event_uid(event: icalendar.Event) -> str:
    return str(event.get("UID", "")).strip()


def identity(event: icalendar.Event) -> str:
    """What makes two VEVENTs versions of one event: its UID and RECURRENCE-ID (RFC 5545), or,
    without a UID, its own subject, times and organiser, so a file loaded twice gives the same keys."""
    uid = event_uid(event)
    if uid:
        return f"ics:uid:{uid}|{stamp(utc_moment(decoded_value(event, 'RECURRENCE-ID')))}"
    start, end = utc_moment(decoded_value(event, "DTSTART")), utc_moment(decoded_value(event, "DTEND"))
    organiser = str(event.get("ORGANIZER", "")).strip().casefold()
    return f"ics:event:{' '.join(str(event.get('SUMMARY', '')).split())}|{stamp(start)}|{stamp(end)}|{organiser}"


def latest_versions(numbered: list[tuple[int, icalendar.Event]]) -> tuple[list[tuple[int, icalendar.Event]], int]:
    """One VEVENT per event (see :func:`identity`), and how many older versions were set aside.

    The kept version has the highest SEQUENCE, then the latest DTSTAMP, then the smallest digest
    of its text; it carries the earliest line any version of it begins on, for messages. The
    events come back in the order of their keys.
    """
    versions: dict[str, list[tuple[int, icalendar.Event]]] = {}
    for number, event in numbered:
        versions.setdefault(identity(event), []).append((number, event))
    kept = []
    for key in sorted(versions):
        found = versions[key]
        event = found[0][1] if len(found) == 1 else min((ev for _, ev in found), key=_recency)
        kept.append((min(number for number, _ in found), event))
    return kept, len(numbered) - len(versions)


def _recency(event: icalendar.Event) -> tuple[int, float, str]:
    """Smallest first for the version to keep: the highest SEQUENCE, the latest DTSTAMP, then its text's digest."""
    stamped = utc_moment(decoded_value(event, "DTSTAMP")) or EARLIEST
    return -_sequence(event), -stamped.timestamp(), hashlib.sha256(event.to_ical()).hexdigest()


def _sequence(event: icalendar.Event) -> int:
    try:
        return int(str(event.get("SEQUENCE", 0)).strip())
    except ValueError:
        return 0


# What the former reader gathered, and how it made the tables and messages from it


@dataclass
class Collected:
    """Occurrences and invitations gathered from the file, before pseudonymising."""

    meetings: list[dict] = field(default_factory=list)
    invitations: list[tuple] = field(default_factory=list)  # (index, address, name, role, attended)
    unknown_zones: Counter = field(default_factory=Counter)
    skipped: list[int] = field(default_factory=list)  # where the skipped events are (their lines, once known)
    cancelled: int = 0
    superseded: int = 0  # older versions of an event the file also holds a newer version of
    open_ended: int = 0
    too_frequent: int = 0
    unreadable_rules: list[int] = field(default_factory=list)  # where those events are (their lines, once known)
    truncated: bool = False


def _report(got: Collected, ctx: LoadContext, window_end: dt.datetime | None) -> None:
    if got.skipped:
        ctx.warn(
            f"{len(got.skipped)} event(s) have no start time we can read, so they were left out. The row numbers are the lines where those events begin.",
            "Check each event has a DTSTART, or export the calendar again.",
            column="DTSTART",
            rows=[line for line in got.skipped if line],
        )
    if got.cancelled:
        ctx.warn(f"{got.cancelled} cancelled event(s) were left out.")
    if got.superseded:
        ctx.warn(f"{got.superseded} event(s) appear more than once in this calendar, so only the latest version of each was read.")
    if got.open_ended and window_end is not None:
        last = window_end.astimezone(LONDON)
        ctx.warn(
            f"{got.open_ended} repeating meeting(s) have no end date, so they were counted up to {last:%d %B %Y}, the last date in this file.",
            "Export a date range that covers the period you want.",
        )
    if got.too_frequent:
        ctx.warn(
            f"{got.too_frequent} event(s) repeat more than {MAX_TIMES_PER_DAY} times a day, which is not how meetings repeat, so only their first date was used.",
            "Check the repeat settings of these events in your calendar.",
        )
    if got.unreadable_rules:
        ctx.warn(
            f"{len(got.unreadable_rules)} repeating event(s) have a repeat rule we cannot read, so only their first date was used. "
            "The row numbers are the lines where those events begin.",
            "Check the repeat settings of these events in your calendar, or export the calendar again.",
            column="RRULE",
            rows=[line for line in got.unreadable_rules if line],
        )
    if got.truncated:
        ctx.warn(f"This calendar repeats more than {MAX_OCCURRENCES:,} times, so only the first {MAX_OCCURRENCES:,} meetings were read.")
    for zone, count in got.unknown_zones.items():
        ctx.warn(
            f"{count} event(s) use a time zone we do not know (“{zone}”), so their times were read as UK time.",
            "Check these times in your calendar.",
            column="DTSTART",
        )
    if not got.invitations:
        ctx.warn(NO_ATTENDEES, "Export the calendar with full details to see who meets whom.")


def _tables(got: Collected, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """Canonical meetings and attendance from what was collected (people pseudonymised here)."""
    meetings = pd.DataFrame(got.meetings).set_index("index")
    for column in ("start", "end"):
        meetings[column] = pd.to_datetime(meetings[column], utc=True).dt.tz_convert(TZ)
    # one row per occurrence (an RDATE on a date the rule also gives is one occurrence)
    meetings = meetings.sort_values(["key", "start", "end"], kind="stable").drop_duplicates("key")
    columns = subject_columns(meetings["subject"].astype("string"), meetings["start"], ctx.settings)
    meetings = meetings.drop(columns="subject").join(columns)
    meetings.insert(0, "meeting_id", meeting_ids(meetings.pop("key"), ctx.settings.salt))
    series = meetings["series"].astype("string")
    meetings["series_id"] = pseudonymise_keys("series:" + series, ctx.settings.salt).str.replace("p", "s", n=1, regex=False)
    meetings["source_format"] = FORMAT_ID
    invited = pd.DataFrame(got.invitations, columns=["index", "email", "name", "role", "attended"])
    invited = invited[invited["index"].isin(meetings.index)]  # only the kept occurrence's invitations
    invited["person_id"] = pd.Series(dtype="string")
    if len(invited):
        invited["person_id"] = ctx.identify(emails=invited["email"].astype("string"), names=invited["name"].astype("string"))
        invited = invited.dropna(subset=["person_id"])
        invited = invited.assign(rank=invited["role"].map(ROLE_RANK), declined=invited["attended"].eq(False))
        invited = invited.sort_values(["index", "person_id", "rank", "declined"], kind="stable").drop_duplicates(["index", "person_id"])
    organisers = invited[invited["role"] == "organiser"].drop_duplicates("index").set_index("index")["person_id"]
    meetings["organiser_id"] = organisers.reindex(meetings.index).astype("string")
    meetings["invitees"] = invited.groupby("index")["person_id"].nunique().reindex(meetings.index, fill_value=0).clip(lower=1)
    tables = {"meetings": meetings.sort_values("meeting_id").reset_index(drop=True)}
    if len(invited):
        attendance = invited.assign(meeting_id=invited["index"].map(meetings["meeting_id"]), minutes=pd.NA)
        tables["attendance"] = attendance.sort_values(["meeting_id", "person_id"])[
            ["meeting_id", "person_id", "role", "attended", "minutes"]
        ].reset_index(drop=True)
    return tables
