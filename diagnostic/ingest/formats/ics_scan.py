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
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from operator import itemgetter

import numpy as np
from icalendar.parser.property import unescape_backslash

from diagnostic.ingest.formats.ics_lines import USED, Event, read_events, unfold_plain
from diagnostic.ingest.formats.ics_zones import TZID, renamed_alone
from diagnostic.ingest.rawfile import BINARY_PROBE_CHARS, RawFile, decode, looks_binary

_NAMES = "|".join(sorted(USED | {"BEGIN", "END"}))
CODES = {name: code for code, name in enumerate(sorted(USED | {"BEGIN", "END"}))}  # each used line's name as a number
EDGES = (CODES["BEGIN"], CODES["END"])
_PARAMS = r'(?:;[A-Z][A-Z0-9-]*=(?:"[^"\\^\n]*"|[^";:,\\^= \t\n]+(?:[ \t]+[^";:,\\^= \t\n]+)*)?)*'
PLAIN_PARAMS = re.compile(_PARAMS)
# Each pattern begins with the line end before a line (the first line is given one on its own): the
# regular expression engine then jumps from line end to line end instead of trying every character.
# A used line whole, or a line not in the plain shape (no upper-case name then ``;`` or ``:``):
# one pass over the text finds both. A calendar repeats the same few thousand lines (the same
# attendees, times and subjects) over hundreds of thousands, so each distinct line is then split
# once (PARTS), and its parameters checked once against the plain shape (PLAIN_PARAMS).
USED_LINE = re.compile(rf"\n((?:{_NAMES})(?=[;:]).*|(?![A-Z][A-Z0-9-]*[;:]|\n|\Z).*)")
# The same in a text with its folds as written (see ``written`` in :func:`scan_lines`): a used line
# with its continuation lines; a continuation line of a line not used is not a line of its own,
# and a blank line is blank whichever its line end.
WRITTEN_USED_LINE = re.compile(rf"\n((?:{_NAMES})(?=[;:]).*(?:\n .*)*|(?![A-Z][A-Z0-9-]*[;:]| |\r?\n|\Z).*)")
FIRST_LINE = re.compile(r".*(?:\n .*)*")  # the first line of a text with its folds as written
# A used line's name, its parameters up to the first colon outside quotes (matched loosely, in
# one quick run of characters), that colon ("" when there is none) and its value; no match for a
# line not in the plain shape.
PARTS = re.compile(rf'({_NAMES})(?=[;:])([^:"]*(?:"[^"]*"[^:"]*)*)(:?)(.*)')
EDGE_LINE = re.compile(rf"\n(?:BEGIN|END){_PARAMS}:.*")  # the same BEGIN and END lines, for where they are
WRITTEN_EDGE_LINE = re.compile(rf"\n(?:BEGIN|END){_PARAMS}:.*(?:\n .*)*")

Line = tuple[str, str, str, str]  # name, parameters, ":", raw value


@dataclass
class Scanned:
    """A plain calendar's used lines, and where each of its events is among them and in the text."""

    text: str  # the text (its TZIDs as written: see ``rename``; unfolded unless ``written``)
    lines: list[Line]  # each distinct used line, split (its TZIDs renamed)
    ids: np.ndarray  # each used line of the file in order, as its place in ``lines``
    codes: np.ndarray  # each used line's name (see CODES)
    spans: np.ndarray  # each event's BEGIN and END line, as places in ``ids`` (pairs)
    places: np.ndarray  # each event's text, as places in ``text`` (pairs)
    zones: list[str]  # the text of each VTIMEZONE
    rename: Callable[[str], str] | None = None  # what renames the TZIDs of a piece of ``text``
    written: bool = False  # ``text`` has its folds and line ends as written (see :func:`scan_lines`)
    encoded: bool = False  # ``text`` is the file's UTF-8 bytes a character each (see :func:`utf8_view`)

    def event(self, number: int) -> Event:
        """One event with its used properties in the order written (see :class:`Event`)."""
        first, last = self.spans[number]
        props: dict[str, list[tuple[str, str]]] = {}
        for name, params, _, value in map(self.lines.__getitem__, self.ids[first + 1 : last].tolist()):
            if name in props:
                props[name].append((params, value))
            else:
                props[name] = [(params, value)]
        return Event(props=props, written=partial(self._text, number))

    def _text(self, number: int) -> str:
        start, end = self.places[number]
        text = _decoded(self.text[start:end], self.encoded)
        text = unfold_plain(text) if self.written else text
        return self.rename(text) if self.rename is not None else text


def scan(text: str, file: str) -> tuple[list[Event], list[str]] | None:
    """The events and zone texts of a plain calendar (see :func:`read_events`), or None when the
    file is not in the plain shape."""
    scanned = scan_lines(text, file)
    if scanned is None:
        return None
    return [scanned.event(number) for number in range(len(scanned.spans))], scanned.zones


