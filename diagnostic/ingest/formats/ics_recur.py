"""The occurrences of one repeating series, between two dates.

Most series in an export are a plain rule on a zoned start with a few dates left out (``EXDATE``):
those are expanded here with dateutil's ``rrule``, the way recurring-ical-events expands them (the
start is always an occurrence unless it is after ``UNTIL``; an excluded date matches by its UTC or
its local wall-clock time; an occurrence counts when it overlaps the span). Anything else (moved
or cancelled single occurrences, added dates, periods, floating or all-day starts, several rules)
is handed to recurring-ical-events itself, which owns those rules of RFC 5545.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import icalendar
import recurring_ical_events
from dateutil.rrule import rrule, rrulestr

from diagnostic.ingest.formats.ics_events import Values

MEMBER = "X-DIAGNOSTIC-MEMBER"  # marks which event of the series an occurrence came from
NEGATIVE_COUNT = "COUNT=-"


@dataclass(frozen=True)
class Occurrence:
    source: Values  # the event the occurrence takes its people and subject from
    start: object
    end: object
    original: object  # its RECURRENCE-ID


def occurrences(members: list[Values], zones: list[str], first: dt.date, last: dt.date) -> list[Occurrence] | None:
    """Occurrences starting from ``first`` to before ``last`` (London dates); None when the series cannot be expanded."""
    plain = _plain(members, first, last)
    if plain is not None:
        return plain
    try:
        return _by_library(members, zones, first, last)
    except Exception:  # recurring-ical-events raises many types for broken rules
        return None


def _plain(members: list[Values], first: dt.date, last: dt.date) -> list[Occurrence] | None:
    """The series expanded here, or None when it is not a plain one: one rule on a zoned start,
    and single occurrences moved or cancelled (each a zoned event with no rule of its own)."""
    masters = [m for m in members if m.recurrence_params is None]
    if len(masters) != 1:
        return None
    master = masters[0]
    start, end = _span(master)
    if master.repeats != 1 or len(master.rules) != 1 or master.rdates is not None or start is None:
        return None
    exdates = master.exdates or []
    if not all(isinstance(x, dt.date) for x in exdates):
        return None
    changed = _changed(m for m in members if m is not master)
    rule = _rule(master) if changed is not None else None
    if rule is None:
        return None
    text, until = rule
    if not changed:  # most series: the rule's dates, less those left out, the same for every series alike
        kept = _unchanged(text, *_exact(start), *_exact(end), *_exact(until), tuple(map(_exact, exdates)), first, last)
        return None if kept is None else [Occurrence(master, when, stop, when) for when, stop in kept]
    candidates = _candidates(text, start, end, until, first, last)
    if candidates is None:
        return None
    starts, duration, span = candidates
    left_out_dates, left_out = _left_out(exdates)
    found, returned = [], set()
    for when in starts:
        ids = _recurrence_ids(when)
        if when.date() in left_out_dates or left_out.intersection(ids):
            continue
        moved = next((changed[i] for i in ids if i in changed), None)
        if moved is None:
            stop = when + duration
            if _overlaps(*span, when, stop):
                found.append(Occurrence(master, when, stop, when))
        elif id(moved) not in returned:
            returned.add(id(moved))
            found += _moved(moved, first, last)
    for moved in {id(m): m for m in changed.values()}.values():
        if id(moved) not in returned and not left_out.intersection(_recurrence_ids(moved.recurrence_id)):
            found += _moved(moved, first, last)
    return found


@lru_cache(maxsize=4096)
def _unchanged(text: str, start, _zone, _fold, end, _end_zone, _end_fold, until, _until_zone, _until_fold, exdates: tuple, first, last):
    """(start, end) of each occurrence of a series with no moved or cancelled occurrence, from
    ``first`` to before ``last`` (see :func:`_plain`), or None when dateutil cannot take the rule.
    Many series of an export share a rule, a time and the dates left out (every team's weekly
    meeting at ten on a Monday), so each is worked out once (times with their zone and fold)."""
    candidates = _candidates(text, start, end, until, first, last)
    if candidates is None:
        return None
    starts, duration, span = candidates
    left_out_dates, left_out = _left_out([x for x, *_ in exdates])
    found = []
    for when in starts:
        if when.date() in left_out_dates or left_out.intersection(_recurrence_ids(when)):
            continue
        stop = when + duration
        if _overlaps(*span, when, stop):
            found.append((when, stop))
    return tuple(found)


def _candidates(text: str, start: dt.datetime, end: dt.datetime, until, first: dt.date, last: dt.date) -> tuple | None:
    """(every start the rule gives near ``first`` to ``last``, in order, the series' length, and the
    span an occurrence must overlap), or None when dateutil cannot take the rule. The series' own
    start is one of them unless it is after ``UNTIL``, as recurring-ical-events counts it."""
    zone = start.tzinfo
    duration = end - start
    span_start = _midnight(first - duration, zone)
    span_stop = _midnight(last, zone)
    dates = _dates(text, *_exact(start), *_exact(until), span_start, span_stop)
    if dates is None:
        return None
    starts = {start} if span_start <= start <= span_stop and (until is None or start <= until) else set()
    starts.update(dates)
    return sorted(starts), duration, (_midnight(first, zone), span_stop)


def _left_out(exdates: list) -> tuple[set, set]:
    """(the whole days left out, the RECURRENCE-IDs left out) of a series' EXDATEs: a date leaves
    out its day, a time matches by its UTC or its local wall-clock time."""
    return {x for x in exdates if not isinstance(x, dt.datetime)}, {rid for x in exdates for rid in _recurrence_ids(x)}


def _span(event: Values) -> tuple[dt.datetime | None, dt.datetime | None]:
    """A zoned start and end (DTEND, or no length), or (None, None) when the event is not that plain."""
    start, end = event.start, event.end if event.end is not None else event.start
    if event.duration is not None or not _zoned(start) or not _zoned(end) or end < start:
        return None, None
    return start, end


def _changed(modifications) -> dict | None:
    """The moved or cancelled occurrences by the ways their RECURRENCE-ID is recognised, or None
    when one is not plain (a range, a rule of its own, an unzoned time, two claiming one date)."""
    found: dict = {}
    for event in modifications:
        if (
            "RANGE" in event.recurrence_params
            or event.repeats
            or event.rdates is not None
            or event.exdates is not None
            or not _zoned(event.recurrence_id)
            or _span(event)[0] is None
        ):
            return None
        for rid in _recurrence_ids(event.recurrence_id):  # in winter UK its UTC and wall-clock times are one
            if found.setdefault(rid, event) is not event:
                return None
    return found


def _moved(event: Values, first: dt.date, last: dt.date) -> list[Occurrence]:
    """A moved occurrence, when it overlaps the span (its days at midnight in the event's own zone)."""
    start, end = _span(event)
    inside = _overlaps(_midnight(first, start.tzinfo), _midnight(last, start.tzinfo), start, end)
    return [Occurrence(event, start, end, event.recurrence_id)] if inside else []


def _rule(master: Values) -> tuple[str, dt.datetime | None] | None:
    """A plain rule text (upper case, no escapes, ``UNTIL`` in UTC) without its ``UNTIL``, and
    that ``UNTIL``; None for any other rule.

    ``UNTIL`` is read by icalendar and given to the rule as a moment: dateutil's own reading of it
    goes through its general date parser, ten times slower than the rest of the series.
    """
    text = master.rule_text
    if text != text.upper() or "\\" in text or NEGATIVE_COUNT in text or text.startswith("UNTIL="):
        return None
    parts = text.split(";UNTIL=")
    untils = master.facts[0].untils
    if len(parts) > 2 or len(untils) != (len(parts) - 1) or (untils and not _zoned(untils[0])):
        return None
    rest = parts[0] + (parts[1][parts[1].find(";") :] if len(parts) == 2 and ";" in parts[1] else "")
    return rest, untils[0] if untils else None


def _exact(moment: dt.datetime | None) -> tuple:
    """A time with its zone and fold beside it, so that times equal as instants, or equal wall-clock
    times either side of a clock change, are not taken for one another in a cache."""
    return (moment, getattr(moment, "tzinfo", None), getattr(moment, "fold", 0))


@lru_cache(maxsize=4096)
def _dates(text: str, start: dt.datetime, _zone, _fold, until, _until_zone, _until_fold, span_start, span_stop) -> tuple | None:
    """The rule's dates from ``span_start`` to ``span_stop`` (both included), none after ``until``;
    None when dateutil cannot take the rule. An export has many series of one rule at one time
    (every team's weekly meeting at ten on a Monday), so each is worked out once."""
    try:
        rule = _template(text).replace(dtstart=start, until=until)
    except (ValueError, TypeError, OverflowError):
        return None
    return tuple(s for s in rule.between(span_start, span_stop, inc=True) if until is None or s <= until)


@lru_cache(maxsize=1024)
def _template(text: str) -> rrule:
    """A rule text read once by dateutil: an export writes the same few rules on many series, and
    each series' rule is this one given its own start (``replace`` keeps what the text set)."""
    return rrulestr(text, cache=True)


def _zoned(value) -> bool:
    return isinstance(value, dt.datetime) and value.tzinfo is not None


def _midnight(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=zone)


def _recurrence_ids(when: dt.date) -> tuple:
    """How recurring-ical-events recognises an occurrence: its UTC and its local wall-clock time."""
    if not isinstance(when, dt.datetime):
        return (dt.datetime(when.year, when.month, when.day),)
    if when.tzinfo is None:
        return (when,)
    return (when.astimezone(dt.UTC).replace(tzinfo=None), when.replace(tzinfo=None))


def _overlaps(span_start, span_stop, start, stop) -> bool:
    if start == stop:
        return span_start <= start < span_stop
    return start < span_stop and span_start < stop


def _by_library(members: list[Values], zones: list[str], first: dt.date, last: dt.date) -> list[Occurrence]:
    """recurring-ical-events over the series' own text (each event marked with its place in ``members``)."""
    marked = [text.replace("\n", f"\n{MEMBER}:{i}\n", 1) for i, text in enumerate(m.text for m in members)]
    calendar = icalendar.Calendar.from_ical("\n".join(["BEGIN:VCALENDAR", *zones, *marked, "END:VCALENDAR"]))
    found = []
    for component in recurring_ical_events.of(calendar).between(first, last):
        member = component.get(MEMBER)
        source = members[int(str(member if not isinstance(member, list) else member[0]))]
        found.append(Occurrence(source, _decoded(component, "DTSTART"), _decoded(component, "DTEND"), _decoded(component, "RECURRENCE-ID")))
    return found


def _decoded(component, name: str):
    try:
        return component.decoded(name) if name in component else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
