"""Reading an .ics file line by line into the few properties a meeting needs.

A general iCalendar parser builds an object for every property and parameter of every event; a
council's calendar has hundreds of thousands of lines, most of them (locations, busy status,
categories) never used here. This reader unfolds the text, walks the lines once, and keeps only
the properties listed in :data:`USED`. Lines in the plain shape Outlook, Exchange and Google write
are split by one regular expression; any other line (lowercase names, odd spacing, escaped or
caret-encoded parameters) is handed to icalendar's own content-line parser, and any value not in
the plain shape to icalendar's value types, so unusual files read exactly as icalendar reads them.

What icalendar refuses for the whole file (a property outside any component, an ``END`` with no
``BEGIN``, a broken line outside an event) is refused here too, with the same message; a broken
line inside an event is skipped, as icalendar does.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field

import icalendar
from icalendar.parser.content_line import Contentline
from icalendar.parser.property import unescape_backslash
from icalendar.timezone import tzp

from diagnostic.dataset import TZ
from diagnostic.errors import InputError
from diagnostic.ingest.formats.ics_zones import WINDOWS_ZONES

LINE_FOLD = re.compile(r"\n[ \t]")  # a fold, once CRLF is LF
TAB_FOLD_OR_BLANK = re.compile(r"\n(?:\t|\n+ )")  # where a plain replace of folds is not enough
CRLF_TAB_FOLD_OR_BLANK = re.compile(r"\n(?:\t|(?:\r?\n)+ )")  # the same, line ends as written
LONE_CR = re.compile(r"\r(?!\n)")  # a carriage return not before a line feed
UFOLD = re.compile(r"(?:(?<!\n)\r\n|(?<![\r\n])\n)(?:\r?\n)*[ \t]")
# NAME;KEY=VALUE;KEY="VALUE":value with nothing that needs unescaping before the value
PLAIN_LINE = re.compile(r'([A-Z][A-Z0-9-]*)((?:;[A-Z][A-Z0-9-]*=(?:"[^"\\^]*"|[^";:,\\^= \t]+(?:[ \t]+[^";:,\\^= \t]+)*)?)*):(.*)')
PLAIN_PARAM = re.compile(r';([A-Z][A-Z0-9-]*)=(?:"([^"]*)"|([^;]*))')
PLAIN_MOMENT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?", re.ASCII)
ZONED = frozenset({"DTSTART", "DTEND", "RECURRENCE-ID", "RDATE", "EXDATE"})  # icalendar reads TZID on these only
# the properties the loader reads from an event; every other line of an event is skipped unread
USED = frozenset(
    {"UID", "SUMMARY", "STATUS", "SEQUENCE", "DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "DTSTAMP"}
    | {"ORGANIZER", "ATTENDEE", "RRULE", "RDATE", "EXDATE", "X-MICROSOFT-CDO-ALLDAYEVENT"}
)
TYPES = icalendar.Event.types_factory
RENAMED_ZONES = frozenset(WINDOWS_ZONES.values()) | {TZ}  # the zones Outlook's names are renamed to


@dataclass
class Event:
    """One VEVENT: its used properties as (parameters, raw value) pairs, in the order written, and
    its unfolded text (for a digest and for recurring-ical-events when its series needs it). The
    text may be given as what cuts it out of the file: most events' text is never asked for."""

    props: dict[str, list[tuple[dict, str]]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)  # while it is being read
    written: str | Callable[[], str] = ""

    @property
    def text(self) -> str:
        if callable(self.written):
            self.written = self.written()
        return self.written


def unfold(text: str) -> str:
    """Continuation lines joined to the line they continue, with line ends as ``\\n``.

    The folds the loader has always removed (a line end then a space or tab), then icalendar's own
    (runs of blank lines before one), which can only remain where a line end is still followed by
    a space or tab. Line ends are made ``\\n`` first: the same folds are found, in a tenth of the time.
    """
    text = text.replace("\r\n", "\n")
    if TAB_FOLD_OR_BLANK.search(text) is not None:
        text = LINE_FOLD.sub("", text)
        return UFOLD.sub("", text) if "\n " in text or "\n\t" in text else text
    # with no tab-folded line, every fold is a line end then a space, found left to right as the
    # pattern finds them: a plain replace, three times as quick on a large file; and with no blank
    # line before a fold either, no line end can be left before a space or tab once they are gone
    return text.replace("\n ", "")


def plain_folds(text: str) -> bool:
    """True when the text can be read with its folds and line ends as written, a piece at a time
    (:func:`unfold_plain`): every ``\r`` is before a ``\n``, no fold is by a tab or after blank
    lines, and the text does not begin with a line end, a space or a tab."""
    return text[:1] not in ("\r", "\n", " ", "\t") and LONE_CR.search(text) is None and CRLF_TAB_FOLD_OR_BLANK.search(text) is None


