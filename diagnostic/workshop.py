"""Workshop mode as data: findings to put on a shared screen, one at a time, and questions to ask.

A workshop starts a conversation rather than presenting a verdict, so the order is deliberate: the
most concrete finding first (where the infrastructure most gets in the way of relationships), then
a bright spot (what already works, so the room does not hear only bad news), then the weakest
point of each other domain, most concrete first. Every finding carries its number, unit and n, its band,
one plain sentence, and reflection questions drawn from the source material. Findings describe
team and system conditions only: no person, team name or identifier ever appears.
"""

from __future__ import annotations

from dataclasses import dataclass

from diagnostic.indicators.base import BAND_LABELS, DOMAIN_TITLES, DOMAINS
from diagnostic.scorecard import IndicatorResult, Scorecard
from diagnostic.wording import number, points, reading

# The questions the room is asked. Quoted ones carry their source in QUESTION_SOURCES.
CONCRETE_QUESTION = "Which of these is concrete we could replace with compost?"
DISRUPTION_QUESTION = "What form could hopeful disruption take here?"
ENVIRONMENT_QUESTION = "What type of environment do we want to create?"
CREATING_QUESTION = "What is my communication practice currently creating?"
CULTURE_QUESTION = "How do I communicate in order to build and maintain the culture?"
UNDERPINS_QUESTION = "What underpins my communication practice when challenging or supporting colleagues?"
BRIGHT_SPOT_QUESTION = "What makes this work here, and where else could it grow?"
PEERS_QUESTION = "What might peers who sit closer to compost here be doing differently, and could we ask them?"

KAY = "Kay, “Working with, not doing to”, North East Lincolnshire (2015)"
QUESTION_SOURCES: dict[str, str] = {
    ENVIRONMENT_QUESTION: KAY,
    CREATING_QUESTION: KAY,
    CULTURE_QUESTION: KAY,
    UNDERPINS_QUESTION: KAY,
    DISRUPTION_QUESTION: "after Barking & Dagenham's relational social work: “What form could ‘hopeful disruption’ take in your context?”",
    CONCRETE_QUESTION: "after Dove, “Roses and concrete”, ADCS (2024): “It needs the concrete replacing with compost.”",
}

REFLECTION_QUESTIONS: dict[str, tuple[str, ...]] = {
    "meetings": (
        ENVIRONMENT_QUESTION,
        "Which of our meetings still earn their time, and which could become time with children and families?",
        "Who is not heard in our meetings: the quietest person, the most junior, the family?",
    ),
    "email": (
        CREATING_QUESTION,
        CULTURE_QUESTION,
        "When we copy people in, is it to support them or to protect ourselves?",
    ),
    "audits": (
        "Are our audits done with practitioners and families, or to them?",
        "What do we do with what our audits tell us?",
        UNDERPINS_QUESTION,
    ),
    "feedback": (
        "What do we do with feedback, and do the people who gave it hear what changed?",
        "Whose voices are missing: children, parents and carers, staff, partners?",
        DISRUPTION_QUESTION,
    ),
    "network": (
        "What happens to the work when a few busy connectors are away?",
        "Where do health, police, schools and other partners sit in our everyday conversations?",
        ENVIRONMENT_QUESTION,
    ),
    "self_assessment": (
        "Where do practitioners, managers and leaders see things differently, and why?",
        DISRUPTION_QUESTION,
        "What would we need to stop doing to make room for relationships?",
    ),
    "language": (
        "Would the family recognise themselves, and feel respected, in what we write?",
        "Which of our words shut relationships down, and what would we say instead?",
        "Which terms does the law require, and how do we explain them?",
    ),
}

BRIGHT_SPOT_MIN_SCORE = 50.0  # a bright spot is at least soil
SHARE_AS_PERCENT = 100.0
PERCENT_UNITS = ("%",)


@dataclass(frozen=True)
class Finding:
    """One screen of the workshop."""

    title: str
    figure: str  # the number with its unit, e.g. "12.5 hours/week"
    n: str  # what the number rests on, e.g. "across 214 meetings"
    band: str | None
    reading: str  # one plain sentence
    questions: tuple[str, ...]
    domain: str
    kind: str  # "challenge" (the weakest point of a domain), "bright spot", "network" or "peers"
    indicator_id: str | None = None
    score: float | None = None

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "figure": self.figure,
            "n": self.n,
            "band": self.band,
            "band_label": BAND_LABELS[self.band],
            "reading": self.reading,
            "questions": list(self.questions),
            "domain": self.domain,
            "domain_title": DOMAIN_TITLES[self.domain],
            "kind": self.kind,
            "indicator_id": self.indicator_id,
            "score": None if self.score is None else round(self.score, 1),
        }


def with_unit(value: float, unit: str, percent_scale: float = 1.0) -> str:
    """``12.5 hours/week``, ``42%``, written as everywhere else; ``percent_scale`` turns a 0-1 share into a percentage."""
    return number(value * percent_scale if unit in PERCENT_UNITS else value, unit)


