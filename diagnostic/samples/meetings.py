"""The organisation's diary: standing series and one-off meetings, booked the way each team books them.

Concrete teams book wherever there is a slot or none (back to back, on top of each other, late);
compost teams book in the morning with a break either side and leave afternoons for families.
Every meeting is a plain record (:mod:`~diagnostic.samples.meeting_records`), booked into the diaries by
:mod:`~diagnostic.samples.booking`; writers turn the same records into ICS, Outlook CSV and usage
counts, so the exports agree with each other as real ones do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from diagnostic.samples.booking import Booker, Diary
from diagnostic.samples.clock import Window, at
from diagnostic.samples.habits import (
    BUSINESS_SUPPORT,
    CARE,
    COMPOST,
    CONCRETE,
    EARLY_HELP,
    HEALTH,
    KIND_BY_NAME,
    LEADERSHIP,
    POLICE,
    QUALITY_ASSURANCE,
    SAFEGUARDING,
    SCHOOLS,
    VOLUNTARY,
    AdHoc,
    MeetingHabits,
    Recurring,
)
from diagnostic.samples.meeting_records import TEAMS_LOCATION, Meeting, Series, series_starts
from diagnostic.samples.organisation import Organisation, Person, Team, pods
from diagnostic.samples.random_tools import outlook_uid, poisson

EXDATE_SHARE = 0.15  # series with one cancelled occurrence
MOVED_SHARE = 0.06  # series with one occurrence moved
TRAINING_TOPICS = (
    "Signs of Safety refresher",
    "Trauma-informed practice",
    "Writing to children and families",
    "Restorative practice",
    "Court skills",
    "Domestic abuse awareness",
)
TRAINING_PER_STAFF_PER_4_WEEKS = 1 / 75
ROOMS = ("Room 2.14, Northbridge House", "Room 1.03, Northbridge House", "Oak Street Family Centre", "Conference room, Town Hall")


@dataclass
class Calendar:
    """All meetings plus the diary they were booked into."""

    meetings: list[Meeting]
    diary: Diary


class _Builder:
    def __init__(self, org: Organisation, window: Window, rng: random.Random) -> None:
        self.org, self.window, self.rng = org, window, rng
        self.diary = Diary()
        self.booker = Booker(self.diary, window, rng)
        self.meetings: list[Meeting] = []
        self.qa = [p for t in org.teams if t.kind.name == QUALITY_ASSURANCE for p in t.members]

    # -- recording -------------------------------------------------------------------------------
    def add(self, meeting: Meeting) -> Meeting:
        self.meetings.append(meeting)
        for _, s, e in meeting.occurrences():
            self.diary.add(meeting.people, s, e)
        return meeting

    def series(
        self,
        habits: MeetingHabits,
        subject: str,
        organiser: Person,
        required: list[Person],
        freq: str,
        minutes: int,
        optional: list[Person] = (),
        fixed: tuple[int, int] | None = None,
        location: str | None = None,
    ) -> Meeting:
        required = _unique([p for p in required if p is not organiser])
        optional = tuple(p for p in _unique(optional) if p is not organiser and p not in required)
        people = (organiser, *required, *optional)
        first = self.booker.series_start(habits, people, freq, minutes, fixed)
        last = [s for s in series_starts(first, Series(freq, at(self.window.end, 23 * 60)))][-1]
        meeting = Meeting(
            outlook_uid(self.rng),
            subject,
            first,
            first + timedelta(minutes=minutes),
            organiser,
            required,
            optional,
            location or self._location(online=0.7),
            Series(freq, last),
        )
        self._cancel_and_move(meeting, habits)
        return self.add(meeting)

    def _cancel_and_move(self, meeting: Meeting, habits: MeetingHabits) -> None:
        """Bank holidays are skipped; some series lose one occurrence, a few have one moved."""
        starts = series_starts(meeting.start, meeting.series)
        meeting.series.exdates = [s for s in starts if not self.window.is_working_day(s.date())]
        open_starts = [s for s in starts[1:] if s not in meeting.series.exdates]
        if open_starts and self.rng.random() < EXDATE_SHARE:
            meeting.series.exdates.append(self.rng.choice(open_starts))
            meeting.series.exdates.sort()
        open_starts = [s for s in open_starts if s not in meeting.series.exdates]
        if open_starts and self.rng.random() < MOVED_SHARE:
            s = self.rng.choice(open_starts)
            shift = timedelta(days=1) if s.weekday() < 4 else timedelta(hours=2)
            meeting.series.moved[s] = (s + shift, s + shift + (meeting.end - meeting.start))

    def single(
        self,
        habits: MeetingHabits,
        subject: str,
        organiser: Person,
        required: list[Person],
        day: date,
        minutes: int,
        direct: bool = False,
        location: str | None = None,
    ) -> Meeting | None:
        required = _unique([p for p in required if p is not organiser])
        people = (organiser, *required)
        start = self.booker.one_off(habits, organiser, people, day, minutes, direct)
        if start is None:
            return None
        loc = location or (self.rng.choice(ROOMS) if direct else self._location(online=0.75))
        return self.add(Meeting(outlook_uid(self.rng), subject, start, start + timedelta(minutes=minutes), organiser, required, (), loc))

    def _location(self, online: float) -> str:
        return TEAMS_LOCATION if self.rng.random() < online else self.rng.choice(ROOMS)

    def contacts(self, team: Team, agencies: tuple[str, ...], n: int) -> list[Person]:
        pool = [p for a in agencies for p in team.contacts.get(a, ())] or [p for p in self.org.partners if p.kind in agencies]
        return self.rng.sample(pool, min(n, len(pool)))


def build_calendar(org: Organisation, window: Window, rng: random.Random, audit_talks: list[tuple[Person, Person, date]] = ()) -> Calendar:
    """Every meeting in the window. ``audit_talks``: (auditor, practitioner, day) audit conversations."""
    b = _Builder(org, window, rng)
    _leadership(b)
    for team in org.teams:
        _team_series(b, team)
    _service_series(b)
    _supervision(b)
    _cross_team(b)
    for week in range(window.weeks):
        for team in org.teams:
            _team_one_offs(b, team, week)
    for auditor, practitioner, day in audit_talks:
        habits = org.team_of[practitioner.email].kind.meetings
        b.single(habits, "Case audit discussion", auditor, [practitioner], day, 60)
    _appointments(b)
    _ensure_exceptions(b)
    return Calendar(b.meetings, b.diary)


def _ensure_exceptions(b: _Builder) -> None:
    """Every export shows at least one cancelled and one moved occurrence, whatever the seed.

    The diary is not updated: one moved hour does not change anyone's habits.
    """
    series = [m for m in b.meetings if m.series is not None and len(series_starts(m.start, m.series)) >= 3]
    if not series:
        return
    if not any(m.series.moved for m in series):
        m = series[0]
        s = series_starts(m.start, m.series)[1]
        if s not in m.series.exdates:
            m.series.moved[s] = (s + timedelta(hours=2), m.end - m.start + s + timedelta(hours=2))
    if not any(m.series.exdates for m in series):
        m = series[-1]
        m.series.exdates.append(series_starts(m.start, m.series)[-1])


def _unique(people) -> tuple[Person, ...]:
    seen, out = set(), []
    for p in people:
        if p.email not in seen:
            seen.add(p.email)
            out.append(p)
    return tuple(out)


def _leadership(b: _Builder) -> None:
    org = b.org
    habits = KIND_BY_NAME[LEADERSHIP].meetings
    director = org.director
    heads = [h for hs in org.heads.values() for h in hs]
    psw = next(p for p in org.staff if p.title == "Principal social worker")
    pa = next(p for p in org.staff if p.title == "PA to the director")  # takes the minutes
    sms = [p for ps in org.service_managers.values() for p in ps]
    b.series(habits, "Senior leadership team", director, [*heads, *sms, psw, pa], "weekly", 120, fixed=(0, 9 * 60 + 30), location=ROOMS[3])
    for head in heads:
        b.series(habits, f"1:1 – {head.first}", director, [head], "four_weekly", 60)
    board = [*heads, psw]
    for team in org.teams:
        if team.kind.name in ("Children in care", "Leaving care"):
            board.append(team.manager)
    partners = [next(p for p in org.partners if p.kind == agency) for agency in (HEALTH, POLICE, SCHOOLS, VOLUNTARY)]
    b.series(habits, "Corporate parenting board", director, [*board[:14], *partners], "monthly", 120, location=ROOMS[3])


def _team_series(b: _Builder, team: Team) -> None:
    habits = team.kind.meetings
    connected = list(team.connected)
    tm = team.manager
    for rec in habits.recurring:
        if rec.who == "team":
            optional = b.org.chain(tm)[:2] if team.kind.style == CONCRETE else []
            b.series(habits, rec.subject, tm, connected, rec.freq, rec.minutes, optional=optional, fixed=rec.fixed)
        elif rec.who == "pod":
            others = [p for p in connected if p is not tm]
            for i, pod in enumerate(pods(others)):
                members = [*pod, tm] if i == 0 else pod
                b.series(habits, rec.subject, pod[0], members, rec.freq, rec.minutes)
        elif rec.who == "group":
            practitioners = [p for p in connected if p.practitioner]
            for group in pods(practitioners, 6):
                facilitator = b.rng.choice(b.qa) if b.qa else tm
                b.series(habits, rec.subject, facilitator, group, rec.freq, rec.minutes, location=b.rng.choice(ROOMS))
        elif rec.who == "duty":
            duty = [*team.deputies, *[p for p in connected if p.practitioner][: max(3, len(connected) // 2)]]
            partners = b.contacts(team, rec.partners, len(rec.partners))
            lead = team.deputies[0] if team.deputies else tm
            b.series(habits, rec.subject, lead, [*duty, *partners], rec.freq, rec.minutes, fixed=rec.fixed)
        elif rec.who == "managers":
            _panel(b, team, rec)


def _panel(b: _Builder, team: Team, rec: Recurring) -> None:
    """A panel chaired by the head of service: managers from related teams, partners, a minute-taker."""
    org = b.org
    habits = team.kind.meetings
    chain = org.chain(team.manager)
    head = next((p for p in chain if p.level == "head"), chain[-1])
    related = [
        t.manager
        for t in org.teams
        if t.service == team.service and t is not team and t.kind.name in ("Children in care", "Fostering", "Leaving care")
    ]
    attendees = [*team.managers, *chain[:-1], *related[:3], *b.contacts(team, rec.partners, 3)]
    if rec.support:
        attendees.extend(_minute_taker(b, team))
    b.series(habits, rec.subject, head, attendees, rec.freq, rec.minutes, location=ROOMS[0])


def _minute_taker(b: _Builder, team: Team) -> list[Person]:
    """A business support officer from the central team (panel administration is theirs)."""
    support = [p for t in b.org.teams if t.kind.name == BUSINESS_SUPPORT for p in t.members if p.level == "staff"]
    return [b.rng.choice(support)] if support else []


def _service_series(b: _Builder) -> None:
    """Performance boards for the concrete services; a reflective managers' forum for the compost teams."""
    org = b.org
    qa_manager = next((t.manager for t in org.teams if t.kind.name == QUALITY_ASSURANCE), None)
    for service in (SAFEGUARDING, CARE, EARLY_HELP):
        for head in org.heads[service]:
            teams = [t for t in org.teams if t.service == service and head in org.chain(t.manager)]
            concrete = [t for t in teams if t.kind.service_manager]
            compost = [t for t in teams if t.kind.style == COMPOST]
            habits_c = concrete[0].kind.meetings if concrete else None
            if concrete:
                sms = _unique(p for t in concrete for p in org.chain(t.manager) if p.level == "service_manager")
                managers = [p for t in concrete for p in t.managers]
                extra = [qa_manager] if qa_manager else []
                b.series(habits_c, "Performance board", head, [*managers, *sms, *extra], "weekly", 90)
            if compost:
                habits = compost[0].kind.meetings
                b.series(habits, "Managers' reflective forum", head, [t.manager for t in compost], "four_weekly", 60)


