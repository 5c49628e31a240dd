"""iCalendar (.ics) files: Outlook "Save Calendar", Google Calendar export, published feeds
(formats.md, MEETINGS c).

Recurring series are expanded into occurrences inside the file's own window (earliest start to
the latest end or ``UNTIL``, at most two years) as RFC 5545 says: ``EXDATE`` and cancelled
occurrences are left out, ``RDATE`` adds dates, and ``UNTIL`` bounds an occurrence's original date
(its ``RECURRENCE-ID``), not the date it was moved to. A series with ``COUNT`` runs to its count; a
series with no end runs to the end of the window.

A meeting is its ``UID`` and original start (or, for an event without a ``UID``, its own subject,
times and organiser), so the same export loaded twice gives the same meetings. When the file
holds several versions of one occurrence (an update saved beside the original), the latest by
``SEQUENCE`` then ``DTSTAMP`` is kept, whatever their order in the file.

Outlook writes Windows time-zone names (``GMT Standard Time``); they are mapped to IANA names
before parsing so times never depend on a zone definition in the file.

The file is read in one pass over its text (:mod:`ics_scan`, or :mod:`ics_lines` line by line
for unusual files) keeping only the properties a meeting needs. Most events stand alone (no
series, one version): they are read a property at a time across the file (:mod:`ics_columns`)
and go straight to the meetings table's columns (:mod:`ics_tables`). Only the others are read
as whole events, and a series is expanded only when an event repeats (:mod:`ics_recur`): the
tables are the same as a full iCalendar parser gives, in a small part of the time.
"""

from __future__ import annotations

import datetime as dt
import gc
import heapq
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd

from diagnostic.errors import InputError
from diagnostic.ingest.base import Format, LoadContext
from diagnostic.ingest.formats.ics_columns import Standalone, split
from diagnostic.ingest.formats.ics_events import (
    LONDON,
    Values,
    identity,
    latest_versions,
    meeting_end,
    people,
    uid_key,
    utc_moment,
    values,
)
from diagnostic.ingest.formats.ics_lines import Decoder, plain_folds, read_events, unfold
from diagnostic.ingest.formats.ics_recur import Occurrence, occurrences
from diagnostic.ingest.formats.ics_scan import scan_lines, utf8_view
from diagnostic.ingest.formats.ics_tables import FORMAT_ID, Collected, tables
from diagnostic.ingest.formats.ics_zones import iana_tzids
from diagnostic.ingest.rawfile import RawFile

MAX_WINDOW = dt.timedelta(days=731)  # expand recurrences over at most two years
MAX_OCCURRENCES = 100_000  # per file: a guard against calendars of absurd size
SUB_DAILY = {"SECONDLY", "MINUTELY", "HOURLY"}
MAX_TIMES_PER_DAY = 4  # more repeats a day than this is not a meeting pattern
NO_ATTENDEES = "This calendar has no attendee details, so it gives busy time but no network."


def detect(raw: RawFile) -> float:
    """Sure when the text begins with ``BEGIN:VCALENDAR``; fairly sure if a ``BEGIN:VEVENT`` is near the top."""
    lines = [line.strip().upper() for line in raw.head_lines if line.strip()]
    if lines and lines[0] == "BEGIN:VCALENDAR":
        return 1.0
    return 0.7 if "BEGIN:VEVENT" in lines else 0.0


