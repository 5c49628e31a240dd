"""Baseline and scenario scorecards side by side, and the difference said in one plain sentence."""

from __future__ import annotations

import math

import pandas as pd

from diagnostic.scorecard import Scorecard
from diagnostic.wording import NO_CHANGE

BASELINE = "baseline"
OVERALL = "compost_index"  # the id of the compost index's row
POINTS = "points"
VALUE_EPSILON = 1e-9


def _score(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def _rows(card: Scorecard) -> list[dict]:
    """One record per overall index, domain and indicator: level, id, domain, title, unit, score, value."""
    rows = [
        {
            "level": "overall",
            "id": OVERALL,
            "domain": "",
            "title": "Compost index",
            "unit": POINTS,
            "score": _score(card.score),
            "value": None,
        }
    ]
    for d in card.domains:
        rows.append(
            {"level": "domain", "id": d.id, "domain": d.id, "title": d.title, "unit": POINTS, "score": _score(d.score), "value": None}
        )
    for r in card.results:
        ind = r.indicator
        rows.append(
            {
                "level": "indicator",
                "id": ind.id,
                "domain": ind.domain,
                "title": ind.title,
                "unit": ind.unit,
                "score": _score(r.score),
                "value": _score(r.measurement.value),
            }
        )
    return rows


def compare_scenarios(baseline: Scorecard, scenarios: dict[str, Scorecard]) -> pd.DataFrame:
    """Scores (0-100 points) and raw values, baseline beside each scenario, with the change in points.

    Columns: ``level`` (overall, domain, indicator), ``id``, ``domain``, ``title``, ``unit``,
    ``baseline``, ``baseline value``, then for each scenario ``<name>``, ``<name> value`` and
    ``<name> change`` (scenario score minus baseline score; NA where either is not scored), where
    ``<name>`` is :func:`scenario_label` of the scenario's name.
    """
    base = pd.DataFrame(_rows(baseline))
    table = base[["level", "id", "domain", "title", "unit"]].copy()
    table[BASELINE] = base["score"].astype("Float64")
    table[f"{BASELINE} value"] = base["value"].astype("Float64")
    for name, card in scenarios.items():
        label = scenario_label(name)
        other = pd.DataFrame(_rows(card))
        table[label] = other["score"].astype("Float64")
        table[f"{label} value"] = other["value"].astype("Float64")
        table[f"{label} change"] = table[label] - table[BASELINE]
    return table


def indicators_scored(card: Scorecard, row_id: str) -> str:
    """How many of the indicators behind the compost index (``OVERALL``) or a domain ``card`` could score: "9 of 11"."""
    domains = card.domains if row_id == OVERALL else [card.domain(row_id)]
    return f"{sum(d.computed for d in domains)} of {sum(d.total for d in domains)}"


def scenario_label(name: str) -> str:
    """The column name of a scenario in :func:`compare_scenarios`: its own name, unless that reads as the baseline's."""
    return f"{name} (scenario)" if name.strip().casefold() == BASELINE else name


def _moved(before: float | None, after: float | None, epsilon: float) -> bool:
    """A value appeared, disappeared, or changed by more than ``epsilon``."""
    before, after = _score(before), _score(after)
    return (before is None) != (after is None) or (before is not None and abs(before - after) > epsilon)


def _changed_domains(baseline: Scorecard, scenario: Scorecard) -> set[str]:
    """Domains where any indicator's value, or the domain score, moved."""
    changed = {
        b.indicator.domain
        for b, s in zip(baseline.results, scenario.results)
        if _moved(b.measurement.value, s.measurement.value, VALUE_EPSILON)
    }
    changed |= {b.id for b, s in zip(baseline.domains, scenario.domains) if _moved(b.score, s.score, NO_CHANGE)}
    return changed


def _points(delta: float) -> str:
    rounded = round(abs(delta))
    if rounded < 1:
        return "less than 1 point"
    return f"{rounded} point" + ("s" if rounded != 1 else "")


def _indicators(n: int) -> str:
    return f"{n} indicator" + ("s" if n != 1 else "")


def _domain_phrase(b, s, indicators_changed: int) -> str | None:
    """How one domain moved, or None when nothing in it did."""
    name = b.title.lower()
    if b.score is None and s.score is None:
        return f"changes {_indicators(indicators_changed)} in {name}, which has no score" if indicators_changed else None
    if b.score is None:
        return f"gives {name} a score ({s.band}, {round(s.score)} points)"
    if s.score is None:
        return f"leaves {name} without a score"
    delta = s.score - b.score
    if abs(delta) < NO_CHANGE:
        return f"changes {_indicators(indicators_changed)} in {name} without moving its score" if indicators_changed else None
    if b.band != s.band:
        return f"moves {name} from {b.band} to {s.band}"
    return f"{'raises' if delta > 0 else 'lowers'} {name} by {_points(delta)} (still {s.band})"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def summarise_change(baseline: Scorecard, scenario_card: Scorecard) -> str:
    """One plain-English reading of what a scenario does to the scorecard.

    For example: "This scenario moves meetings from cracks to soil; nothing else changes."
    """
    changed = _changed_domains(baseline, scenario_card)
    parts = []
    for b, s in zip(baseline.domains, scenario_card.domains):
        if b.id not in changed:
            continue
        moved = sum(
            1
            for rb, rs in zip(baseline.results, scenario_card.results)
            if rb.indicator.domain == b.id and _moved(rb.measurement.value, rs.measurement.value, VALUE_EPSILON)
        )
        phrase = _domain_phrase(b, s, moved)
        if phrase:
            parts.append(phrase)
    if not parts:
        return "This scenario changes nothing that the data loaded can show."
    with_data = {d.id for d in baseline.domains if d.computed} | changed
    text = "This scenario " + _join(parts)
    text += "; nothing else changes." if with_data - changed else "."
    if baseline.score is not None and scenario_card.score is not None and abs(scenario_card.score - baseline.score) >= NO_CHANGE:
        text += f" The compost index goes from {round(baseline.score)} to {round(scenario_card.score)} points."
    return text
