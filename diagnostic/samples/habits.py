"""The twelve kinds of team and their deliberately different habits, as data.

Every indicator needs something true to show, so the sample organisation is not uniform: a few
"concrete" teams run big, long, recurring management meetings, copy everyone into late-night email
and audit for compliance; a few "compost" teams meet small and short, supervise regularly, keep
afternoons free and close the loop on feedback; the rest sit between. One team is a silo, one team
bridges. The numbers below are the whole of that design: change them here, nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

CONCRETE, MIXED, COMPOST = "concrete", "mixed", "compost"
HEALTH, POLICE, SCHOOLS, VOLUNTARY = "Health", "Police", "Schools", "Voluntary sector"

# Services (each led by one or more heads of service) and the team kinds in them.
SAFEGUARDING, CARE, EARLY_HELP = "Safeguarding", "Children in care and permanence", "Early help and quality"


@dataclass(frozen=True)
class Recurring:
    """A standing meeting series a team holds.

    ``who``: ``team`` (everyone in the team), ``pod`` (one series per pod of about five),
    ``group`` (reflective groups of about six practitioners with a facilitator from Quality
    assurance), ``duty`` (the deputies and half the practitioners, with partner contacts),
    ``managers`` (a panel: the team's managers, those above them and related teams' managers).
    """

    subject: str
    who: str
    freq: str  # daily / weekly / fortnightly / four_weekly / monthly
    minutes: int
    partners: tuple[str, ...] = ()
    support: bool = False  # a business support officer takes the minutes
    fixed: tuple[int, int] | None = None  # (weekday, minutes after midnight) when the slot never moves


@dataclass(frozen=True)
class AdHoc:
    """One-off meetings, booked as the work needs them."""

    subject: str
    per_practitioner_week: float
    minutes: tuple[int, ...]
    internal: tuple[int, int]  # people from the team, organiser included (min, max)
    partners: tuple[str, ...] = ()
    n_partners: tuple[int, int] = (0, 0)
    managers: bool = False  # the team's managers are invited too
    head_of_service: bool = False  # needs a head of service's sign-off, so they are invited
    direct_work: bool = False  # time with a family: may sit in the afternoon


@dataclass(frozen=True)
class MeetingHabits:
    recurring: tuple[Recurring, ...]
    adhoc: tuple[AdHoc, ...]
    supervision_weeks: tuple[int, int]  # gap between supervisions; (4, 4) means a 4-weekly series
    window: tuple[int, int]  # minutes after midnight in which ordinary meetings are booked
    pack: float  # share of one-off meetings booked straight after the organiser's last one
    double_book: float  # share booked on top of something already in the diary
    late: float  # share booked to end after 18:00
    gap: int  # minutes of breathing space kept between meetings (compost only; 0 = none kept)


@dataclass(frozen=True)
class EmailHabits:
    """Per person per working day, as the (thinned) message trace carries them."""

    sent: float
    after_hours: float  # share of messages sent after 18:00 or at the weekend
    extra_recipients: float  # mean copies beyond the first recipient
    upward: float  # share addressed to the sender's manager or above
    partner: float  # share to partner agencies
    cross_team: float  # share to other teams
    reply: float  # share that answer someone who wrote to them
    # Full volumes, as the Microsoft 365 usage reports count them (per working day)
    report_received: float
    report_sent: float
    report_read_share: float


@dataclass(frozen=True)
class AuditHabits:
    types: tuple[float, float, float]  # Compliance, Practice, Collaborative
    practitioner_involved: float
    family_feedback: float
    voice: tuple[float, float, float]  # Yes, Partly, No
    actions: tuple[int, int]
    completion: float
    learning: float
    grades: tuple[float, float, float, float]  # Inadequate, RI, Good, Outstanding


@dataclass(frozen=True)
class FeedbackHabits:
    complaints: float  # per team per 12 weeks
    compliments: float
    stage1_days: tuple[int, int]  # working days taken to answer at stage 1
    unanswered: float
    action: float  # share of upheld complaints with learning or an action agreed
    closed_loop: float  # share of those reported back ("you said, we did")
    child_complainants: float
    forms_weight: float  # how many young people and families answer the feedback form
    survey_mood: float  # 1-5: how staff in this team rate their working conditions


@dataclass(frozen=True)
class TeamKind:
    name: str
    style: str
    service: str
    weight: float  # share of staff (before leadership is carved out)
    titles: tuple[str, ...]  # practitioner job titles, most common first
    deputies: bool  # a deputy team manager layer between practitioners and the team manager
    service_manager: bool  # a service manager layer between the team manager and head of service
    partners: tuple[str, ...]  # agencies the team works with most
    silo: bool
    meetings: MeetingHabits
    email: EmailHabits
    audits: AuditHabits
    feedback: FeedbackHabits


_CONCRETE_WINDOW = (9 * 60, 17 * 60 + 30)
_MIXED_WINDOW = (9 * 60, 17 * 60)
_COMPOST_WINDOW = (9 * 60 + 30, 12 * 60 + 30)  # mornings; afternoons stay free for families

_CONCRETE_EMAIL = EmailHabits(3.0, 0.26, 1.9, 0.32, 0.12, 0.06, 0.10, 95, 14, 0.62)
_MIXED_EMAIL = EmailHabits(2.4, 0.08, 0.8, 0.25, 0.05, 0.10, 0.15, 70, 10, 0.75)
_COMPOST_EMAIL = EmailHabits(2.0, 0.03, 0.25, 0.08, 0.12, 0.2, 0.25, 35, 6, 0.85)

_CONCRETE_AUDIT = AuditHabits((0.8, 0.2, 0.0), 0.12, 0.03, (0.4, 0.3, 0.3), (5, 9), 0.35, 0.2, (0.25, 0.5, 0.25, 0.0))
_MIXED_AUDIT = AuditHabits((0.5, 0.4, 0.1), 0.5, 0.15, (0.65, 0.2, 0.15), (3, 6), 0.6, 0.5, (0.1, 0.4, 0.45, 0.05))
_COMPOST_AUDIT = AuditHabits((0.1, 0.3, 0.6), 0.95, 0.6, (0.9, 0.1, 0.0), (1, 3), 0.9, 0.9, (0.0, 0.2, 0.6, 0.2))

_CONCRETE_FEEDBACK = FeedbackHabits(4, 0.5, (8, 32), 0.25, 0.3, 0.1, 0.1, 0.6, 2.3)
_MIXED_FEEDBACK = FeedbackHabits(2, 1, (5, 18), 0.1, 0.5, 0.35, 0.2, 0.8, 3.0)
_COMPOST_FEEDBACK = FeedbackHabits(1, 2.5, (3, 9), 0.0, 0.9, 0.85, 0.45, 1.6, 4.0)

_CONCRETE_MEETINGS = dict(supervision_weeks=(3, 10), window=_CONCRETE_WINDOW, pack=0.8, double_book=0.15, late=0.08, gap=0)
_MIXED_MEETINGS = dict(supervision_weeks=(3, 7), window=_MIXED_WINDOW, pack=0.3, double_book=0.05, late=0.02, gap=0)
_COMPOST_MEETINGS = dict(supervision_weeks=(4, 4), window=_COMPOST_WINDOW, pack=0.0, double_book=0.0, late=0.0, gap=15)

MONDAY, TUESDAY, WEDNESDAY, THURSDAY = range(4)


def _concrete_week(day: int) -> tuple[Recurring, ...]:
    """A concrete team's standing week: a long team meeting straight into a long allocation meeting,
    and a performance clinic that runs to the end of Thursday."""
    return (
        Recurring("Team meeting", "team", "weekly", 90, support=True, fixed=(day, 9 * 60 + 30)),
        Recurring("Allocation meeting", "team", "weekly", 90, fixed=(day, 11 * 60)),
        Recurring("Performance and data clinic", "team", "weekly", 90, fixed=(THURSDAY, 16 * 60)),
    )


_TEAM_MEETING_MONTHLY = Recurring("Team meeting", "team", "four_weekly", 60)
_HUDDLE = Recurring("Team huddle", "pod", "weekly", 30)
_REFLECTIVE = Recurring("Reflective group supervision", "group", "four_weekly", 90)
_JOINT_VISIT = AdHoc("Joint home visit", 0.15, (60, 90), (2, 2), direct_work=True)

TEAM_KINDS: tuple[TeamKind, ...] = (
    TeamKind(
        "Front door / MASH",
        CONCRETE,
        SAFEGUARDING,
        14,
        ("Social worker", "Senior social worker", "MASH officer"),
        deputies=True,
        service_manager=True,
        partners=(POLICE, HEALTH),
        silo=False,
        meetings=MeetingHabits(
            recurring=(
                *_concrete_week(MONDAY),
                Recurring("MASH daily triage", "duty", "daily", 30, partners=(POLICE, HEALTH), fixed=(MONDAY, 9 * 60)),
            ),
            adhoc=(
                AdHoc("Strategy discussion", 1.2, (60,), (3, 4), (POLICE, HEALTH), (2, 3), managers=True),
                AdHoc("Case review", 0.7, (90,), (3, 4), managers=True),
                AdHoc("Legal gateway meeting", 0.04, (90,), (2, 2), managers=True, head_of_service=True),
                _JOINT_VISIT,
            ),
            **_CONCRETE_MEETINGS,
        ),
        email=EmailHabits(3.2, 0.28, 2.1, 0.32, 0.18, 0.05, 0.09, 110, 16, 0.6),
        audits=_CONCRETE_AUDIT,
        feedback=_CONCRETE_FEEDBACK,
    ),
    TeamKind(
        "Assessment",
        MIXED,
        SAFEGUARDING,
        14,
        ("Social worker", "Senior social worker", "Family support worker"),
        deputies=False,
        service_manager=True,
        partners=(HEALTH, SCHOOLS),
        silo=False,
        meetings=MeetingHabits(
            recurring=(
                Recurring("Team meeting", "team", "weekly", 60),
                Recurring("Allocation meeting", "team", "weekly", 60),
                Recurring("Performance and data clinic", "team", "four_weekly", 60),
            ),
            adhoc=(
                AdHoc("Case consultation", 0.8, (45, 60), (2, 3)),
                AdHoc("Strategy discussion", 0.15, (60,), (2, 2), (POLICE, HEALTH), (1, 2), managers=True),
                _JOINT_VISIT,
            ),
            **_MIXED_MEETINGS,
        ),
        email=_MIXED_EMAIL,
        audits=_MIXED_AUDIT,
        feedback=_MIXED_FEEDBACK,
    ),
    TeamKind(
        "Child in need",
        MIXED,
        SAFEGUARDING,
        13,
        ("Social worker", "Senior social worker", "Family support worker"),
        deputies=False,
        service_manager=True,
        partners=(SCHOOLS, HEALTH),
        silo=False,
        meetings=MeetingHabits(
            recurring=(
                Recurring("Team meeting", "team", "fortnightly", 60),
                Recurring("Allocation meeting", "team", "weekly", 60),
                _REFLECTIVE,
            ),
            adhoc=(
                AdHoc("Child in need review", 0.8, (60,), (2, 3), (SCHOOLS, HEALTH), (1, 2)),
                AdHoc("Case consultation", 0.4, (45, 60), (2, 3)),
                _JOINT_VISIT,
            ),
            **_MIXED_MEETINGS,
        ),
        email=_MIXED_EMAIL,
        audits=_MIXED_AUDIT,
        feedback=_MIXED_FEEDBACK,
    ),
    TeamKind(
        "Child protection",
        CONCRETE,
        SAFEGUARDING,
        15,
        ("Social worker", "Senior social worker", "Family support worker"),
        deputies=True,
        service_manager=True,
        partners=(POLICE, HEALTH, SCHOOLS),
        silo=False,
        meetings=MeetingHabits(
            recurring=_concrete_week(TUESDAY),
            adhoc=(
                AdHoc("Strategy discussion", 0.6, (60,), (3, 4), (POLICE, HEALTH), (2, 3), managers=True),
                AdHoc("Core group", 0.5, (90,), (3, 4), (SCHOOLS, HEALTH), (2, 3)),
                AdHoc("Child protection conference", 0.15, (120,), (3, 4), (POLICE, HEALTH, SCHOOLS), (3, 5), managers=True),
                AdHoc("Case review", 0.7, (90,), (3, 4), managers=True),
                AdHoc("Legal gateway meeting", 0.06, (90,), (2, 2), managers=True, head_of_service=True),
                _JOINT_VISIT,
            ),
            **_CONCRETE_MEETINGS,
        ),
        email=EmailHabits(3.1, 0.27, 2.0, 0.34, 0.14, 0.05, 0.09, 105, 15, 0.6),
        audits=_CONCRETE_AUDIT,
        feedback=_CONCRETE_FEEDBACK,
    ),
    TeamKind(
        "Children in care",
        CONCRETE,
        CARE,
        14,
        ("Social worker", "Senior social worker", "Family support worker"),
        deputies=True,
        service_manager=True,
        partners=(HEALTH, SCHOOLS),
        silo=False,
        meetings=MeetingHabits(
            recurring=(
                *_concrete_week(WEDNESDAY),
                Recurring("Placement panel", "managers", "fortnightly", 120, partners=(HEALTH, SCHOOLS), support=True),
            ),
            adhoc=(
                AdHoc("Care plan review with young person", 0.4, (60,), (1, 2), (SCHOOLS, HEALTH), (1, 2), direct_work=True),
                AdHoc("Permanence planning meeting", 0.25, (90,), (3, 4), managers=True, head_of_service=True),
                AdHoc("Case review", 0.8, (90,), (3, 4), managers=True),
                _JOINT_VISIT,
            ),
            **_CONCRETE_MEETINGS,
        ),
        email=_CONCRETE_EMAIL,
        audits=_CONCRETE_AUDIT,
        feedback=_CONCRETE_FEEDBACK,
    ),
    TeamKind(
        "Leaving care",
        COMPOST,
        CARE,
        11,
        ("Personal adviser", "Personal adviser", "Social worker"),
        deputies=False,
        service_manager=False,
        partners=(VOLUNTARY, HEALTH),
        silo=False,
        meetings=MeetingHabits(
            recurring=(_HUDDLE, _TEAM_MEETING_MONTHLY, _REFLECTIVE),
            adhoc=(AdHoc("Pathway plan review with young person", 0.6, (45, 60), (1, 2), (VOLUNTARY,), (0, 1), direct_work=True),),
            **_COMPOST_MEETINGS,
        ),
        email=_COMPOST_EMAIL,
        audits=_COMPOST_AUDIT,
        feedback=_COMPOST_FEEDBACK,
    ),
    TeamKind(
        "Fostering",
        COMPOST,
        CARE,
        11,
        ("Supervising social worker", "Supervising social worker", "Recruitment officer"),
        deputies=False,
        service_manager=False,
        partners=(VOLUNTARY, HEALTH),
        silo=False,
        meetings=MeetingHabits(
            recurring=(
                _HUDDLE,
                _TEAM_MEETING_MONTHLY,
                _REFLECTIVE,
                Recurring("Fostering panel", "managers", "monthly", 180, partners=(VOLUNTARY, HEALTH), support=True),
            ),
            adhoc=(
                AdHoc("Home visit to foster family", 0.5, (90,), (1, 2), direct_work=True),
                AdHoc("Family time review", 0.08, (60,), (1, 2), (VOLUNTARY,), (0, 1), direct_work=True),
            ),
            **_COMPOST_MEETINGS,
        ),
        email=_COMPOST_EMAIL,
        audits=_COMPOST_AUDIT,
        feedback=_COMPOST_FEEDBACK,
    ),
    TeamKind(
        "Early help",
        COMPOST,
        EARLY_HELP,
        14,
        ("Family support worker", "Early help practitioner", "Youth worker"),
        deputies=False,
        service_manager=False,
        partners=(SCHOOLS, VOLUNTARY),
        silo=False,
        meetings=MeetingHabits(
            recurring=(_HUDDLE, _TEAM_MEETING_MONTHLY, _REFLECTIVE),
            adhoc=(
                AdHoc("Team around the family", 0.5, (60,), (1, 2), (SCHOOLS, VOLUNTARY), (1, 3)),
                AdHoc("Family group conference", 0.15, (90,), (1, 2), (VOLUNTARY,), (0, 1), direct_work=True),
            ),
            **_COMPOST_MEETINGS,
        ),
        email=EmailHabits(2.0, 0.03, 0.3, 0.07, 0.22, 0.16, 0.25, 38, 6, 0.85),
        audits=_COMPOST_AUDIT,
        feedback=_COMPOST_FEEDBACK,
    ),
    TeamKind(
        "Disabled children",
        MIXED,
        CARE,
        10,
        ("Social worker", "Short breaks coordinator", "Family support worker"),
        deputies=False,
        service_manager=True,
        partners=(),
        silo=True,
        meetings=MeetingHabits(
            recurring=(Recurring("Team meeting", "team", "weekly", 60), Recurring("Short breaks panel", "team", "monthly", 90)),
            adhoc=(AdHoc("Transition planning meeting", 0.6, (60,), (2, 3)), _JOINT_VISIT),
            **_MIXED_MEETINGS,
        ),
        email=EmailHabits(2.2, 0.07, 0.7, 0.22, 0.0, 0.02, 0.2, 60, 9, 0.78),
        audits=_MIXED_AUDIT,
        feedback=_MIXED_FEEDBACK,
    ),
    TeamKind(
        "Quality assurance",
        MIXED,
        EARLY_HELP,
        8,
        ("Practice reviewer", "Quality assurance officer", "Performance analyst"),
        deputies=False,
        service_manager=False,
        partners=(),
        silo=False,
        meetings=MeetingHabits(
            recurring=(Recurring("Team meeting", "team", "fortnightly", 60),),
            adhoc=(),
            **_MIXED_MEETINGS,
        ),
        email=EmailHabits(2.4, 0.06, 0.8, 0.15, 0.02, 0.75, 0.2, 60, 10, 0.8),
        audits=_MIXED_AUDIT,
        feedback=_MIXED_FEEDBACK,
    ),
    TeamKind(
        "Senior leadership",
        CONCRETE,
        "",
        6,
        (),
        deputies=False,
        service_manager=False,
        partners=(HEALTH, POLICE, SCHOOLS, VOLUNTARY),
        silo=False,
        meetings=MeetingHabits(recurring=(), adhoc=(), **_CONCRETE_MEETINGS),
        email=EmailHabits(3.4, 0.3, 2.2, 0.2, 0.1, 0.2, 0.1, 120, 20, 0.55),
        audits=_CONCRETE_AUDIT,
        feedback=_MIXED_FEEDBACK,
    ),
    TeamKind(
        "Business support",
        MIXED,
        EARLY_HELP,
        10,
        ("Business support officer", "Panel administrator", "Business support officer"),
        deputies=False,
        service_manager=False,
        partners=(),
        silo=False,
        meetings=MeetingHabits(recurring=(Recurring("Business support huddle", "pod", "weekly", 30),), adhoc=(), **_MIXED_MEETINGS),
        email=EmailHabits(2.6, 0.04, 0.6, 0.2, 0.02, 0.3, 0.2, 65, 14, 0.8),
        audits=_MIXED_AUDIT,
        feedback=_MIXED_FEEDBACK,
    ),
)

# How an organisation leans: each team kind's share of staff is multiplied by its style's factor.
# Northbridge is "balanced"; generated peers lean one way or the other so that peers differ.
BALANCED = "balanced"
LEANINGS: dict[str, dict[str, float]] = {
    BALANCED: {CONCRETE: 1.0, MIXED: 1.0, COMPOST: 1.0},
    CONCRETE: {CONCRETE: 2.0, MIXED: 1.0, COMPOST: 0.5},
    COMPOST: {CONCRETE: 0.5, MIXED: 1.0, COMPOST: 2.0},
}

KIND_BY_NAME: dict[str, TeamKind] = {k.name: k for k in TEAM_KINDS}
LEADERSHIP = "Senior leadership"
BUSINESS_SUPPORT = "Business support"
QUALITY_ASSURANCE = "Quality assurance"
# Team kinds that hold work with families (practitioners with a caseload).
FRONTLINE: tuple[str, ...] = tuple(k.name for k in TEAM_KINDS if k.name not in (LEADERSHIP, BUSINESS_SUPPORT, QUALITY_ASSURANCE))
