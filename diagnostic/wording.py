"""Numbers as people read them: one place for how values, scores and shares are written.

The app (its pages, workshop findings and the charts' readings and text alternatives), the HTML
report and the terminal tables all call these, so a value reads the same wherever it appears
("4.5 hours/week", "62%", "1,204 emails", and a score as "41.9"). A count of one takes the singular
("1 term per 1,000 words", "1 time"), and a value is placed against its thresholds by
:func:`reading`, which says what is true of the number: past a line, on it, or between the two.
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
    if unit == "%":
        return f"{text}%"
    return f"{text} {singular(unit) if text in ('1', '-1') else unit}"


TOO_LITTLE = "Too little data"  # in place of a value withheld for want of evidence (diagnostic.indicators.evidence)


def coverage(share: float | None, of: str) -> str:
    """A coverage with what it is a share of: "31% of the 88 staff the files know of"."""
    text = percent(share)
    return f"{text} {of}" if of and share is not None else text


IRREGULAR = {"people": "person", "children": "child"}


def singular(unit: str) -> str:
    """The unit for a count of one: its first word made singular ("terms per 1,000 words" -> "term per 1,000 words").

    Units are written plural first ("hours/week", "pairs of people"), so only the first word of
    the unit changes; a first word that is not a plural ("index (0-1)", "staff") is left alone.
    """
    cut = min((i for i in (unit.find(" "), unit.find("/")) if i > 0), default=len(unit))
    word, rest = unit[:cut], unit[cut:]
    if word.casefold() in IRREGULAR:
        return IRREGULAR[word.casefold()] + rest
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1] + rest
    return unit


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


POINT_SCALE = "points"  # a unit whose thresholds are the ends of a scale, read as a range


def rule(concrete_at: float, compost_at: float, unit: str) -> str:
    """Where the thresholds sit, as a clause: "compost is 15% or less, concrete is 40% or more".

    A point scale whose thresholds are its two ends reads as the range it is ("scored 0 to 100
    points, 100 is compost"): "100 points or more" would promise values the scale never has.
    """
    compost, concrete = number(compost_at, unit), number(concrete_at, unit)
    if unit == POINT_SCALE:
        low, high = sorted((concrete_at, compost_at))
        return f"scored {number(low)} to {number(high, unit)}, {number(compost_at)} is compost and {number(concrete_at)} is concrete"
    better, worse = ("or less", "or more") if compost_at < concrete_at else ("or more", "or less")
    return f"compost is {compost} {better}, concrete is {concrete} {worse}"


def position(value: float, concrete_at: float, compost_at: float, unit: str) -> str:
    """Where a value sits against its two thresholds, true to the number as it is shown.

    "on the compost line of 15%", "past the concrete line of 40%", "closer to compost than to
    concrete", "halfway between compost and concrete". A value that shows the same as a threshold
    is on it; the side is decided on the exact value, so a shown 39.6% is never called past 40%.
    """
    shown = number(value, unit)
    for name, line in (("compost", compost_at), ("concrete", concrete_at)):
        if shown == number(line, unit):
            return f"at the {name} end of the scale" if unit == POINT_SCALE else f"on the {name} line of {number(line, unit)}"
    toward_compost = (value - concrete_at) / (compost_at - concrete_at)  # 0 at concrete, 1 at compost
    if toward_compost >= 1:
        return f"past the compost line of {number(compost_at, unit)}"
    if toward_compost <= 0:
        return f"past the concrete line of {number(concrete_at, unit)}"
    if toward_compost == 0.5:
        return "halfway between compost and concrete"
    return "closer to compost than to concrete" if toward_compost > 0.5 else "closer to concrete than to compost"


def reading(value: float, concrete_at: float, compost_at: float, unit: str, opening: str = "") -> str:
    """One sentence placing a value against its thresholds, then the thresholds themselves.

    "Past the concrete line of 40%: compost is 15% or less, concrete is 40% or more." With an
    ``opening`` ("A bright spot") the sentence starts with it: "A bright spot, on the compost line of 15%: ...".
    """
    where = position(value, concrete_at, compost_at, unit)
    text = f"{opening}, {where}" if opening else where[0].upper() + where[1:]
    return f"{text}: {rule(concrete_at, compost_at, unit)}."