def unfold_plain(text: str) -> str:
    """:func:`unfold` of a text with plain folds (:func:`plain_folds`), or of a piece of one cut at
    the start and end of its lines (not inside a fold).

    With every ``\r`` before a ``\n``, making line ends ``\n`` only drops each ``\r``; a fold is
    then ``\r\n `` or ``\n ``, and removing one never makes another, as no blank line runs
    into a fold.
    """
    return text.replace("\r\n ", "").replace("\n ", "").replace("\r\n", "\n")


def read_events(text: str, file: str) -> tuple[list[Event], list[str]]:
    """The file's VEVENTs (nested ones too, in the order they begin) and its VTIMEZONE blocks' text.

    Components still open at the end of the file are dropped, as icalendar drops them. A line
    inside an event belongs to every event it is nested in, as in icalendar's components.
    """
    stack: list[str] = []  # component names, innermost last
    open_events: list[Event] = []
    begun: list[Event] = []  # events of the current top-level component
    events: list[Event] = []
    zones: list[str] = []
    zone_lines: list[str] = []
    checked: set[str] = set()
    for line in text.split("\n"):
        if not line:
            continue
        match = PLAIN_LINE.fullmatch(line)
        if match is not None:
            name, params, value = match.group(1), match.group(2), match.group(3)
        else:
            parsed = _odd_line(line, stack, file)
            if parsed is None:
                continue
            name, params, value = parsed
        if name == "BEGIN":
            value = unescape_backslash(value).upper()
            stack.append(value)
            if value == "VEVENT":
                open_events.append(Event())
                begun.append(open_events[-1])
            for event in open_events:
                event.lines.append(line)
            if value == "VTIMEZONE" or zone_lines:
                zone_lines.append(line)
            continue
        if name == "END":
            if not stack:
                raise _unreadable(file)
            closed = stack.pop()
            for event in open_events:
                event.lines.append(line)
            if closed == "VEVENT":
                open_events.pop()
            if zone_lines:
                zone_lines.append(line)
                if closed == "VTIMEZONE":
                    zones.append(_cache_zone(zone_lines, file))
                    zone_lines = []
            if not stack:
                events.extend(begun)
                begun = []
            continue
        top = stack[-1] if stack else None
        if top is None:
            if name != "X-COMMENT":
                raise _unreadable(file)
            continue
        for event in open_events:
            event.lines.append(line)
        if zone_lines:
            zone_lines.append(line)
        elif top != "VEVENT" and line not in checked:
            _check_property(name, params, value, line, file)
            checked.add(line)
        if top == "VEVENT" and name in USED:
            open_events[-1].props.setdefault(name, []).append((params, value))
    for event in events:
        event.written, event.lines = "\n".join(event.lines), []
    return events, zones


def _odd_line(line: str, stack: list[str], file: str) -> tuple[str, object, str] | None:
    """A line not in the plain shape, split by icalendar; None for a broken line inside an event
    (skipped, as icalendar skips it). Parameters come back as icalendar's, values raw."""
    try:
        name, params, value = Contentline(line).raw_parts()
    except ValueError:
        if stack and stack[-1] == "VEVENT":
            return None
        raise _unreadable(file) from None
    return name.upper(), params, value


def _check_property(name: str, params, value: str, line: str, file: str) -> None:
    """A property outside any event must be readable, or icalendar refuses the whole file."""
    if name.startswith("X-") or name == "CATEGORIES" or (name == "RDATE" and value == ""):
        return
    parsed = params_of(params)
    factory = TYPES.for_property(name, parsed.get("VALUE"))
    tzid = parsed.get("TZID") if name in ZONED else None
    if hasattr(factory, "get_value_from_content_line"):
        pieces = [factory.get_value_from_content_line(Contentline(line))]
    else:
        pieces = unescape_backslash(value).split(",") if name == "FREEBUSY" else [unescape_backslash(value)]
    try:
        for piece in pieces:
            factory.from_ical(piece, str(tzid)) if tzid else factory.from_ical(piece)
    except (ValueError, TypeError):
        raise _unreadable(file) from None


def _cache_zone(lines: list[str], file: str) -> str:
    """Hand a VTIMEZONE to icalendar's zone cache (as parsing the file with icalendar does), so a
    zone defined only in this file is known; its text is kept for series icalendar expands."""
    text = "\n".join(lines)
    try:
        [zone] = icalendar.Timezone.from_ical(text, multiple=True)
    except (ValueError, TypeError, KeyError, IndexError):
        raise _unreadable(file) from None
    if "TZID" in zone and not _known_zone(str(zone["TZID"])):
        tzp.cache_timezone_component(zone)
    return text


