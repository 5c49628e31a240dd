"""Self-assessment domain: one indicator per theme of the self-assessment statements.

The answers are already on the 0-100 scale (see :mod:`diagnostic.self_assessment`), so each
indicator scores 0 at 0 points and 100 at 100 points. The figure pools every answer; per-group
scores (practitioners, managers, leaders) come from ``score_responses`` for the pages that show
the gap between groups.
"""

from __future__ import annotations

import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.indicators.base import Indicator, Measurement, not_computed
from diagnostic.self_assessment import ALL, MIN_ANSWERED_SHARE, THEMES, score_responses
from diagnostic.settings import Settings

SOURCE = "self-assessment statements; the answers are already on the 0-100 scale"
CAVEAT = (
    "People's views, not a measurement. Read it beside the exports, and compare practitioners', managers' and leaders' answers: "
    "the gap between them is a finding."
)

_last: tuple[pd.DataFrame, int, pd.DataFrame] | None = None


def _pooled(dataset: Dataset, settings: Settings) -> pd.DataFrame:
    """Pooled theme scores, computed once for the seven indicators that read them."""
    global _last
    if _last is not None and _last[0] is dataset.responses and _last[1] == settings.min_group_size:
        return _last[2]
    scores = score_responses(dataset.responses, settings.min_group_size)
    pooled = scores[scores["respondent_group"] == ALL].set_index("theme")
    _last = (dataset.responses, settings.min_group_size, pooled)
    return pooled


def _theme_measure(theme: str):
    def compute(dataset: Dataset, settings: Settings) -> Measurement:
        row = _pooled(dataset, settings).loc[theme]
        respondents = int(row["respondents"])
        answered, items = int(row["items_answered"]), int(row["items"])
        if pd.isna(row["score"]):
            return not_computed(
                f"Not computed: {answered} of {items} statements about {THEMES[theme].lower()} were answered. "
                f"At least {MIN_ANSWERED_SHARE:.0%} are needed; answers of “don't know” count as not answered.",
                respondents,
                "respondents",
            )
        return Measurement(float(row["score"]), respondents, "respondents", answered / items, coverage_of=f"of the {items:,} statements")

    compute.__name__ = f"{theme}_score"
    return compute


SEEDS = {
    "service_design": "'the methods we use to design services' (Dove, 2024)",
    "performance": "'the performance measures that get our attention' (Dove, 2024)",
    "hr": "'the HR processes we follow' (Dove, 2024)",
    "language": "'the language we use in policies and letters' (Dove, 2024)",
    "meetings": "'Meetings are more effectively chaired and result in more direct action' (Kay, 2015)",
    "feedback": "'what we do with it' (Dove, 2024)",
    "partners": "'the responsibilities of all our partners in protecting children' (Grant, 2023)",
}

QUESTIONS = {
    "service_design": "Do children, families and practitioners shape how our services are designed and changed?",
    "performance": "Do the measures that get our attention tell us about relationships, not only timescales?",
    "hr": "Do our HR processes and supervision offer high support as well as high challenge?",
    "language": "Would families recognise themselves, and feel respected, in what we write?",
    "meetings": "Do our meetings have a purpose, hear the quietest voice and end in action?",
    "feedback": "Does feedback reach people who can act on it, and do people hear back?",
    "partners": "Do partners share responsibility for children in everyday work, not only in formal meetings?",
}

INDICATORS: tuple[Indicator, ...] = tuple(
    Indicator(
        id=f"self_assessment_{theme}",
        domain="self_assessment",
        title=label,
        question=QUESTIONS[theme],
        unit="points",
        concrete_at=0.0,
        compost_at=100.0,
        source=SOURCE,
        seed=SEEDS[theme],
        caveat=CAVEAT,
        needs=("responses",),
        compute=_theme_measure(theme),
    )
    for theme, label in THEMES.items()
)
