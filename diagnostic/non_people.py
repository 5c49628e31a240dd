"""Who is not a person: phone dial-ins, rooms, and shared, system and list mailboxes.

Exports name these as if they were people: a Teams attendance report lists a caller by their
(masked) phone number, a calendar invites "Conference room 2", a message trace holds mail from
no-reply senders and to lists. Counted as people they add a staff member who does not exist, and
indicators.md leaves automated and shared mailboxes out of the collaboration network. The patterns
live here, in one place, and are deliberately narrow: a real person's name or address must never
match, so a pattern is only added when nothing a person is called could fit it.
"""

from __future__ import annotations

import re

from diagnostic.privacy import normalise_email

DIAL_IN = "phone dial-in"
ROOM = "room"
MAILBOX = "shared or system mailbox"
NOUNS = {  # kind -> (one, several), in the order notes list them
    DIAL_IN: ("phone dial-in", "phone dial-ins"),
    ROOM: ("room", "rooms"),
    MAILBOX: ("shared or system mailbox", "shared or system mailboxes"),
}

# A phone number as Teams shows a caller: international (+44 ...), UK national (07700 900123),
# or masked (+44 7700 9****68). Separators are removed first. A bare run of digits with neither
# a "+", a leading 0 nor a mask is left alone: it may be an employee number used as an id.
_PHONE_SEPARATORS = re.compile(r"[\s().\-/]")
_PHONE = re.compile(r"\+\d[\d*]{6,14}|0\d[\d*]{8,10}|(?=[\d*]*\*)(?=(?:\**\d){3})[\d*]{7,15}")
_PHONE_WORDS = re.compile(r"(?:dial[- ]?in|phone|telephone|pstn)(?: (?:user|participant|caller|attendee))?(?: \d+)?|unknown caller")
_TEL = re.compile(r"^\s*tel:", re.I)

# Rooms: "Room 2.14", "Room G01", "Room B" (a number or a single letter after the word), or a kind
# of room named as such ("Conference room, Town Hall", "Meeting Room 3", "Boardroom").
_ROOM_NUMBERED = re.compile(r"rooms? (?:[a-z]?\d[\w.\-/]*|[a-z])\b.*")
_ROOM_NAMED = re.compile(
    r"(?:.*\b)?(?:meeting|conference|board|training|interview|committee|seminar|contact|breakout|huddle|video|visiting) ?rooms?\b.*"
)
_ROOM_LOCAL = re.compile(r"rooms?[._\-]?\d.*|.*(?:meeting|conference|board)[._\-]?rooms?.*")

# Mailboxes nobody sends from as themselves, by the address's local part. Exact names only (a
# person's address is never "enquiries@"), except the no-reply and Exchange system prefixes.
_SYSTEM_LOCAL = re.compile(r"(?:no[._\-]?reply|do[._\-]?not[._\-]?reply|dont[._\-]?reply|microsoftexchange[0-9a-f]*)(?:[._\-+].*)?")
_SHARED_LOCALS = frozenset(
    {
        "postmaster",
        "mailer-daemon",
        "mailerdaemon",
        "abuse",
        "info",
        "enquiries",
        "enquiry",
        "reception",
        "helpdesk",
        "servicedesk",
        "service.desk",
        "itservicedesk",
        "support",
        "admin",
        "administrator",
        "office",
        "mailbox",
        "notifications",
        "notification",
        "alerts",
        "calendar",
        "bookings",
        "everyone",
        "allstaff",
        "all.staff",
        "all-staff",
        "all_staff",
    }
)
_MAILBOX_NAME = re.compile(
    r"(?:.*\b)?(?:no[- ]?reply|do not reply|shared mailbox|mailbox|inbox|distribution list|mail delivery subsystem|microsoft exchange)\b.*"
    r"|all staff\b.*|everyone"
)


def non_person_kind(email: str | None = None, name: str | None = None) -> str | None:
    """What kind of non-person an address and/or display name is (``DIAL_IN``, ``ROOM``,
    ``MAILBOX``), or None for a person (or for anything we cannot tell: a person is the default)."""
    address = normalise_email(email) if isinstance(email, str) else None
    if address is None and isinstance(name, str):
        address = normalise_email(name)  # a bare address written where the name goes
    if address is not None:
        found = _address_kind(address.rsplit("@", 1)[0])
        if found:
            return found
    if isinstance(email, str) and _TEL.match(email):
        return DIAL_IN
    if isinstance(name, str) and "@" not in name:
        return _name_kind(name)
    return None


def _address_kind(local: str) -> str | None:
    if _SYSTEM_LOCAL.fullmatch(local) or local in _SHARED_LOCALS:
        return MAILBOX
    if _ROOM_LOCAL.fullmatch(local):
        return ROOM
    return None


def _name_kind(name: str) -> str | None:
    text = " ".join(name.replace("\u2013", "-").split()).casefold()
    if _TEL.match(text) or _PHONE.fullmatch(_PHONE_SEPARATORS.sub("", text.removeprefix("tel:"))) or _PHONE_WORDS.fullmatch(text):
        return DIAL_IN
    if _ROOM_NUMBERED.fullmatch(text) or _ROOM_NAMED.fullmatch(text):
        return ROOM
    if _MAILBOX_NAME.fullmatch(text):
        return MAILBOX
    return None