def scan_lines(
    text: str, file: str, rename: Callable[[str], str] | None = None, written: bool = False, encoded: bool = False
) -> Scanned | None:
    """The used lines of a plain calendar and where its events are; None when the file is not in
    the plain shape (an odd line, parameters not plain, a component inside an event).

    ``written``: the text has its folds and line ends as written, and they are plain
    (:func:`~diagnostic.ingest.formats.ics_lines.plain_folds`); it is scanned as the same text
    unfolded, each line and event unfolded once found, so a large file is not copied whole to
    unfold it.

    ``encoded``: the text is the file's UTF-8 bytes a character each (:func:`utf8_view`); the
    lines found are decoded, a distinct line at a time.

    ``rename`` renames the TZIDs of a text (see :mod:`ics_zones`): it is used on each distinct
    line, and on the text of an event when it is asked for, when that is the same as renaming the
    whole text first; else on the whole text here.
    """
    ids, distinct = _distinct(_used_lines(text, written), written, encoded)
    if rename is not None and TZID in text and not _renamed_alone(text, ids, distinct):
        text = _decoded(text, encoded)
        text, rename = rename(unfold_plain(text) if written else text), None
        written = encoded = False
        ids, distinct = _distinct(_used_lines(text, written), written, encoded)
    split = [PARTS.match(line if rename is None or TZID not in line else rename(line)) for line in distinct]
    if None in split:
        return None
    lines: list[Line] = [match.groups() for match in split]
    if "" in set(map(itemgetter(2), lines)) or not all(map(PLAIN_PARAMS.fullmatch, set(map(itemgetter(1), lines)))):
        return None
    codes = np.array([CODES[line[0]] for line in lines], dtype=np.int8)[ids] if lines else np.zeros(0, dtype=np.int8)
    where = _edge_places(text, written)
    if len(where) != np.count_nonzero((codes == EDGES[0]) | (codes == EDGES[1])):
        return None  # a BEGIN or END line folded inside its parameters
    found = _events(lines, ids, codes, where)
    if found is None:
        return None
    spans, places, cuts = found
    cuts = [0, *cuts, len(text)]  # the text around events: [0, start, end, start, end, ..., len]
    skeleton = _decoded("\n".join(text[a:b] for a, b in zip(cuts[::2], cuts[1::2])), encoded)
    skeleton = unfold_plain(skeleton) if written else skeleton
    _, zones = read_events(rename(skeleton) if rename is not None else skeleton, file)
    return Scanned(text, lines, ids, codes, spans, places, zones, rename, written, encoded)


def utf8_view(raw: RawFile) -> str | None:
    """The file's bytes read as Latin-1, one character for each byte, when they are UTF-8 (no
    byte-order mark, no NUL, not binary); else None.

    A calendar with one character beyond Latin-1 (a dash, a curly quote) decodes to text of two
    or four bytes a character, and every pass over it takes two or four times as long. Each line
    this scan looks for is found the same in this view (its line ends, names and parameters are
    ASCII, and no byte of a UTF-8 character is ASCII), and is decoded once found.
    """
    if raw.encoding != ("utf-8", 0) or b"\x00" in raw.data:
        return None
    if looks_binary(decode(raw.data[: 4 * BINARY_PROBE_CHARS], "utf-8")[:BINARY_PROBE_CHARS]):
        return None  # the text is refused as binary, with its message
    return raw.data.decode("latin-1")


def _decoded(text: str, encoded: bool) -> str:
    """A piece of a :func:`utf8_view` as text (a character cut at the end of the file as the whole
    file is decoded); any other text as it is."""
    return decode(text.encode("latin-1"), "utf-8") if encoded else text


def _used_lines(text: str, written: bool) -> list[str]:
    """Every used line and every line not in the plain shape (see USED_LINE), in order. The
    pattern wants a line end before each line: the first line is given one on its own, so the
    whole text is not copied to put one in front."""
    head = _first_line_end(text, written)
    pattern = WRITTEN_USED_LINE if written else USED_LINE
    found = pattern.findall(text, head)
    first = pattern.match("\n" + text[:head])
    if first is not None:
        found.insert(0, first.group(1))
    return found


def _first_line_end(text: str, written: bool) -> int:
    """Where the text's first line ends (its last continuation line, in a ``written`` text)."""
    if written:
        return FIRST_LINE.match(text).end()
    head = text.find("\n")
    return head if head >= 0 else len(text)


