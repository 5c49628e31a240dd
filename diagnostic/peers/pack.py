"""A benchmark pack: the scorecard reduced to what may leave the organisation.

Peers compare themselves without pooling anyone's data: each organisation keeps its files and
shares only this small JSON document. It carries per indicator the value, score, band, n (rounded)
and coverage with the definition and thresholds in force; the domain scores and the compost index;
the size as a band, the months covered and the tool version; and a label only if the owner types
one. Nothing else: no identifier, team, name or free text, and no figure resting on fewer records
than the minimum group size (never below 5 in a pack, whatever the local setting), except a
figure about documents, which counts no people.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.errors import InputError
from diagnostic.indicators import Indicator, not_computed
from diagnostic.peers.marker import PACK_KIND
from diagnostic.roster import roster
from diagnostic.scorecard import IndicatorResult, Scorecard, roll_up
from diagnostic.settings import DEFAULT_MIN_GROUP, Settings

PACK_VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("pack.schema.json")
PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"

LABEL_MAX = 60
# Letters, digits, spaces and the punctuation of an organisation's name: no @, no markup, no line breaks.
LABEL_PATTERN = r"^[A-Za-z0-9À-ÿ ,.'&()\-]+$"
# Staff counts are shared as a band, so a pack does not say exactly how many people work there.
SIZE_BANDS: tuple[tuple[int, str], ...] = (
    (0, "fewer than 100 staff"),
    (100, "100–249 staff"),
    (250, "250–499 staff"),
    (500, "500–999 staff"),
    (1000, "1,000–2,499 staff"),
    (2500, "2,500 staff or more"),
)
SIZE_NOT_KNOWN = "size not known"
SUPPRESSED = "fewer records than the minimum group size"
# Units of n that count no person or anything a person did: a letter's wording identifies nobody.
NOT_ABOUT_PEOPLE = ("documents",)


@cache
def tool_version() -> str:
    """The version in pyproject.toml: packs from different releases can be told apart."""
    return str(tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["version"])


def definition_version(indicator: Indicator) -> str:
    """A short fingerprint of what an indicator measures: its question, unit and the tables it reads.

    Two packs compare an indicator only when their fingerprints agree, so a redefined indicator
    is never set beside its old self. Thresholds are not part of it: they travel separately and a
    difference is flagged, because the value itself is still comparable.
    """
    declared = [
        indicator.id,
        indicator.domain,
        indicator.unit,
        indicator.question,
        list(indicator.needs),
        list(indicator.reads),
        indicator.estimate,
    ]
    return hashlib.sha256(json.dumps(declared, ensure_ascii=False).encode("utf-8")).hexdigest()[:12]


def pack_floor(settings: Settings) -> int:
    """The smallest n a pack carries: the local minimum group size, but never below the default of 5."""
    return max(settings.min_group_size, DEFAULT_MIN_GROUP)


def size_band(staff: int | None) -> str:
    """A staff count as a band ("100–249 staff")."""
    if not staff:
        return SIZE_NOT_KNOWN
    return [label for low, label in SIZE_BANDS if staff >= low][-1]


def staff_count(dataset: Dataset, settings: Settings) -> int | None:
    """The organisation's own people on the roster (partners left out); None without a people table."""
    people = roster(dataset, settings)
    return int(people["internal"].sum()) if len(people) else None


def months(span: tuple[pd.Timestamp | None, pd.Timestamp | None]) -> dict[str, str | None]:
    """The period as months ("2025-01"): enough to see that two packs cover the same time of year."""
    return {key: None if when is None else f"{when:%Y-%m}" for key, when in zip(("from", "to"), span)}