def _percent_scale(result: IndicatorResult) -> float:
    """Percentages stored as 0-1 shares are shown on 0-100 (told apart by their thresholds)."""
    thresholds = max(abs(result.concrete_at), abs(result.compost_at))
    return SHARE_AS_PERCENT if result.indicator.unit in PERCENT_UNITS and thresholds <= 1 else 1.0


def _reading(result: IndicatorResult, bright: bool) -> str:
    """The finding's sentence, built where every reading is (:func:`diagnostic.wording.reading`)."""
    scale = _percent_scale(result)  # 1 for every unit but a 0-1 share
    opening = "A bright spot" if bright else ""
    return reading(result.measurement.value * scale, result.concrete_at * scale, result.compost_at * scale, result.indicator.unit, opening)


def _finding(result: IndicatorResult, kind: str) -> Finding:
    ind, m = result.indicator, result.measurement
    bright = kind == "bright spot"
    questions = REFLECTION_QUESTIONS[ind.domain] + ((BRIGHT_SPOT_QUESTION,) if bright else (CONCRETE_QUESTION,))
    return Finding(
        title=ind.title,
        figure=with_unit(m.value, ind.unit, _percent_scale(result)),
        n=f"across {number(m.n, m.n_unit)}",
        band=result.band,
        reading=_reading(result, bright),
        questions=tuple(dict.fromkeys(questions)),
        domain=ind.domain,
        kind=kind,
        indicator_id=ind.id,
        score=result.score,
    )


def _network_finding(summary: dict, card: Scorecard) -> Finding | None:
    """How the organisation connects, from the network summary's counts and shares (never its team list)."""
    share = summary.get("cross_team_share")
    people = summary.get("people") or summary.get("nodes")
    if not isinstance(share, int | float) or not people:
        return None
    percent = share * SHARE_AS_PERCENT if share <= 1 else share
    floor = int(summary.get("min_group_size") or 0)
    isolates = summary.get("isolates")
    if isinstance(isolates, int) and isolates >= max(floor, 1):
        edge = f" {isolates:,} people have two or fewer collaborators."
    elif isinstance(isolates, int) and isolates:
        edge = f" Fewer than {floor} people have two or fewer collaborators."
    else:
        edge = ""
    domain = card.domain("network")
    return Finding(
        title="How the organisation connects",
        figure=f"{number(percent, '%')} of collaboration crosses team lines",
        n=f"across {int(people):,} people",
        band=domain.band,
        reading=f"Ties between teams carry {number(percent, '%')} of collaboration.{edge}",
        questions=REFLECTION_QUESTIONS["network"] + (CONCRETE_QUESTION,),
        domain="network",
        kind="network",
        score=domain.score,
    )


def findings(scorecard: Scorecard, network_summary: dict | None = None) -> list[Finding]:
    """The workshop's screens: the most concrete finding, a bright spot, then the most concrete of each other domain.

    One indicator per domain at most (its lowest score) keeps the session to a handful of
    screens; the network summary, when given, adds one screen on how the organisation connects.
    """
    scored = [r for r in scorecard.results if r.score is not None]
    order = {d: i for i, d in enumerate(DOMAINS)}
    worst_per_domain: dict[str, IndicatorResult] = {}
    for r in sorted(scored, key=lambda r: (r.score, order[r.indicator.domain])):
        worst_per_domain.setdefault(r.indicator.domain, r)
    concrete = sorted(worst_per_domain.values(), key=lambda r: (r.score, order[r.indicator.domain]))
    bright = max(scored, key=lambda r: (r.score, -order[r.indicator.domain]), default=None)
    if bright is not None and bright.score >= BRIGHT_SPOT_MIN_SCORE:
        concrete = [r for r in concrete if r is not bright]
    else:
        bright = None
    screens = [_finding(r, "challenge") for r in concrete]
    if bright is not None:
        screens.insert(min(1, len(screens)), _finding(bright, "bright spot"))
    if network_summary:
        network = _network_finding(network_summary, scorecard)
        if network is not None:
            screens.append(network)
    return screens


def peer_findings(comparison: dict) -> list[Finding]:
    """One screen per domain that enough peers share: our score beside theirs, never a peer's label.

    A room looks at where it sits, not at who the others are: packs' labels stay out of workshop mode.
    """
    screens = []
    for d in comparison["domains"]:
        if not d.get("shown"):
            continue
        low, high = points(d["lower_quartile"]), points(d["upper_quartile"])
        screens.append(
            Finding(
                title=f"{d['title']} among peers",
                figure=f"{number(d['ours'], 'points')}; peers' median {number(d['median'], 'points')}",
                n=f"among {d['peers']:,} peers",
                band=d["band"],
                reading=f"{d['position']} The middle half of peers score {low} to {high} points out of 100.",
                questions=REFLECTION_QUESTIONS[d["id"]][:2] + (PEERS_QUESTION,),
                domain=d["id"],
                kind="peers",
                score=d["ours"],
            )
        )
    return screens
