"""Header texts in the one form every format matches them in: case, spacing, punctuation and
(for localised exports) accents set aside.

Every format's detector normalises the same header cells of a file again, so each distinct text
is worked out once while a file is read, and forgotten once it is read (:func:`forget_headers`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
HEADER_CACHE = 8192  # distinct header texts whose normal form is remembered


def normalise_header(value: object) -> str:
    """Header matching ignores case, spaces, underscores, hyphens and punctuation.

    ``"Start Date"``, ``"start_date"`` and ``" START-DATE "`` all become ``"startdate"``; a BOM or
    its mis-decoded form ``ï»¿`` is stripped; ``%`` reads as ``percent`` (as vivainsights does).
    """
    return _normalised(value if isinstance(value, str) else str(value if value is not None else ""))


def fold_header(value: object) -> str:
    """:func:`normalise_header` with accents dropped first, for exports whose headers are localised:
    ``"Rôle"`` -> ``"role"``, ``"Durée"`` -> ``"duree"`` (plain normalising would drop the letters)."""
    return _folded(value if isinstance(value, str) else str(value if value is not None else ""))


_HEADER_MEMOS: list = []


def header_memo(fn):
    """Remember ``fn`` of each distinct text while one file is read: every format's detector
    normalises the same headers again. Bounded, and forgotten once the file is read
    (:func:`forget_headers`), since data cells pass through too and nothing of a person's file may
    stay in memory after it."""
    memo = lru_cache(maxsize=HEADER_CACHE)(fn)
    _HEADER_MEMOS.append(memo)
    return memo


def forget_headers() -> None:
    """Forget every text remembered by :func:`header_memo`."""
    for memo in _HEADER_MEMOS:
        memo.cache_clear()


@header_memo
def _normalised(text: str) -> str:
    text = text.replace("\ufeff", "").replace("ï»¿", "").strip().lower()
    return _NON_ALNUM.sub("", text.replace("%", "percent"))


@header_memo
def _folded(text: str) -> str:
    if text.isascii():  # nothing to decompose: most headers and every data cell of most files
        return _normalised(text)
    plain = unicodedata.normalize("NFKD", text)
    return _normalised("".join(c for c in plain if not unicodedata.combining(c)))
