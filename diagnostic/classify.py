"""What kind of meeting a subject line describes, decided at load so the subject can be dropped.

Subjects are personal data (they often hold a child's or a colleague's name), so loaders classify
them here and keep only the kind and the ``direct_work`` flag. The word lists are named constants
so an organisation can see, and later edit, exactly what decides a kind. Matching is
case-insensitive and on whole words: "data" matches "Data review" but not "database"; a trailing
plural "s" is allowed ("home visits", "1:1s"); a space in a term also matches a hyphen,
underscore or slash ("one-to-one").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from diagnostic.settings import Settings

MEETING_KINDS: tuple[str, ...] = (
    "supervision",
    "group_supervision",
    "team_meeting",
    "case",
    "panel",
    "performance",
    "training",
    "other",
)

MEETING_KIND_LABELS: dict[str, str] = {
    "supervision": "Supervision and 1:1s",
    "group_supervision": "Group and reflective supervision",
    "team_meeting": "Team meetings",
    "case": "Case and child-focused meetings",
    "panel": "Panels, boards and governance",
    "performance": "Performance and data meetings",
    "training": "Training and learning",
    "other": "Other meetings",
}

SUPERVISION_TERMS: tuple[str, ...] = (
    "supervision",
    "1:1",
    "1-1",
    "1 to 1",
    "one to one",
    "1on1",
    "management supervision",
)

GROUP_SUPERVISION_TERMS: tuple[str, ...] = (
    "group supervision",
    "peer supervision",
    "team supervision",
    "reflective",
    "reflective practice",
    "case discussion",
    "group case discussion",
    "group consultation",
    "systemic practice",
    "practice forum",
    "schwartz round",
)

TEAM_MEETING_TERMS: tuple[str, ...] = (
    "team meeting",
    "team meet",
    "team brief",
    "team briefing",
    "team huddle",
    "huddle",
    "team catch up",
    "team check in",
    "team day",
    "away day",
    "staff meeting",
    "all staff",
    "service meeting",
    "unit meeting",
    "pod meeting",
)

CASE_TERMS: tuple[str, ...] = (
    "strategy discussion",
    "strategy meeting",
    "s47",
    "section 47",
    "cp conference",
    "child protection conference",
    "icpc",
    "rcpc",
    "child protection",
    "core group",
    "cin review",
    "cin meeting",
    "child in need",
    "lac review",
    "cla review",
    "looked after review",
    "looked after child",
    "iro review",
    "legal gateway",
    "legal planning",
    "legal planning meeting",
    "plo",
    "public law outline",
    "pre proceedings",
    "care proceedings",
    "family group conference",
    "fgc",
    "care plan",
    "care planning",
    "pathway plan",
    "permanence",
    "permanence planning",
    "placement planning",
    "placement meeting",
    "disruption meeting",
    "team around the family",
    "team around the child",
    "taf",
    "tac",
    "marac",
    "mash",
    "case review",
    "case planning",
    "case consultation",
    "case transfer",
    "transition planning",
    "pep",
    "personal education plan",
)

PANEL_TERMS: tuple[str, ...] = (
    "panel",
    "governance",
    "board",
    "performance board",
    "steering group",
    "committee",
    "scrutiny",
    "safeguarding partnership",
    "lscp",
)

PERFORMANCE_TERMS: tuple[str, ...] = (
    "performance",
    "data",
    "kpi",
    "dashboard",
    "audit meeting",
    "audit",
    "case audit",
    "audit moderation",
    "quality assurance",
    "qa",
    "scorecard",
    "metrics",
)

TRAINING_TERMS: tuple[str, ...] = (
    "training",
    "workshop",
    "induction",
    "e learning",
    "elearning",
    "course",
    "cpd",
    "seminar",
    "webinar",
    "masterclass",
    "lunch and learn",
    "learning session",
    "7 minute briefing",
    "seven minute briefing",
)

# When a subject matches several kinds the first in this order wins: "Supervision skills training"
# is training, "Group supervision" is not 1:1 supervision, a "Performance board" is governance,
# and a "Case audit" is quality assurance rather than a meeting about one child.
PRECEDENCE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("training", TRAINING_TERMS),
    ("group_supervision", GROUP_SUPERVISION_TERMS),
    ("supervision", SUPERVISION_TERMS),
    ("panel", ("performance board", "governance board")),
    ("performance", ("case audit", "audit meeting", "audit moderation")),
    ("case", CASE_TERMS),
    ("panel", PANEL_TERMS),
    ("performance", PERFORMANCE_TERMS),
    ("team_meeting", TEAM_MEETING_TERMS),
)

_WORD = "A-Za-z0-9"
_SEPARATOR = r"[\s\-_/]+"


def terms_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive whole-word regex for a list of terms (None for an empty list).

    Longer terms are tried first so "core group" is preferred to a shorter overlapping term.
    """
    cleaned = sorted({t.strip().casefold() for t in terms if t and t.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    alternatives = [_SEPARATOR.join(re.escape(part) for part in re.split(r"[\s\-_/]+", t) if part) for t in cleaned]
    return re.compile(rf"(?<![{_WORD}])(?:{'|'.join(alternatives)})(?:e?s)?(?![{_WORD}])", re.IGNORECASE)


_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((kind, terms_pattern(terms)) for kind, terms in PRECEDENCE)


def _matches(pattern: re.Pattern[str], values: pd.Series) -> np.ndarray:
    """Where ``pattern`` is found in each of ``values`` (no NA). The patterns look behind, which
    pandas can only run in Python, value by value, after parsing the pattern again on every call:
    searching directly skips that parse."""
    return np.fromiter((pattern.search(v) is not None for v in values.tolist()), dtype=bool, count=len(values))


def classify_meetings(subjects: pd.Series, settings: Settings) -> pd.DataFrame:
    """``kind`` and ``direct_work`` for each subject, aligned to the input index.

    Each distinct subject is classified once (recurring meetings repeat the same subject many
    times). A missing or empty subject is ``other`` and not direct work.
    """
    text = subjects.astype("string").fillna("")
    uniques = pd.Series(text.unique(), dtype="string")
    conditions = [_matches(pattern, uniques) for _, pattern in _KIND_PATTERNS]
    kinds = np.select(conditions, [kind for kind, _ in _KIND_PATTERNS], default="other")
    direct_pattern = terms_pattern(settings.direct_work_terms)
    direct = np.zeros(len(uniques), dtype=bool) if direct_pattern is None else _matches(direct_pattern, uniques)
    lookup = pd.DataFrame({"kind": kinds, "direct_work": direct}, index=uniques.to_numpy())
    looked_up = lookup.reindex(text.to_numpy())
    return pd.DataFrame(
        {
            "kind": pd.array(looked_up["kind"].to_numpy(), dtype="string"),
            "direct_work": pd.array(looked_up["direct_work"].to_numpy(dtype=bool), dtype="boolean"),
        },
        index=subjects.index,
    )
