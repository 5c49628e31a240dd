"""Three Teams meetings set up from Teams channels, so they are in no calendar export: only their
attendance reports show them. All three are multi-agency, with partners joining from outside.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from diagnostic.samples.clock import Window, at
from diagnostic.samples.habits import HEALTH, POLICE, SCHOOLS, VOLUNTARY
from diagnostic.samples.organisation import Organisation, Person, Team

EXTERNAL, GUEST = "External", "Guest"
TENANT = "northbridgecouncil.onmicrosoft.com"


@dataclass(frozen=True)
class Attendee:
    person: Person | None  # None: a dial-in caller
    role: str  # Organiser / Presenter / Attendee
    sessions: tuple[tuple[datetime, datetime], ...]
    tag: str = ""  # "External" (federated), "Guest" (B2B guest) or "" (our tenant)
    phone: str = ""  # masked number for dial-in callers

    @property
    def upn(self) -> str:
        if self.person is None:
            return ""
        if self.tag == GUEST:
            return f"{self.person.local}_{self.person.domain}#EXT#@{TENANT}"
        return self.person.email


@dataclass(frozen=True)
class OnlineMeeting:
    title: str  # may hold a line break, as real titles sometimes do
    scheduled: datetime
    minutes: int
    attendees: tuple[Attendee, ...]
    engagement: bool  # the 2024+ download with engagement columns and a fourth section

    @property
    def file_title(self) -> str:
        return self.title.splitlines()[0]


def _team(org: Organisation, kind: str) -> Team:
    return next(t for t in org.teams if t.kind.name == kind)


def _partners(org: Organisation, team: Team, agency: str, n: int, rng: random.Random) -> list[Person]:
    pool = team.contacts.get(agency) or [p for p in org.partners if p.kind == agency]
    return rng.sample(pool, min(n, len(pool)))


def _sessions(start: datetime, minutes: int, rng: random.Random, rejoin: bool = False) -> tuple[tuple[datetime, datetime], ...]:
    join = start + timedelta(seconds=rng.randint(-120, 300))
    leave = start + timedelta(minutes=minutes, seconds=rng.randint(-600, 240))
    if not rejoin:
        return ((join, leave),)
    drop = join + (leave - join) / 3
    back = drop + timedelta(seconds=rng.randint(30, 200))
    return ((join, drop), (back, leave))


def _attend(people: list[tuple[Person, str]], start: datetime, minutes: int, rng: random.Random, organiser: Person) -> list[Attendee]:
    out = [Attendee(organiser, "Organiser", _sessions(start, minutes, rng))]
    for i, (p, tag) in enumerate(people):
        role = "Presenter" if i == 0 else "Attendee"
        out.append(Attendee(p, role, _sessions(start, minutes, rng, rejoin=i == 2), tag))
    return out


def build_online_meetings(org: Organisation, window: Window, rng: random.Random) -> list[OnlineMeeting]:
    mash, early = _team(org, "Front door / MASH"), _team(org, "Early help")
    cp = _team(org, "Child protection")
    weeks = window.weeks
    day1 = window.week(min(1, weeks - 1))[1]
    day2 = window.week(min(3, weeks - 1))[2]
    day3 = window.week(min(6, weeks - 1))[3]

    s1 = at(day1, 10 * 60)
    people1 = [(p, "") for p in [*rng.sample(mash.practitioners, 2), rng.choice(cp.practitioners)]]
    people1 += [(p, EXTERNAL) for p in _partners(org, mash, POLICE, 2, rng) + _partners(org, mash, HEALTH, 1, rng)]
    people1 += [(p, GUEST) for p in _partners(org, mash, SCHOOLS, 1, rng)]
    m1 = OnlineMeeting("Multi-agency strategy discussion", s1, 60, tuple(_attend(people1, s1, 60, rng, mash.manager)), False)

    s2 = at(day2, 15 * 60 + 30)
    people2 = [(p, "") for p in rng.sample(early.practitioners, 2)]
    people2 += [(p, EXTERNAL) for p in _partners(org, early, SCHOOLS, 4, rng) + _partners(org, early, VOLUNTARY, 1, rng)]
    m2 = OnlineMeeting("Education safeguarding forum\nSpring term", s2, 75, tuple(_attend(people2, s2, 75, rng, early.manager)), True)

    s3 = at(day3, 13 * 60 + 30)
    people3 = [(p, "") for p in rng.sample(early.practitioners, 3)]
    people3 += [(p, EXTERNAL) for p in _partners(org, early, VOLUNTARY, 2, rng) + _partners(org, early, HEALTH, 1, rng)]
    attendees3 = _attend(people3, s3, 60, rng, early.manager)
    attendees3.append(Attendee(None, "Attendee", _sessions(s3, 60, rng), phone=f"+44 7700 9****{rng.randint(10, 99)}"))
    m3 = OnlineMeeting("Family hub partnership meeting", s3, 60, tuple(attendees3), False)
    return [m1, m2, m3]