def parse(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """Meeting occurrences and invitations; subjects are classified, then dropped."""
    got, window_end = collect(raw, ctx)
    _report(got, ctx, window_end)
    if not got.size:
        raise InputError(f"{ctx.file}: no event in this calendar has a start time we can read.")
    with _no_cycle_collection():
        return tables(got, ctx)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a calendar is read: reading makes hundreds of
    thousands of small tuples, dicts and strings, none in a cycle, and the collector would walk
    them again and again (an eighth of the time on a large calendar). Nothing is lost: it runs
    as usual once the file is read. Left off if something else had turned it off."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def collect(raw: RawFile, ctx: LoadContext) -> tuple[Collected, dt.datetime | None]:
    """Every occurrence and invitation in the file, and the end of the file's window."""
    with _no_cycle_collection():
        return _collect(raw, ctx)


def _collect(raw: RawFile, ctx: LoadContext) -> tuple[Collected, dt.datetime | None]:
    got, decoder = Collected(), Decoder()
    standalone, numbered, zones = _events(raw, ctx.file, decoder, got.invitees)
    ctx.rows_read = count = len(standalone) + len(numbered)
    if not count:
        raise InputError(
            f"{ctx.file}: this calendar file has no events. Export the calendar again and choose a date range with meetings in it."
        )
    window_start, window_end = _window(numbered, standalone)
    # events are numbered by their place in the file; the line each begins on is found only for a message
    numbered, got.superseded = latest_versions(numbered)
    series = {ev.uid for _, ev in numbered if ev.repeats or ev.rdates is not None} - {""}
    got.standalone = standalone
    by_uid: dict[str, list[tuple[int, Values]]] = {}
    for number, event in _in_key_order(numbered, standalone):
        if isinstance(event, str):  # a standalone event's unknown zone
            got.unknown_zones[event] += 1
        elif event.uid and event.uid in series:
            by_uid.setdefault(event.uid, []).append((number, event))
        else:
            _add(got, event, number, event.uid, recurring=event.recurrence_id is not None)
    for uid in sorted(by_uid):
        _expand(got, uid, by_uid[uid], zones, window_start, window_end)
    if got.skipped or got.unreadable_rules:
        lines = _event_lines(raw.text)
        line = lines.__getitem__ if len(lines) == count else lambda _: 0
        got.skipped, got.unreadable_rules = [line(n) for n in got.skipped], [line(n) for n in got.unreadable_rules]
    return got, window_end


def _events(raw: RawFile, file: str, decoder: Decoder, seen: dict) -> tuple[Standalone, list[tuple[int, Values]], list[str]]:
    """The standalone events of a plain calendar (read a column at a time), every other event
    decoded whole with its place in the file, and the zones' text. A calendar not in the plain
    shape is read line by line, every event whole. A file with plain folds is scanned as written
    (a UTF-8 one as its bytes), and only the lines found are unfolded and decoded."""
    view = utf8_view(raw)
    written = raw.text if view is None else view
    if plain_folds(written):
        scanned = scan_lines(written, file, iana_tzids, written=True, encoded=view is not None)
    else:
        scanned = scan_lines(unfold(raw.text), file, iana_tzids)
    if scanned is None:
        found, zones = read_events(iana_tzids(unfold(raw.text)), file)
        return Standalone(), [(number, values(event, decoder)) for number, event in enumerate(found)], zones
    standalone, others = split(scanned, decoder, seen)
    return standalone, [(number, values(scanned.event(number), decoder)) for number in others], scanned.zones


def _in_key_order(numbered: list[tuple[int, Values]], standalone: Standalone) -> Iterator[tuple[int, Values | str]]:
    """The events read whole, and the unknown zone of each standalone event with one, in the order
    of their keys (see :func:`identity`), as one list of events would be: the order in which
    messages first meet an unknown time zone."""
    zoned = zip(standalone.uids, standalone.numbers, standalone.unknown_zones)
    keyed = heapq.merge(
        ((identity(ev), number, ev) for number, ev in numbered),
        # already in key order; a key is spelled only for the few with an unknown zone
        ((uid_key(uid), number, zone) for uid, number, zone in zoned if zone is not None),
    )
    return ((number, ev) for _, number, ev in keyed)


def _event_lines(text: str) -> list[int]:
    """The line number where each event begins, so a problem can be found in a text editor."""
    return [i for i, line in enumerate(text.splitlines(), start=1) if line.strip().upper() == "BEGIN:VEVENT"]


def _window(numbered: list[tuple[int, Values]], standalone: Standalone) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The export's window: earliest start to the latest end or UNTIL, capped at two years."""
    starts, ends = [], []
    for _, ev in numbered:
        start = utc_moment(ev.start)
        if start is not None:
            starts.append(start)
        for value in (ev.end, *_untils(ev)):
            end = utc_moment(value)
            if end is not None:
                ends.append(end)
    starts += standalone.starts
    ends += [end for end in standalone.written_ends if end is not None]
    if not starts:
        return None, None
    first = min(starts)
    last = max([*ends, *starts])
    return first, min(last, first + MAX_WINDOW)


def _untils(ev: Values) -> list:
    return [u for facts in ev.facts for u in facts.untils]


def _expand(
    got: Collected,
    uid: str,
    members: list[tuple[int, Values]],
    zones: list[str],
    window_start: dt.datetime,
    window_end: dt.datetime,
) -> None:
    """Every occurrence of one series inside its window (moved and cancelled dates honoured).

    A rule that repeats more than a few times a day is not a meeting pattern (and would expand to
    hundreds of thousands of rows), so only its first date is used.
    """
    master = next((ev for _, ev in members if ev.repeats or ev.rdates is not None), members[0][1])
    number = min(line for line, _ in members)
    if master.status == "CANCELLED":
        got.cancelled += 1
        return
    first = utc_moment(master.start)
    if first is None:
        got.skipped.append(number)
        return
    if master.repeats and not master.rules and master.rdates is None:
        got.unreadable_rules.append(number)
        _add(got, master, number, uid, recurring=True)
        return
    if _too_frequent(master):
        got.too_frequent += 1
        _add(got, master, number, uid, recurring=True)
        return
    if not _untils(master) and not any(facts.counted for facts in master.facts):
        got.open_ended += 1
    series_end = _series_end(master, window_start, window_end)
    added = _rdates(master)
    # a moved occurrence may now start before the series or after its UNTIL: look that far too
    moved = [m for m in (utc_moment(ev.start) for _, ev in members if ev is not master) if m is not None]
    query_start = min([first, *moved])
    query_end = min(max([series_end, *added, *moved]), query_start + MAX_WINDOW)
    ordered = [ev for _, ev in members]
    last_day = (query_end + dt.timedelta(days=1)).astimezone(LONDON).date()
    found = occurrences(ordered, zones, query_start.astimezone(LONDON).date(), last_day)
    if found is None:  # a series that cannot be expanded counts on its first date
        found = [Occurrence(master, master.start, None, None)]
    room = MAX_OCCURRENCES - len(got.standalone)  # for occurrences of series and events read whole
    for occurrence in found:
        original = utc_moment(occurrence.original)
        moment = original if original is not None else utc_moment(occurrence.start)
        if moment is not None and moment > series_end and moment not in added:
            continue
        if len(got.meetings) >= room:
            got.truncated = True
            return
        if occurrence.end is None:
            _add(got, occurrence.source, number, uid, recurring=True)
        else:
            _add(got, occurrence.source, number, uid, recurring=True, at=occurrence, original=original)


def _rdates(master: Values) -> set[dt.datetime]:
    """The dates RDATE adds to a series (periods by their start); UNTIL does not bound them."""
    found = set()
    for item in master.rdates or []:
        moment = utc_moment(item[0] if isinstance(item, tuple) else item)
        if moment is not None:
            found.add(moment)
    return found


def _too_frequent(master: Values) -> bool:
    """True for rules repeating hourly or faster, or more than MAX_TIMES_PER_DAY times a day."""
    return any(facts.frequency in SUB_DAILY or facts.times_a_day > MAX_TIMES_PER_DAY for facts in master.facts)


def _series_end(master: Values, window_start: dt.datetime, window_end: dt.datetime) -> dt.datetime:
    """UNTIL when given; a COUNT series runs to its count (within two years); else the file's window."""
    untils = [t for t in (utc_moment(u) for u in _untils(master)) if t is not None]
    cap = window_start + MAX_WINDOW
    if untils:
        return min(max(untils), cap)
    if any(facts.counted for facts in master.facts):
        return cap
    return window_end


def _add(
    got: Collected, ev: Values, number: int, uid: str, recurring: bool, at: Occurrence | None = None, original: dt.datetime | None = None
) -> None:
    """One occurrence (the event itself, or ``at`` a date of its series, whose RECURRENCE-ID in
    UTC is ``original``) and its invitations (organiser, required and optional people; rooms left out)."""
    if ev.status == "CANCELLED":
        got.cancelled += 1
        return
    raw_start = ev.start if at is None else at.start
    # most occurrences start at their original time: the same moment, not worked out again
    start = original if at is not None and at.start is at.original else utc_moment(raw_start)
    if start is None:
        got.skipped.append(number)
        return
    all_day = not isinstance(raw_start, dt.datetime) or ev.all_day_flag
    end = meeting_end(ev.end, ev.duration, start, all_day) if at is None else meeting_end(at.end, None, start, all_day)
    if at is None and ev.unknown_zone is not None:
        got.unknown_zones[ev.unknown_zone] += 1
    index = len(got.meetings)
    if at is None:
        original = utc_moment(ev.recurrence_id)
    got.meetings.append(
        {
            "index": index,
            "key": uid_key(uid, original) if uid else identity(ev),
            "subject": ev.summary,
            "start": start,
            "end": end,
            "all_day": all_day,
            "is_recurring": recurring,
            "series": uid if recurring and uid else None,
        }
    )
    invited = got.invited.get(id(ev))
    if invited is None:
        invited = got.invited[id(ev)] = people(ev.organiser, ev.attendees, got.invitees)
    got.invitations.append((index, invited))


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
    if not got.has_people():
        ctx.warn(NO_ATTENDEES, "Export the calendar with full details to see who meets whom.")


FORMATS = (
    Format(
        id=FORMAT_ID,
        kind="meetings",
        label="Calendar (.ics)",
        detect=detect,
        parse=parse,
        source="Outlook: File > Save Calendar (choose Full details and a date range); Google Calendar: Settings > Import & export > Export.",
    ),
)
