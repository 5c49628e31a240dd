"""Scorecards and packs made without loading any file, for the pack, reading and comparison tests."""

from __future__ import annotations

import pandas as pd

from diagnostic.indicators import REGISTRY, Measurement
from diagnostic.peers.pack import build_pack, pack_json
from diagnostic.scorecard import IndicatorResult, Scorecard, roll_up
from diagnostic.settings import Settings

SPAN = (pd.Timestamp("2025-01-06", tz="Europe/London"), pd.Timestamp("2025-03-28", tz="Europe/London"))


def value_at(indicator, position: float) -> float:
    """A value ``position`` of the way from the concrete threshold (0) to the compost threshold (1)."""
    return indicator.concrete_at + position * (indicator.compost_at - indicator.concrete_at)


def card(position: float = 0.5, n: int = 40, settings: Settings | None = None, measurements: dict | None = None) -> Scorecard:
    """Every indicator computed at the same ``position`` between its thresholds, resting on ``n`` records."""
    settings = settings or Settings()
    results = []
    for ind in REGISTRY:
        m = (measurements or {}).get(ind.id) or Measurement(value_at(ind, position), n=n, n_unit="records", coverage=1.0)
        override = settings.thresholds.get(ind.id, {})
        concrete = float(override.get("concrete_at", ind.concrete_at))
        compost = float(override.get("compost_at", ind.compost_at))
        results.append(IndicatorResult(ind, m, concrete, compost, bool(override)))
    return roll_up(tuple(results), settings)


def pack(position: float = 0.5, label: str | None = None, staff: int = 180, settings: Settings | None = None, **kw) -> dict:
    settings = settings or Settings()
    return build_pack(card(position, settings=settings, **kw), staff, SPAN, settings, label)


def as_bytes_for(p: dict) -> bytes:
    """A pack as the bytes of its file."""
    return pack_json(p).encode("utf-8")
