"""What children, families and staff said: feedback form answers, a staff survey, a workshop room's votes.

Young people and families who work with compost teams rate them higher and answer more often;
staff in concrete teams rate their supervision, meetings and time with families lower. The room's
self-assessment votes lean low on feedback and performance measures and high on partnership.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from diagnostic.samples.clock import Window, at
from diagnostic.samples.habits import FRONTLINE, KIND_BY_NAME, FeedbackHabits
from diagnostic.samples.organisation import Organisation, Person
from diagnostic.samples.texts import (
    FORM_ACTIONS,
    FORM_COMMENTS,
    FORM_TOPICS,
    FORM_WHO,
    REVERSED,
    SELF_ASSESSMENT,
    SELF_ASSESSMENT_LEAN,
    SURVEY_BLOCKERS,
    SURVEY_COMMENTS,
    SURVEY_MATRIX,
)

FORMS_PER_100_STAFF = 35  # answers over 12 weeks
SURVEY_RESPONSE_RATE = 0.45
ROOM_SIZE = (22, 30)
DONT_KNOW_SHARE = 0.06


@dataclass(frozen=True)
class FormAnswer:
    n: int
    started: datetime
    completed: datetime
    who: str
    team_kind: str
    rating: int
    topics: tuple[str, ...]
    comment: str
    contact_me: str
    action: str  # typed into the downloaded workbook by staff: what was done
    told: str  # ...and whether the person was told ("you said, we did")


@dataclass(frozen=True)
class SurveyAnswer:
    respondent_id: int
    collector_id: int
    started: datetime
    ended: datetime
    team_kind: str
    role: str
    matrix: tuple[int, ...]  # 1-5, one per SURVEY_MATRIX statement
    blockers: tuple[str, ...]
    other: str
    comment: str


@dataclass(frozen=True)
class RoomTally:
    statement_id: str
    theme: str
    statement: str
    votes: tuple[int, int, int, int, int]
    dont_know: int


def _mood_band(score: float) -> str:
    return "low" if score < 2.6 else ("high" if score >= 3.6 else "mid")


def build_forms(org: Organisation, window: Window, rng: random.Random) -> list[FormAnswer]:
    kinds = [KIND_BY_NAME[k] for k in FRONTLINE]
    n = max(10, round(len(org.staff) / 100 * FORMS_PER_100_STAFF * window.weeks / 12))
    out = []
    for i in range(n):
        kind = rng.choices(kinds, weights=[k.feedback.forms_weight for k in kinds])[0]
        mood = kind.feedback.survey_mood + rng.gauss(0, 0.9)
        rating = max(1, min(5, round(mood)))
        young = kind.name in ("Leaving care", "Children in care", "Early help", "Fostering")
        who = rng.choices(FORM_WHO, weights=(5 if young else 2, 4, 2 if kind.name == "Fostering" else 0.5, 0.5))[0]
        started = at(rng.choice(window.days), rng.randint(8 * 60, 22 * 60))
        completed = started + timedelta(seconds=rng.randint(60, 900))
        topics = tuple(t for t in FORM_TOPICS if rng.random() < 0.3) or (rng.choice(FORM_TOPICS),)
        comment = rng.choice(FORM_COMMENTS[_mood_band(rating)])
        action, told = _follow_up(kind.feedback, rating, rng)
        contact = "Yes" if rng.random() < 0.6 else "No"
        out.append(FormAnswer(0, started, completed, who, kind.name, rating, topics, comment, contact, action, told))
    out.sort(key=lambda a: a.completed)
    return [replace(a, n=i + 1) for i, a in enumerate(out)]


def _follow_up(f: FeedbackHabits, rating: int, rng: random.Random) -> tuple[str, str]:
    """What staff wrote in their tracking columns: compost teams act on low ratings and say so."""
    if rating >= 4:
        return ("No action needed", "") if rng.random() < 0.5 else ("", "")
    if rng.random() >= f.action:
        return "", ""
    return rng.choice(FORM_ACTIONS), "Yes" if rng.random() < f.closed_loop else "No"


def _role(p: Person) -> str:
    if p.practitioner:
        return "Practitioner"
    if p.level in ("team_manager", "deputy", "service_manager", "head", "director"):
        return "Manager"
    return "Business support or other"


def build_survey(org: Organisation, window: Window, rng: random.Random) -> list[SurveyAnswer]:
    """Staff who answered the survey in the window's last four weeks (anonymous web link)."""
    collector = rng.randint(400_000_000, 499_999_999)
    days = window.working_days[-20:]
    respondents = [p for p in org.staff if rng.random() < SURVEY_RESPONSE_RATE]
    out = []
    rid = rng.randint(11_000_000_000, 11_999_999_999)
    for p in respondents:
        kind = KIND_BY_NAME[p.kind]
        matrix = tuple(max(1, min(5, round(kind.feedback.survey_mood + rng.gauss(0, 0.9)))) for _ in SURVEY_MATRIX)
        mean = sum(matrix) / len(matrix)
        weights = (0.8, 0.7, 0.6, 0.2) if kind.style == "concrete" else (0.3, 0.3, 0.5, 0.3)
        blockers = tuple(b for b, w in zip(SURVEY_BLOCKERS, weights) if rng.random() < w)
        other = "Court deadlines" if rng.random() < 0.05 else ""
        started = at(rng.choice(days), rng.randint(8 * 60, 20 * 60)) + timedelta(seconds=rng.randint(0, 59))
        rid += rng.randint(1, 40_000)
        out.append(
            SurveyAnswer(
                rid,
                collector,
                started,
                started + timedelta(seconds=rng.randint(120, 1200)),
                p.kind,
                _role(p),
                matrix,
                blockers,
                other,
                rng.choice(SURVEY_COMMENTS[_mood_band(mean)]),
            )
        )
    out.sort(key=lambda a: a.respondent_id, reverse=True)  # SurveyMonkey lists the newest first
    return out


def build_room(rng: random.Random) -> list[RoomTally]:
    """A workshop room's votes on each self-assessment statement."""
    size = rng.randint(*ROOM_SIZE)
    out = []
    for sid, theme, statement in SELF_ASSESSMENT:
        lean = SELF_ASSESSMENT_LEAN[theme]
        centre = 6 - lean if sid in REVERSED else lean
        votes = [0] * 5
        dont_know = 0
        for _ in range(size):
            if rng.random() < DONT_KNOW_SHARE:
                dont_know += 1
                continue
            votes[max(1, min(5, round(rng.gauss(centre, 1.0)))) - 1] += 1
        out.append(RoomTally(sid, theme, statement, tuple(votes), dont_know))
    return out