def _supervision(b: _Builder) -> None:
    """Practitioners with their line manager; managers with theirs. Regular where the team is compost."""
    org = b.org
    for person in org.staff:
        if not person.manager:
            continue
        manager = org.by_email[person.manager]
        if manager.level == "director" and person.level == "head":
            continue  # already a standing 1:1 in _leadership
        team = org.team_of[person.email]
        habits = team.kind.meetings
        subject = f"Supervision – {person.first}" if person.practitioner else f"1:1 – {person.first}"
        minutes = 60 if team.kind.style == COMPOST else b.rng.choice((60, 90))
        lo, hi = team.kind.meetings.supervision_weeks
        if lo == hi and not person.isolated:
            b.series(habits, subject, manager, [person], "four_weekly", minutes, location=b.rng.choice(ROOMS))
            continue
        day_index = b.rng.randint(0, 15)
        days = b.window.working_days
        while day_index < len(days):
            b.single(habits, subject, manager, [person], days[day_index], minutes, location=b.rng.choice(ROOMS))
            day_index += b.rng.randint(lo * 5, hi * 5)


def _cross_team(b: _Builder) -> None:
    """What joins teams up: audit moderation, practice learning sessions and training."""
    org = b.org
    qa_teams = [t for t in org.teams if t.kind.name == QUALITY_ASSURANCE]
    frontline = [t for t in org.teams if t.practitioners and not t.kind.silo]
    bridges = [p for p in org.staff if p.bridge]
    for i, qa in enumerate(qa_teams):
        habits = qa.kind.meetings
        share = frontline[i :: len(qa_teams)]
        moderation = [*qa.connected, *[t.manager for t in share[:4]]]
        b.series(habits, "Audit moderation", qa.manager, moderation, "fortnightly", 90)
        learners = [*bridges[i :: len(qa_teams)], *[b.rng.choice(t.practitioners) for t in share if t.practitioners]]
        b.series(habits, "Practice learning session", qa.members[-1], [*learners, *qa.connected[:2]], "four_weekly", 120, location=ROOMS[3])
    if not qa_teams:
        return
    habits = qa_teams[0].kind.meetings
    everyone = [p for p in org.staff if not p.isolated and p.level in ("practitioner", "deputy", "team_manager")]
    psw = next(p for p in org.staff if p.title == "Principal social worker")
    per_block = max(1, round(len(org.staff) * TRAINING_PER_STAFF_PER_4_WEEKS))
    for block in range(0, b.window.weeks, 4):
        for _ in range(per_block):
            week = min(b.window.weeks - 1, block + b.rng.randint(0, 3))
            day = b.rng.choice(b.window.week(week))
            topic = b.rng.choice(TRAINING_TOPICS)
            b.single(
                habits,
                f"Training: {topic}",
                psw,
                b.rng.sample(everyone, min(len(everyone), b.rng.randint(12, 20))),
                day,
                180,
                location=ROOMS[3],
            )