def _known_zone(tzid: str) -> bool:
    """True for a zone that Outlook's names are renamed to and that loads: icalendar knows it, so
    would not cache the file's definition of it. Asked here first because icalendar's own check
    lists every zone on the disk the first time (a fiftieth of a second per process)."""
    if tzid not in RENAMED_ZONES:
        return False
    try:
        zoneinfo.ZoneInfo(tzid)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _unreadable(file: str) -> InputError:
    return InputError(f"{file}: this calendar file cannot be read. Export the calendar again as an .ics file.")


def params_of(params) -> dict:
    """Parameters as a mapping with upper-case keys (the plain shape's text split here)."""
    if isinstance(params, str):
        # a quoted value, else the plain one: an empty quoted value is empty either way
        return {key: quoted or plain for key, quoted, plain in PLAIN_PARAM.findall(params)} if params else {}
    return params


class Decoder:
    """Property values of one file, decoded as icalendar decodes them; the plain shapes are read
    here, and remembered: a calendar repeats the same timestamps and attendees thousands of times."""

    def __init__(self) -> None:
        self.zones: dict[str, dt.tzinfo | None] = {}
        self.decoded: dict[tuple, object] = {}
        self.parameters: dict[str, dict] = {}
        self.rules: dict[int, tuple[object, object]] = {}  # what each repeat rule says, by the rule (kept alive here)
        self.rule_parts: dict[tuple[str, str], list | None] = {}  # each KEY=VALUES of a repeat rule, read (None: unreadable)

    def params(self, params) -> dict:
        """:func:`params_of`, remembered for the plain shape's text."""
        if not isinstance(params, str):
            return params
        found = self.parameters.get(params)
        if found is None:
            found = self.parameters[params] = params_of(params)
        return found

    def zone(self, tzid: str) -> dt.tzinfo | None:
        if tzid not in self.zones:
            self.zones[tzid] = tzp.timezone(tzid)
        return self.zones[tzid]

    def time(self, name: str, params, raw: str):
        """A date, datetime (aware when its zone is known), timedelta or period; None when broken."""
        key = (name in ZONED, params, raw) if isinstance(params, str) else None
        if key is not None and key in self.decoded:
            return self.decoded[key]
        parsed = self.params(params)
        tzid = parsed.get("TZID") if name in ZONED else None
        tzid = str(tzid) if tzid else None
        match = PLAIN_MOMENT.fullmatch(raw) if "VALUE" not in parsed and "\\" not in raw else None
        value = self._by_icalendar(name, parsed, raw, tzid) if match is None else self._moment(match, tzid)
        if key is not None:
            self.decoded[key] = value
        return value

    def _moment(self, match: re.Match, tzid: str | None):
        year, month, day, hour, minute, second, utc = match.groups()
        zone = self.zone(tzid) if tzid else None
        try:
            if hour is None:
                value = dt.date(int(year), int(month), int(day))
                return tzp.localize(dt.datetime(value.year, value.month, value.day), zone) if zone is not None else value
            value = dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
        except (ValueError, OverflowError):
            return None
        if zone is not None:
            return tzp.localize(value, zone)
        return tzp.localize_utc(value) if utc else value

    def _by_icalendar(self, name: str, params, raw: str, tzid: str | None):
        factory = TYPES.for_property(name, params.get("VALUE"))
        try:
            value = unescape_backslash(raw)
            if factory is icalendar.vRecur and not tzid:
                return self._rule(value)
            return factory.from_ical(value, tzid) if tzid else factory.from_ical(value)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            return None

    def _rule(self, text: str) -> icalendar.vRecur | None:
        """A repeat rule read as ``vRecur.from_ical`` reads it (None where that fails), each of its
        parts read once: a calendar's rules differ mostly in their UNTIL alone."""
        rule = icalendar.vRecur()
        for pair in text.split(";"):
            try:
                key, values = pair.split("=")
            except ValueError:  # vRecur skips a part that is not one KEY=VALUES
                continue
            if (key, values) not in self.rule_parts:
                try:
                    self.rule_parts[key, values] = icalendar.vRecur.parse_type(key, values)
                except Exception:  # vRecur.from_ical turns any failure of a part into a ValueError
                    self.rule_parts[key, values] = None
            parsed = self.rule_parts[key, values]
            if parsed is None:
                return None
            rule[key] = parsed
        return icalendar.vRecur(rule)

    def value(self, name: str, params, raw: str):
        """Any other used property through icalendar's type for it (repeat rules, date lists);
        the same rule is written on every series of a kind, so each text is decoded once."""
        key = (name, params, raw) if isinstance(params, str) else None
        if key is not None and key in self.decoded:
            return self.decoded[key]
        parsed = params_of(params)
        tzid = parsed.get("TZID") if name in ZONED else None
        value = None if name == "RDATE" and raw == "" else self._by_icalendar(name, parsed, raw, str(tzid) if tzid else None)
        if key is not None:
            self.decoded[key] = value
        return value