def _edge_places(text: str, written: bool) -> np.ndarray:
    """Where each BEGIN and END line is in the text (from the line end before it, -1 for the
    first line, to its end before any ``\r`` of a ``written`` text), in order, as pairs (see
    :func:`_used_lines`)."""
    head = _first_line_end(text, written)
    pattern = WRITTEN_EDGE_LINE if written else EDGE_LINE
    first = pattern.match("\n" + text[:head])
    found = [(first.start() - 1, first.end() - 1)] if first is not None else []
    found += map(re.Match.span, pattern.finditer(text, head))
    places = np.array(found, dtype=np.int64).reshape(-1, 2)
    if written:  # in such a text a line's last character is a \r only before its \n
        places[:, 1] -= [text[end - 1] == "\r" for end in places[:, 1].tolist()]
    return places


def _distinct(found: list[str], written: bool, encoded: bool) -> tuple[np.ndarray, list[str]]:
    """Each line as its place among the distinct lines (in the order first met), and those lines
    (decoded from an ``encoded`` text: distinct UTF-8 is distinct text; unfolded, without the
    ``\r`` of its line end, from a ``written`` one).

    The lines are decoded and unfolded all at once, joined by a NUL: no text read here holds one
    (:func:`utf8_view`, :attr:`~diagnostic.ingest.rawfile.RawFile.text`).
    """
    ids, distinct = _first_met(found)
    if not distinct or not (encoded or written):
        return ids, distinct
    joined = _decoded("\x00".join(distinct), encoded)
    distinct = (unfold_plain(joined) if written else joined).split("\x00")
    if not written:
        return ids, distinct
    bare = [line[:-1] if line[-1:] == "\r" else line for line in distinct]
    if len(set(bare)) == len(bare):
        return ids, bare
    places, merged = _first_met(bare)  # the same line folded or ended two ways is one line
    return places[ids], merged


def _first_met(found: list[str]) -> tuple[np.ndarray, list[str]]:
    """Each item as its place among the distinct items in the order first met, and those items."""
    first: dict[str, int] = {}
    at = np.fromiter(map(first.setdefault, found, range(len(found))), dtype=np.int64, count=len(found))
    rank = np.zeros(len(found), dtype=np.int64)
    rank[list(first.values())] = np.arange(len(first))
    return rank[at], list(first)


def _renamed_alone(text: str, ids: np.ndarray, distinct: list[str]) -> bool:
    """True when renaming the TZIDs of each used line alone renames every TZID of the text as
    renaming the whole text would: each one is in a used line, and none runs on past its line
    (:func:`~diagnostic.ingest.formats.ics_zones.renamed_alone`)."""
    zoned = [place for place, line in enumerate(distinct) if TZID in line]
    if not all(renamed_alone(distinct[place]) for place in zoned):
        return False
    times = np.bincount(ids, minlength=len(distinct))
    return text.count(TZID) == sum(distinct[place].count(TZID) * int(times[place]) for place in zoned)


def _events(lines: list[Line], ids: np.ndarray, codes: np.ndarray, where: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[int]] | None:
    """From the BEGIN and END lines (``where``: their places in the text, in order): each event's
    span of lines and of text, and the text of every closed event (cut out of the skeleton).

    Components nest by depth alone (an END closes the last component begun, whatever it names),
    and an event holds no component, so each event's BEGIN is followed by its END. Events of a
    top-level component still open at the end are dropped, as icalendar drops them; None for a
    component inside an event or an END with no BEGIN (refused by the line-by-line reader, with
    its message).
    """
    edges = np.flatnonzero((codes == EDGES[0]) | (codes == EDGES[1]))
    if not len(edges):
        return np.zeros((0, 2), dtype=np.int64), np.zeros((0, 2), dtype=np.int64), []
    begins = codes[edges] == EDGES[0]
    depth = np.cumsum(np.where(begins, 1, -1))  # after each BEGIN or END
    if (depth < 0).any():
        return None
    named = ids[edges[begins]]
    kinds = np.zeros(len(lines), dtype=bool)  # whether each distinct BEGIN line begins an event
    for i in np.unique(named).tolist():
        value = lines[i][3]
        kinds[i] = (unescape_backslash(value) if "\\" in value else value).upper() == "VEVENT"
    event = np.zeros(len(edges), dtype=bool)
    event[begins] = kinds[named]
    first = np.flatnonzero(event)
    first = first[first + 1 < len(edges)]  # an event begun on the last such line is still open
    if begins[first + 1].any():
        return None
    places = np.column_stack([where[first, 0] + 1, where[first + 1, 1]])
    cuts = places.ravel().tolist()
    if depth[-1] > 0:  # the last top-level component is still open: its events are dropped
        last = np.flatnonzero(begins & (depth == 1))[-1]
        first, places = first[first < last], places[first < last]
    return np.column_stack([edges[first], edges[first + 1]]), places, cuts
