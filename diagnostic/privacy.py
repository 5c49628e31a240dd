"""Pseudonyms at the door, and the minimum group size everywhere after.

People are keyed on the lower-cased email/UPN when an export has one, else on a normalised
display name, and that key is replaced at load by a salted hash. Nothing downstream sees a name
or an address unless the user opted in (``Settings.show_names``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np
import pandas as pd

from diagnostic.roster import INTERNAL, OTHER_EXTERNAL

ETHICS_LINE = "These results describe team and system conditions, not people. They must not be used for individual performance management."

_SUFFIX = re.compile(r"\s*\((external|guest|unverified)\)\s*$", re.I)
_EMAIL = re.compile(r"[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+")
_SPACES = re.compile(r"\s+")
EMAIL_PLACEHOLDER = "[email address removed]"  # the wording the HTML report uses too
NAME_PLACEHOLDER = "[name removed]"
SUBJECT_PLACEHOLDER = "[meeting title removed]"
_EMAIL_IN_TEXT = re.compile(r"[^@\s<>\"'(),;:/\\]+@[^@\s<>\"'(),;:/\\]+\.[A-Za-z]{2,}")
_FILE_SUFFIX = re.compile(r"\.(ics|csv|tsv|txt|md|xlsx|xls|docx|pdf|zip|json)$", re.I)


def normalise_email(value: str) -> str | None:
    """``"Ann.Lee@Northbridge.gov.uk "`` -> ``"ann.lee@northbridge.gov.uk"``; None if not an address.

    Accepts ``Name <addr>`` and ``mailto:`` forms.
    """
    if not isinstance(value, str):
        return None
    match = _EMAIL.search(value.replace("mailto:", " ").replace("MAILTO:", " "))
    return match.group(0).strip().strip(".").lower() if match else None


def hide_emails(text: str) -> str:
    """``text`` with every email address replaced by a placeholder, a file extension kept.

    Google Calendar names each exported calendar after its owner's address
    (``ann.lee@northbridge.gov.uk.ics``), and file names appear in every message and listing.
    """
    return _EMAIL_IN_TEXT.sub(_placeholder, text)


def hide_names(text: str, names: set[str], placeholder: str = NAME_PLACEHOLDER) -> str:
    """``text`` (a file's name) with any of ``names`` replaced: the display names (or meeting
    titles) the file itself holds. Outlook saves a shared calendar as "<owner's name>
    calendar.ics", Teams names an attendance report after its meeting, and file names appear in
    every message and listing. Single words are left alone ("Team", "Supervision").
    """
    for name in sorted((n.strip() for n in names if len(n.split()) >= 2), key=len, reverse=True):
        if name.casefold() in text.casefold():
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", placeholder, text, flags=re.IGNORECASE)
    return text


def _placeholder(match: re.Match[str]) -> str:
    suffix = _FILE_SUFFIX.search(match.group(0))
    return EMAIL_PLACEHOLDER + (suffix.group(0) if suffix else "")


def normalise_name(value: str) -> str | None:
    """Case-, accent- and spacing-insensitive display name, without Teams' (External)/(Guest) tags.

    "Lee, Ann" and "Ann Lee" stay different: reordering names would merge different people.
    """
    if not isinstance(value, str):
        return None
    text = _SUFFIX.sub("", unicodedata.normalize("NFKC", value)).strip().strip("'\"")
    text = _SPACES.sub(" ", text).casefold()
    return text or None


def person_key(email: str | None = None, name: str | None = None) -> str | None:
    """The identity key: ``email:<address>`` when there is one, else ``name:<normalised name>``."""
    address = normalise_email(email) if email else None
    if address is None and name:
        address = normalise_email(name)  # Outlook writes a bare address where the GAL has no name
    if address:
        return f"email:{address}"
    normalised = normalise_name(name) if name else None
    return f"name:{normalised}" if normalised else None


def pseudonym(key: str, salt: str) -> str:
    """Salted BLAKE2b of an identity key, shortened to 16 hex digits and prefixed ``p``."""
    digest = hashlib.blake2b(key.encode("utf-8"), key=salt.encode("utf-8")[:64], digest_size=8)
    return "p" + digest.hexdigest()


def pseudonymise_keys(keys: pd.Series, salt: str) -> pd.Series:
    """Vectorised :func:`pseudonym`: hashes each distinct key once (message traces repeat them)."""
    codes, uniques = pd.factorize(keys)  # a missing key has code -1: the None put last
    hashed = np.array([pseudonym(k, salt) for k in uniques.tolist()] + [None], dtype=object)
    return pd.Series(hashed[codes], index=keys.index, name=keys.name, dtype="string")


def email_domain(key_or_email: str | None) -> str | None:
    """The domain part of an address or an ``email:`` key."""
    if not isinstance(key_or_email, str) or "@" not in key_or_email:
        return None
    return key_or_email.rsplit("@", 1)[1].lower()


def agency_for_domain(domain: str | None, partner_domains: dict[str, str], internal_domains: tuple[str, ...]) -> str | None:
    """ "internal", a partner agency name, or None when the domain says nothing (no address)."""
    if not domain:
        return None
    if any(domain == d or domain.endswith("." + d) for d in internal_domains):
        return INTERNAL
    for suffix, agency in sorted(partner_domains.items(), key=lambda kv: -len(kv[0])):
        if domain == suffix or domain.endswith("." + suffix):
            return agency
    return OTHER_EXTERNAL


def suppress_small(frame: pd.DataFrame, size_column: str, min_group_size: int) -> pd.DataFrame:
    """Drop rows describing groups smaller than the minimum group size (never shown, never exported)."""
    return frame[frame[size_column] >= min_group_size].reset_index(drop=True)
