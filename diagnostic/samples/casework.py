"""Case-file audits and the complaints and compliments log, as plain records.

Concrete teams are audited for compliance, without the practitioner or the family, with long
action lists that are seldom finished; their complaints are answered late or not at all and nobody
is told what changed. Compost teams audit together with the practitioner and the family, set few
actions and finish them, answer complaints within days and report back ("you said, we did").
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from diagnostic.samples.clock import Window
from diagnostic.samples.habits import COMPOST, CONCRETE, FRONTLINE, QUALITY_ASSURANCE
from diagnostic.samples.organisation import Organisation, Person, Team
from diagnostic.samples.texts import COMPLAINT_TOPICS, COMPLIMENTS, YOU_SAID_WE_DID

AUDIT_TYPES = ("Compliance", "Practice", "Collaborative")
GRADES = ("Inadequate", "Requires improvement to be good", "Good", "Outstanding")
GRADE_SHORT = {"Requires improvement to be good": "RI"}
SHORT_GRADE_SHARE = 0.3  # auditors who write "RI" rather than the full words
VOICE = ("Yes", "Partly", "No")
AUDITS_PER_TEAM = (5, 8)  # over 12 weeks
ACTIONS_DUE_WEEKS = 8  # actions are due within eight weeks of the audit
PLAN_TYPES = {
    "Front door / MASH": "CIN",
    "Assessment": "CIN",
    "Child in need": "CIN",
    "Child protection": "CP",
    "Children in care": "CLA",
    "Leaving care": "Care leaver",
    "Fostering": "CLA",
    "Early help": "Early help",
    "Disabled children": "CIN",
}

STAGE1_DAYS, STAGE1_MAX, STAGE2_DAYS = 10, 20, 25
COMPLAINANTS_CHILD = ("Child/young person", "Advocate on behalf of child")
COMPLAINANTS_ADULT = ("Parent", "Parent", "Foster carer", "Grandparent", "Other family member")
OUTCOMES = ("Upheld", "Partly upheld", "Not upheld", "Resolved", "Withdrawn")
LOOKBACK_WEEKS = 4  # the log starts a little before the window, as logs do


@dataclass(frozen=True)
class Audit:
    audit_id: str
    day: date
    team: Team
    practitioner: Person
    auditor: Person
    audit_type: str
    grade: str
    voice: str
    practitioner_involved: bool
    family_feedback: bool
    actions_set: int
    actions_done: int
    learning: bool
    child_code: str
    plan_type: str


@dataclass(frozen=True)
class LogEntry:
    """One row of the complaints and compliments log."""

    reference: str
    record_type: str  # Complaint / Compliment / Comment
    procedure: str
    stage: int | None
    received: date
    acknowledged: date | None
    timescale: int | None
    due: date | None
    extended_due: date | None
    responded: date | None
    complainant: str
    advocate_offered: bool | None
    team: Team
    staff_named: bool
    category: str
    summary: str
    outcome: str
    learning: str
    action_owner: str
    action_due: date | None
    escalated: bool
    closed: date | None
    you_said_we_did: str


def build_audits(org: Organisation, window: Window, rng: random.Random) -> list[Audit]:
    qa = [p for t in org.teams if t.kind.name == QUALITY_ASSURANCE for p in t.members if p.level == "staff"]
    out: list[Audit] = []
    for team in org.teams:
        if team.kind.name not in FRONTLINE or not team.practitioners:
            continue
        n = max(2, round(rng.randint(*AUDITS_PER_TEAM) * window.weeks / 12))
        for _ in range(n):
            out.append(_audit(team, qa, window, rng))
    out.sort(key=lambda a: (a.day, a.team.name))
    return [_numbered(a, i + 1) for i, a in enumerate(out)]


def _audit(team: Team, qa: list[Person], window: Window, rng: random.Random) -> Audit:
    h = team.kind.audits
    day = rng.choice(window.working_days)
    audit_type = rng.choices(AUDIT_TYPES, weights=h.types)[0]
    involved = audit_type == "Collaborative" or rng.random() < h.practitioner_involved
    auditor = team.manager if audit_type == "Collaborative" and rng.random() < 0.4 else (rng.choice(qa) if qa else team.manager)
    actions = rng.randint(*h.actions)
    age_weeks = (window.end - day).days / 7
    due_share = min(1.0, age_weeks / ACTIONS_DUE_WEEKS)
    done = sum(rng.random() < h.completion * due_share for _ in range(actions))
    grade = rng.choices(GRADES, weights=h.grades)[0]
    if rng.random() < SHORT_GRADE_SHARE:
        grade = GRADE_SHORT.get(grade, grade)
    return Audit(
        "",
        day,
        team,
        rng.choice(team.practitioners),
        auditor,
        audit_type,
        grade,
        rng.choices(VOICE, weights=h.voice)[0],
        involved,
        rng.random() < h.family_feedback,
        actions,
        done,
        rng.random() < h.learning,
        f"C{rng.randint(100000, 999999)}",
        PLAN_TYPES.get(team.kind.name, "CIN"),
    )


def _numbered(a: Audit, n: int) -> Audit:
    return replace(a, audit_id=f"CFA-{a.day.year}-{n:04d}")


def audit_conversations(audits: list[Audit]) -> list[tuple[Person, Person, date]]:
    """Audits done with the practitioner became a meeting in the diary."""
    return [(a.auditor, a.practitioner, a.day) for a in audits if a.practitioner_involved and a.auditor is not a.practitioner]


def build_log(org: Organisation, window: Window, rng: random.Random) -> list[LogEntry]:
    """Complaints, compliments and comments about every frontline team."""
    first = window.start - timedelta(weeks=LOOKBACK_WEEKS)
    days = [first + timedelta(days=i) for i in range((window.end - first).days - 6)]
    received_days = [d for d in days if window.is_working_day(d)]
    entries: list[LogEntry] = []
    for team in org.teams:
        if team.kind.name not in FRONTLINE:
            continue
        f = team.kind.feedback
        scale = window.weeks / 12
        for _ in range(max(1, round(rng.gauss(f.complaints * scale, 0.6)))):
            entries.append(_complaint(team, rng.choice(received_days), window, rng))
        for _ in range(max(0, round(rng.gauss(f.compliments * scale, 0.6)))):
            entries.append(_compliment(team, rng.choice(received_days), rng))
    entries.sort(key=lambda e: (e.received, e.team.name, e.record_type))
    return [_referenced(e, i + 1) for i, e in enumerate(entries)]


def _complaint(team: Team, received: date, window: Window, rng: random.Random) -> LogEntry:
    f = team.kind.feedback
    style = team.kind.style
    stage = 2 if style == CONCRETE and rng.random() < 0.2 else 1
    child = rng.random() < f.child_complainants
    complainant = rng.choice(COMPLAINANTS_CHILD if child else COMPLAINANTS_ADULT)
    timescale = STAGE1_DAYS if stage == 1 else STAGE2_DAYS
    due = window.add_working_days(received, timescale)
    taken = rng.randint(*f.stage1_days) if stage == 1 else rng.randint(20, 60 if style == CONCRETE else 30)
    responded = window.add_working_days(received, taken)
    if rng.random() < f.unanswered or responded > window.end:
        responded = None
    extended = window.add_working_days(received, STAGE1_MAX) if stage == 1 and taken > STAGE1_DAYS and rng.random() < 0.5 else None
    category, summary = rng.choice(COMPLAINT_TOPICS)
    outcome = "" if responded is None else rng.choices(OUTCOMES, weights=(3, 3, 3, 2, 1))[0]
    acted = outcome in ("Upheld", "Partly upheld", "Resolved") and rng.random() < f.action
    learning, said = "", ""
    if acted:
        learning, said = rng.choice(YOU_SAID_WE_DID)
        if rng.random() >= f.closed_loop:
            said = ""
    return LogEntry(
        "",
        "Complaint",
        "Children Act 1989 statutory" if rng.random() < 0.8 else "Corporate",
        stage,
        received,
        window.add_working_days(received, rng.randint(1, 3 if style != CONCRETE else 6)),
        timescale,
        due,
        extended,
        responded,
        complainant,
        (rng.random() < 0.8) if child else (rng.random() < 0.3),
        team,
        rng.random() < 0.3,
        category,
        summary,
        outcome,
        learning,
        "Team manager" if acted else "",
        window.add_working_days(responded, 20) if acted and responded else None,
        stage == 1 and style == CONCRETE and responded is not None and rng.random() < 0.25,
        responded if responded and outcome else None,
        said,
    )


def _compliment(team: Team, received: date, rng: random.Random) -> LogEntry:
    child = rng.random() < team.kind.feedback.child_complainants + (0.2 if team.kind.style == COMPOST else 0.0)
    return LogEntry(
        "",
        "Compliment",
        "Corporate",
        None,
        received,
        None,
        None,
        None,
        None,
        None,
        "Child/young person" if child else rng.choice(COMPLAINANTS_ADULT),
        None,
        team,
        rng.random() < 0.5,
        "Compliment",
        rng.choice(COMPLIMENTS),
        "",
        "",
        "",
        None,
        False,
        received,
        "",
    )


def _referenced(e: LogEntry, n: int) -> LogEntry:
    prefix = "CS" if e.record_type == "Complaint" else "CP"
    return replace(e, reference=f"{prefix}-{e.received:%y}-{n:04d}")