def data_span(results: Sequence) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The earliest and latest date in the usable files loaded."""
    spans = [r.span() for r in results if r.usable]
    lows = [a for a, _ in spans if a is not None]
    highs = [b for _, b in spans if b is not None]
    return (min(lows) if lows else None, max(highs) if highs else None)


def reduce(card: Scorecard, settings: Settings) -> Scorecard:
    """The scorecard without figures resting on too few records, rolled up again by the same rules.

    Rolling up again matters: a domain score that still counted a left-out indicator would let
    anyone work it back out from the others.
    """
    floor = pack_floor(settings)
    kept = tuple(r if shareable(r, floor) else replace(r, measurement=not_computed(SUPPRESSED, r.measurement.n)) for r in card.results)
    return roll_up(kept, settings)


def shareable(result: IndicatorResult, floor: int) -> bool:
    """A figure may travel when it rests on at least ``floor`` records, or counts no people at all (documents)."""
    return result.score is not None and (result.measurement.n >= floor or result.measurement.n_unit in NOT_ABOUT_PEOPLE)


def build_pack(card: Scorecard, staff: int | None, span: tuple, settings: Settings, label: str | None = None) -> dict:
    """The pack as a JSON-ready dict (see ``pack.schema.json`` and the README for every field)."""
    reduced = reduce(card, settings)
    return {
        "kind": PACK_KIND,
        "version": PACK_VERSION,
        "tool_version": tool_version(),
        "label": clean_label(label),
        "size": size_band(staff),
        "period": months(span),
        "settings": {
            "min_group_size": pack_floor(settings),
            "working_hours": f"{settings.work_start}–{settings.work_end}",
            "work_days": sorted(settings.work_days),
            "weights_changed": bool(settings.weights),
        },
        "index": {"score": _round(reduced.score, 1), "band": reduced.band, "coverage": _round(reduced.coverage, 2)},
        "domains": [{"id": d.id, "score": _round(d.score, 1), "band": d.band, "coverage": _round(d.coverage, 2)} for d in reduced.domains],
        "indicators": [_indicator(r) for r in reduced.results if r.score is not None],
    }


def pack_for(dataset: Dataset, results: Sequence, card: Scorecard, settings: Settings, label: str | None = None) -> dict:
    """The pack for loaded data: its scorecard, its staff count as a band and the months its files cover."""
    return build_pack(card, staff_count(dataset, settings), data_span(results), settings, label)


def _indicator(result: IndicatorResult) -> dict:
    m = result.measurement
    return {
        "id": result.indicator.id,
        "domain": result.indicator.domain,
        "definition": definition_version(result.indicator),
        "unit": result.indicator.unit,
        "value": _round(m.value, 4),
        "score": _round(result.score, 1),
        "band": result.band,
        "n": rounded_n(m.n),
        "n_unit": m.n_unit,
        "coverage": _round(m.coverage, 2),
        "concrete_at": float(result.concrete_at),
        "compost_at": float(result.compost_at),
    }


def rounded_n(n: int) -> int:
    """n to two significant figures, rounded down (151 -> 150, 1,988 -> 1,900): what it rests on, not a head count."""
    digits = len(str(int(n)))
    step = 10 ** max(digits - 2, 0)
    return int(n) // step * step


def clean_label(label: str | None) -> str | None:
    """The owner's label, checked: short, one line, no email address or markup. Blank means none."""
    text = " ".join((label or "").split())
    if not text:
        return None
    if len(text) > LABEL_MAX or not re.fullmatch(LABEL_PATTERN, text):
        raise InputError(
            f"The label must be at most {LABEL_MAX} characters of letters, numbers, spaces and , . ' & ( ) -. Leave it out to share the pack without a name."
        )
    return text


def pack_json(pack: dict) -> str:
    """The pack as written to disk: stable key order, so the same scorecard gives the same bytes."""
    return json.dumps(pack, ensure_ascii=False, indent=1) + "\n"


def write_pack(pack: dict, out: Path) -> Path:
    """Write the pack as UTF-8 JSON to ``out`` (folders created); return the path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(pack_json(pack), encoding="utf-8")
    return out


def _round(value: float | None, digits: int) -> float | None:
    if value is None or not math.isfinite(float(value)):
        return None
    return round(float(value), digits)
