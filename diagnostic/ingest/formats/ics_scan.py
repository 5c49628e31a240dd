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
# Each pattern begins with the line end before a line (the text is given one in front): the
# regular expression engine then jumps from line end to line end instead of trying every character.
ODD_LINE = re.compile(r"\n(?![A-Z][A-Z0-9-]*[;:]|\n|\Z)")  # a line not in the plain shape
ODD_USED = re.compile(rf"\n(?:{_NAMES})(?=[;:])(?!{_PARAMS}:)")  # a used line whose parameters are not plain
USED_LINE = re.compile(rf"\n({_NAMES})({_PARAMS}):(.*)")
EDGE_LINE = re.compile(rf"\n(?:BEGIN|END){_PARAMS}:.*")  # the same BEGIN and END lines, for where they are


def scan(text: str, file: str) -> tuple[list[Event], list[str]] | None:
    """The events and zone texts of a plain calendar (see :func:`read_events`), or None when the
    file is not in the plain shape."""
    text = "\n" + text
    if ODD_LINE.search(text) or ODD_USED.search(text):
        return None
    stack: list[str] = []
    events: list[Event] = []
    begun: list[Event] = []  # events of the current top-level component
    current: Event | None = None
    start = 0
    cuts: list[int] = [1]  # the text around events: [1, start, end, start, end, ..., len]
    edges = (match.span() for match in EDGE_LINE.finditer(text))
    for name, params, value in USED_LINE.findall(text):
        if name == "BEGIN":
            if current is not None:
                return None  # a component inside an event
            value = (unescape_backslash(value) if "\\" in value else value).upper()
            stack.append(value)
            where = next(edges)
            if value == "VEVENT":
                current, start = Event(), where[0] + 1
                begun.append(current)
        elif name == "END":
            if not stack:
                return None  # refused by the line-by-line reader, with its message
            end = next(edges)[1]
            if stack.pop() == "VEVENT":
                current.text = text[start:end]
                cuts += [start, end]
                current = None
            if not stack:
                events.extend(begun)
                begun = []
        elif current is not None:
            props = current.props
            if name in props:
                props[name].append((params, value))
            else:
                props[name] = [(params, value)]
    cuts.append(len(text))
    skeleton = "\n".join(text[a:b] for a, b in zip(cuts[::2], cuts[1::2]))
    _, zones = read_events(skeleton, file)
    return events, zones
