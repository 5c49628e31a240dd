"""Numbers as people read them: one place for how values, scores and shares are written.

The app (its pages, workshop findings and the charts' readings and text alternatives), the HTML
report and the terminal tables all call these, so a value reads the same wherever it appears
("4.5 hours/week", "62%", "1,204 emails", and a score as "41.9").
"""

from __future__ import annotations

import math

import pandas as pd


def number(value: float | None, unit: str = "") -> str:
    """A value with its unit, to a sensible precision: "4.5 hours/week", "62%", "1,204 emails"."""
    if value is None or value is pd.NA or (isinstance(value, float) and not math.isfinite(value)):
        return "Not computed"
    value = float(value)
    digits = 0 if abs(value) >= 100 or value.is_integer() else 1 if abs(value) >= 10 else 2
    text = f"{value:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def points(score: object, missing: str = "Not scored") -> str:
    """A 0-100 score to one decimal place ("41.9", "100"), or ``missing``.

    Where a band in words stands beside the score (a tile, a headline, a table row), pass
    ``missing="—"``, so that "Not scored" is not said twice.
    """
    if score is None or score is pd.NA or not math.isfinite(float(score)):
        return missing
    text = f"{float(score):.1f}"
    return text[:-2] if text.endswith(".0") else text


NO_CHANGE = 0.05  # points: a smaller difference of score is rounding, not change


def change_in_points(delta: object) -> str:
    """A change of score with its sign ("+4.2", "-1.3", "0"), or "Not scored" when either side has no score."""
    if delta is None or delta is pd.NA or not math.isfinite(float(delta)):
        return "Not scored"
    if abs(float(delta)) < NO_CHANGE:
        return "0"
    return f"{float(delta):+.1f}"


def percent(share: float | None) -> str:
    """A 0-1 share as a whole percentage."""
    if share is None or (isinstance(share, float) and not math.isfinite(share)):
        return "Not known"
    return f"{round(100 * float(share))}%"