def _team_one_offs(b: _Builder, team: Team, week: int) -> None:
    habits = team.kind.meetings
    practitioners = [p for p in team.connected if p.practitioner]
    if not practitioners:
        return
    days = b.window.week(week)
    for adhoc in habits.adhoc:
        for _ in range(poisson(b.rng, adhoc.per_practitioner_week * len(practitioners))):
            _one_off(b, team, adhoc, practitioners, b.rng.choice(days))


def _one_off(b: _Builder, team: Team, adhoc: AdHoc, practitioners: list[Person], day: date) -> None:
    organiser = b.rng.choice(practitioners)
    size = b.rng.randint(*adhoc.internal)
    colleagues = b.rng.sample([p for p in practitioners if p is not organiser], min(size - 1, len(practitioners) - 1))
    if adhoc.managers and team.managers:
        colleagues.append(b.rng.choice(team.managers))
    if adhoc.head_of_service:
        colleagues.extend(p for p in b.org.chain(team.manager) if p.level == "head")
    partners = b.contacts(team, adhoc.partners, b.rng.randint(*adhoc.n_partners)) if adhoc.partners else []
    minutes = b.rng.choice(adhoc.minutes)
    b.single(team.kind.meetings, adhoc.subject, organiser, [*colleagues, *partners], day, minutes, direct=adhoc.direct_work)


def _appointments(b: _Builder) -> None:
    """A head of service's day of leave: an all-day appointment with nobody invited."""
    head = b.org.heads[SAFEGUARDING][0]
    day = b.window.working_days[len(b.window.working_days) // 2]
    start = at(day, 0)
    b.meetings.append(
        Meeting(outlook_uid(b.rng), "Annual leave", start, start + timedelta(days=1), None, location="", all_day=True, owner=head)
    )
