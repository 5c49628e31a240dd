"""An indicator is data plus one function.

Each :class:`Indicator` says what it measures, in what unit, which raw values score 0 (concrete)
and 100 (compost), where those thresholds come from, the idea from the source material it makes
measurable, and what it must not be used for. ``compute`` returns a :class:`Measurement`, or a
Measurement with ``value=None`` and a ``note`` saying plainly why it could not be computed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.settings import Settings

DOMAINS = ("meetings", "email", "audits", "feedback", "network", "self_assessment", "language")
DOMAIN_TITLES = {
    "meetings": "Meetings",
    "email": "Email",
    "audits": "Audits",
    "feedback": "Feedback",
    "network": "Network",
    "self_assessment": "Self-assessment",
    "language": "Language",
}


@dataclass(frozen=True)
class Measurement:
    """A computed value with what it rests on.

    ``n`` counts the records the value rests on (meetings, messages, people, audits, items), named
    by ``n_unit``. ``coverage`` (0-1) is the share of the relevant population or records that the
    data covers, and ``coverage_of`` says of what ("of the 88 staff the files know of"): a share
    without its population cannot be read. ``by_team`` has columns ``team, value, n`` (teams below
    the minimum group size are already merged into "Other teams" or dropped). ``note`` explains a
    missing value or an estimate. ``too_little_data`` marks a value withheld because it rests on
    less evidence than its indicator needs (see :mod:`diagnostic.indicators.evidence`).
    """

    value: float | None
    n: int = 0
    n_unit: str = "records"
    coverage: float | None = None
    by_team: pd.DataFrame | None = None
    note: str = ""
    coverage_of: str = ""
    too_little_data: bool = False

    @property
    def computed(self) -> bool:
        return self.value is not None

    @property
    def coverage_population(self) -> str:
        """What ``coverage`` is a share of: the indicator's own words, else the kind of record its count is of."""
        if self.coverage_of:
            return self.coverage_of
        return f"of the {self.n_unit} in the files loaded" if self.coverage is not None and self.value is not None else ""


def not_computed(reason: str, n: int = 0, n_unit: str = "records") -> Measurement:
    """An honest "not computed": no value, no score, and the reason in plain English."""
    return Measurement(value=None, n=n, n_unit=n_unit, coverage=0.0, note=reason)


Compute = Callable[[Dataset, Settings], Measurement]


@dataclass(frozen=True)
class Indicator:
    """One indicator of the catalogue (``../shared/indicators.md`` section A)."""

    id: str
    domain: str
    title: str
    question: str  # the plain question it answers
    unit: str  # "%", "hours/week", "emails/day", ...
    concrete_at: float  # raw value scoring 0
    compost_at: float  # raw value scoring 100
    source: str  # citation for the thresholds, or "judgement"
    seed: str  # the idea from the source material it makes measurable
    caveat: str  # what it must not be used for / how it misleads
    needs: tuple[str, ...]  # canonical tables it can use, finest first (any one may suffice)
    compute: Compute = field(repr=False, compare=False)
    estimate: bool = False
    weight: float = 1.0
    reads: tuple[str, ...] = ()  # tables its value depends on, when fewer than its domain's (see scorecard.reads)
    # the least evidence it is scored on, where it differs from the rule for its unit: ((unit, at least), ...)
    # (the rules and the units of source evidence each domain needs: diagnostic.indicators.evidence)
    evidence: tuple[tuple[str, float], ...] = ()
    # sources whose people must be the same people for the value to mean anything (diagnostic.joins: "teams")
    joins: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.domain not in DOMAINS:
            raise ValueError(f"{self.id}: unknown domain {self.domain!r}")
        if self.concrete_at == self.compost_at:
            raise ValueError(f"{self.id}: thresholds must differ")


def score_value(value: float, concrete_at: float, compost_at: float) -> float:
    """Linear from concrete_at (0) to compost_at (100), clamped; works in both directions.

    A value on or past a line scores that line's 0 or 100 exactly, as its reading says, whatever
    the rounding of the division would give (a value on the compost line could come out 99.99…).
    """
    toward_compost = 1.0 if compost_at > concrete_at else -1.0
    if (value - compost_at) * toward_compost >= 0:
        return 100.0
    if (value - concrete_at) * toward_compost <= 0:
        return 0.0
    s = 100.0 * (value - concrete_at) / (compost_at - concrete_at)
    return max(0.0, min(100.0, s))


def band(score: float | None) -> str | None:
    """0-24 concrete, 25-49 cracks, 50-74 soil, 75-100 compost (coarse on purpose)."""
    if score is None:
        return None
    if score < 25:
        return "concrete"
    if score < 50:
        return "cracks"
    if score < 75:
        return "soil"
    return "compost"


BAND_LABELS = {
    "concrete": "Concrete",
    "cracks": "Cracks",
    "soil": "Soil",
    "compost": "Compost",
    None: "Not scored",
}
