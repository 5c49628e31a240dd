"""Time-zone names in a calendar's ``TZID`` parameters, in IANA terms.

Outlook writes Windows time-zone names (``GMT Standard Time``); they are mapped to IANA names
before parsing so times never depend on a zone definition in the file. The mapping is a pass of
:data:`TZID_PARAM` over the whole text; a plain calendar can instead be renamed a distinct line at
a time (:func:`renamed_alone` says when that gives the same text), so the file's tens of thousands
of lines that repeat a few hundred times are not copied whole to change one name.
"""

from __future__ import annotations

import re

from diagnostic.dataset import TZ

# Windows time-zone names Outlook writes in TZID, and the IANA zone each means.
WINDOWS_ZONES: dict[str, str] = {
    "GMT Standard Time": "Europe/London",
    "Greenwich Standard Time": "Atlantic/Reykjavik",
    "W. Europe Standard Time": "Europe/Berlin",
    "Romance Standard Time": "Europe/Paris",
    "Central Europe Standard Time": "Europe/Budapest",
    "Central European Standard Time": "Europe/Warsaw",
    "GTB Standard Time": "Europe/Bucharest",
    "FLE Standard Time": "Europe/Kiev",
    "Eastern Standard Time": "America/New_York",
    "Central Standard Time": "America/Chicago",
    "Mountain Standard Time": "America/Denver",
    "Pacific Standard Time": "America/Los_Angeles",
    "India Standard Time": "Asia/Kolkata",
    "AUS Eastern Standard Time": "Australia/Sydney",
    "UTC": "UTC",
    "Coordinated Universal Time": "UTC",
}
LONDON_DISPLAY_NAME = "london"  # older Outlook writes "(UTC+00:00) Dublin, Edinburgh, Lisbon, London"
TZID = ";TZID="
TZID_PARAM = re.compile(r';TZID=(?:"([^"]*)"|([^:;]*))')
_TZID_NAME = re.compile(r";TZID=([^:;]*)")  # an unquoted TZID's name
_TZID_END = re.compile(r";TZID=[^:;]*[:;]")  # a TZID that ends before the text does


def iana_tzids(text: str) -> str:
    """Every TZID parameter in IANA terms (:func:`iana_tzid`), each distinct one worked out once:
    a calendar writes the same one or two zones tens of thousands of times."""
    if TZID not in text:
        return text
    if ';TZID="' not in text and _TZID_END.match(text, text.rfind(TZID)):
        return _iana_unquoted(text)
    known: dict[str, str] = {}

    def swap(match: re.Match) -> str:
        written = match.group(0)
        if written not in known:
            known[written] = iana_tzid(match)
        return known[written]

    return TZID_PARAM.sub(swap, text)


def _iana_unquoted(text: str) -> str:
    """:func:`iana_tzids` for a text where no TZID is quoted and the last one ends at a ``:`` or
    ``;``: then every ``;TZID=`` begins a parameter that runs to the next ``:`` or ``;``, so each
    distinct one written with that end can be replaced as plain text (a pass of ``str.replace``
    per zone to rename, not a call of Python per parameter: three times as quick)."""
    for name in set(_TZID_NAME.findall(text)):
        written = f"{TZID}{name}"
        iana = iana_tzid(TZID_PARAM.fullmatch(written))
        if iana != written:
            text = text.replace(f"{written}:", f"{iana}:").replace(f"{written};", f"{iana};")
    return text


def iana_tzid(match: re.Match) -> str:
    """One TZID parameter (a match of :data:`TZID_PARAM`) with its zone's IANA name, or as written."""
    name = (match.group(1) if match.group(1) is not None else match.group(2)).strip()
    if name in WINDOWS_ZONES:
        return f"{TZID}{WINDOWS_ZONES[name]}"
    if LONDON_DISPLAY_NAME in name.casefold():
        return f"{TZID}{TZ}"
    return match.group(0)


def renamed_alone(line: str) -> bool:
    """True when the TZIDs of one line of a text (no line end in it) are renamed alone as they
    are in the whole text: no parameter runs to the end of the line, where in the text it would
    run on into the next, and none has a quote left open, which the text might close further on."""
    return not any(match.end() == len(line) or (match.group(2) or "").startswith('"') for match in TZID_PARAM.finditer(line))
