"""The whole-text scan of a calendar in the plain shape, the shape Outlook, Exchange and Google write.

When every line begins with an upper-case property name and every line the loader uses has plain
parameters, one regular expression finds the lines that matter in the whole text at once, and
everything between the events (the calendar's header, its VTIMEZONE blocks) goes through the
line-by-line reader (:func:`~diagnostic.ingest.formats.ics_lines.read_events`) to be checked and
its zones learnt. Any other file (an odd line anywhere, or a component inside an event, such as a
reminder) is read line by line instead: the two give the same events.
"""

from __future__ import annotations

import re

from icalendar.parser.property import unescape_backslash

from diagnostic.ingest.formats.ics_lines import USED, Event, read_events

_NAMES = "|".join(sorted(USED | {"BEGIN", "END"}))
_PARAMS = r'(?:;[A-Z][A-Z0-9-]*=(?:"[^"\\^\n]*"|[^";:,\\^= \t\n]+(?:[ \t]+[^";:,\\^= \t\n]+)*)?)*'
ODD_LINE = re.compile(r"^(?![A-Z][A-Z0-9-]*[;:]|$)", re.M)  # a line not in the plain shape
ODD_USED = re.compile(rf"^(?:{_NAMES})(?=[;:])(?!{_PARAMS}:)", re.M)  # a used line whose parameters are not plain
USED_LINE = re.compile(rf"^({_NAMES})({_PARAMS}):(.*)$", re.M)


def scan(text: str, file: str) -> tuple[list[Event], list[str]] | None:
    """The events and zone texts of a plain calendar (see :func:`read_events`), or None when the
    file is not in the plain shape."""
    if ODD_LINE.search(text) or ODD_USED.search(text):
        return None
    stack: list[str] = []
    events: list[Event] = []
    begun: list[Event] = []  # events of the current top-level component
    current: Event | None = None
    start = 0
    cuts: list[int] = [0]  # the text around events: [0, start, end, start, end, ..., len]
    for match in USED_LINE.finditer(text):
        name = match.group(1)
        if name == "BEGIN":
            if current is not None:
                return None  # a component inside an event
            value = match.group(3)
            value = (unescape_backslash(value) if "\\" in value else value).upper()
            stack.append(value)
            if value == "VEVENT":
                current, start = Event(), match.start()
                begun.append(current)
        elif name == "END":
            if not stack:
                return None  # refused by the line-by-line reader, with its message
            if stack.pop() == "VEVENT":
                current.text = text[start : match.end()]
                cuts += [start, match.end()]
                current = None
            if not stack:
                events.extend(begun)
                begun = []
        elif current is not None:
            current.props.setdefault(name, []).append((match.group(2), match.group(3)))
    cuts.append(len(text))
    skeleton = "\n".join(text[a:b] for a, b in zip(cuts[::2], cuts[1::2]))
    _, zones = read_events(skeleton, file)
    return events, zones
