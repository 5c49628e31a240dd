"""Northbridge Council Children's Services: the people, the teams, the line management, the partners.

The organisation keeps its shape at any size: the twelve kinds of team in fixed proportions, teams
of 8 to 20 people (a kind with many people becomes "Child protection 1", "Child protection 2", ...),
more heads of service as teams multiply, and a partner network of health, police, schools and the
voluntary sector that grows slowly with it.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from diagnostic.samples.habits import (
    BALANCED,
    BUSINESS_SUPPORT,
    CARE,
    COMPOST,
    CONCRETE,
    EARLY_HELP,
    FRONTLINE,
    HEALTH,
    KIND_BY_NAME,
    LEADERSHIP,
    LEANINGS,
    MIXED,
    POLICE,
    QUALITY_ASSURANCE,
    SAFEGUARDING,
    SCHOOLS,
    TEAM_KINDS,
    VOLUNTARY,
    TeamKind,
)
from diagnostic.samples.names import NameBook

DOMAIN = "northbridge.gov.uk"
COUNCIL = "Northbridge Council"
TARGET_TEAM_SIZE = 14
TEAMS_PER_HEAD = 8
TEAMS_PER_SERVICE_MANAGER = 3
POD_SIZE = 5
REFLECTIVE_GROUP_SIZE = 6
LEADERSHIP_CHUNK = 16
ISOLATED_SHARE = 0.018  # practitioners who barely appear anywhere: new, part-time or remote
PARTNER_BASE, PARTNER_PER_STAFF = 20, 0.06
CONTACTS_PER_AGENCY = (2, 4)

PARTNER_DOMAINS: dict[str, tuple[str, ...]] = {
    HEALTH: ("northbridge.nhs.example",),
    POLICE: ("northbridge.police.example",),
    SCHOOLS: (
        "northbridge-academy.school.example",
        "st-aidans-primary.school.example",
        "riverside-high.school.example",
        "oakfield-primary.school.example",
        "castle-hill.school.example",
    ),
    VOLUNTARY: ("northbridge.voluntary.example",),
}
PARTNER_MIX: tuple[tuple[str, float], ...] = ((HEALTH, 0.25), (POLICE, 0.25), (SCHOOLS, 0.3), (VOLUNTARY, 0.2))
PARTNER_TITLES: dict[str, tuple[str, ...]] = {
    HEALTH: ("Health visitor", "School nurse", "Named nurse for safeguarding", "CAMHS practitioner"),
    POLICE: ("Detective constable", "Police sergeant", "Police constable", "Detective sergeant"),
    SCHOOLS: ("Designated safeguarding lead", "Headteacher", "Pastoral lead", "SENCo"),
    VOLUNTARY: ("Youth worker", "Advocacy worker", "Family support worker", "Mentoring coordinator"),
}
SERVICES: tuple[str, ...] = (SAFEGUARDING, CARE, EARLY_HELP)
SENIORITY: tuple[str, ...] = ("director", "team_manager", "head", "service_manager")


@dataclass(frozen=True)
class Person:
    """One member of staff or one partner-agency contact."""

    first: str
    last: str
    local: str
    domain: str
    team: str
    kind: str  # team kind, or the partner agency
    title: str
    manager: str | None  # the line manager's email
    practitioner: bool
    level: str  # director / head / service_manager / team_manager / deputy / practitioner / staff / partner
    isolated: bool = False
    bridge: bool = False

    @property
    def email(self) -> str:
        return f"{self.local}@{self.domain}"

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def internal(self) -> bool:
        return self.domain == DOMAIN


@dataclass
class Team:
    """A team with its managers, its pods and groups, and the partner contacts it works with."""

    name: str
    kind: TeamKind
    service: str
    members: list[Person] = field(default_factory=list)
    contacts: dict[str, list[Person]] = field(default_factory=dict)

    @property
    def manager(self) -> Person:
        """The team manager; in a leadership team, its most senior member."""
        return min(self.members, key=lambda p: SENIORITY.index(p.level) if p.level in SENIORITY else len(SENIORITY))

    @property
    def deputies(self) -> list[Person]:
        return [p for p in self.members if p.level == "deputy"]

    @property
    def practitioners(self) -> list[Person]:
        return [p for p in self.members if p.practitioner]

    @property
    def managers(self) -> list[Person]:
        return [p for p in self.members if p.level in ("team_manager", "deputy")]

    @property
    def connected(self) -> list[Person]:
        """Members who take part in team life (isolated people are left off invitations)."""
        return [p for p in self.members if not p.isolated]


@dataclass
class Organisation:
    staff: list[Person]
    partners: list[Person]
    teams: list[Team]
    heads: dict[str, list[Person]]
    service_managers: dict[str, list[Person]]
    by_email: dict[str, Person] = field(default_factory=dict)
    team_of: dict[str, Team] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_email = {p.email: p for p in [*self.staff, *self.partners]}
        self.team_of = {p.email: t for t in self.teams for p in t.members}

    @property
    def director(self) -> Person:
        return next(p for p in self.staff if p.level == "director")

    def chain(self, person: Person) -> list[Person]:
        """The person's line managers, nearest first, up to the director."""
        out, seen = [], {person.email}
        while person.manager and person.manager not in seen:
            person = self.by_email[person.manager]
            seen.add(person.email)
            out.append(person)
        return out


def build_organisation(people: int, rng: random.Random, leaning: str = BALANCED) -> Organisation:
    """About ``people`` staff (exactly, once leadership is counted) and their partner contacts.

    ``leaning`` (see ``LEANINGS``) gives more staff to one style of team, so that generated
    peers differ from Northbridge and from each other.
    """
    names = NameBook(rng)
    kinds = [k for k in TEAM_KINDS if k.name != LEADERSHIP]
    weights = [k.weight * LEANINGS[leaning][k.style] for k in kinds]
    leadership_guess = max(8, round(people * 0.05))
    counts = _allocate(people - leadership_guess, weights)
    team_counts = [max(1, round(n / TARGET_TEAM_SIZE)) for n in counts]
    heads_needed = {s: math.ceil(sum(t for k, t in zip(kinds, team_counts) if k.service == s) / TEAMS_PER_HEAD) for s in SERVICES}
    sm_needed = {
        s: math.ceil(sum(t for k, t in zip(kinds, team_counts) if k.service == s and k.service_manager) / TEAMS_PER_SERVICE_MANAGER)
        for s in SERVICES
    }
    leadership_size = 3 + sum(heads_needed.values()) + sum(sm_needed.values())  # director, PSW, PA
    counts = _allocate(people - leadership_size, weights)
    team_counts = [max(1, round(n / TARGET_TEAM_SIZE)) for n in counts]

    leaders, heads, sms = _leadership(names, heads_needed, sm_needed)
    teams: list[Team] = []
    bs_manager_email = None
    ordered = sorted(zip(kinds, counts, team_counts), key=lambda x: x[0].name != BUSINESS_SUPPORT)  # BS manager first
    for kind, n, t in ordered:
        sizes = _allocate(n, [1.0] * t)
        for i, size in enumerate(sizes):
            name = kind.name if t == 1 else f"{kind.name} {i + 1}"
            index = sum(1 for x in teams if x.kind is kind)
            above = _above(kind, index, heads, sms)
            team = _team(name, kind, size, above, bs_manager_email, names, rng, bridge=index % 4 == 0)
            teams.append(team)
            if kind.name == BUSINESS_SUPPORT and bs_manager_email is None:
                bs_manager_email = team.manager.email
    teams.extend(_leadership_teams(leaders))
    staff = [p for t in teams for p in t.members]
    staff = _mark_isolated(staff, rng)
    teams = _refresh_members(teams, staff)
    partners = _partners(names, rng, round(PARTNER_BASE + PARTNER_PER_STAFF * people))
    _assign_contacts(teams, partners, rng)
    return Organisation(staff=staff, partners=partners, teams=teams, heads=heads, service_managers=sms)


def _allocate(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder), so the parts add up exactly."""
    total = max(total, len(weights))
    raw = [total * w / sum(weights) for w in weights]
    out = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def _person(names: NameBook, team: str, kind: str, title: str, manager: str | None, practitioner: bool, level: str, **kw) -> Person:
    first, last, local = names.draw()
    return Person(first, last, local, DOMAIN, team, kind, title, manager, practitioner, level, **kw)


def _leadership(names: NameBook, heads_needed: dict[str, int], sm_needed: dict[str, int]):
    """Director, heads of service per service, service managers, principal social worker, PA."""
    director = _person(names, LEADERSHIP, LEADERSHIP, "Director of children's services", None, False, "director")
    leaders = [director]
    heads: dict[str, list[Person]] = {}
    sms: dict[str, list[Person]] = {}
    for service in SERVICES:
        heads[service] = [
            _person(names, LEADERSHIP, LEADERSHIP, f"Head of service – {service}", director.email, False, "head")
            for _ in range(heads_needed[service])
        ]
        leaders.extend(heads[service])
    for service in SERVICES:
        sms[service] = [
            _person(
                names,
                LEADERSHIP,
                LEADERSHIP,
                f"Service manager – {service}",
                heads[service][i % len(heads[service])].email,
                False,
                "service_manager",
            )
            for i in range(sm_needed[service])
        ]
        leaders.extend(sms[service])
    leaders.append(_person(names, LEADERSHIP, LEADERSHIP, "Principal social worker", director.email, False, "staff"))
    leaders.append(_person(names, LEADERSHIP, LEADERSHIP, "PA to the director", director.email, False, "staff"))
    return leaders, heads, sms


def _above(kind: TeamKind, index: int, heads: dict[str, list[Person]], sms: dict[str, list[Person]]) -> Person:
    """Who the team manager reports to: a service manager in the concrete part, else a head of service."""
    if kind.service_manager and sms[kind.service]:
        group = sms[kind.service]
        return group[(index + (0 if kind.style == CONCRETE else 1)) % len(group)]
    group = heads[kind.service]
    return group[index // TEAMS_PER_HEAD % len(group)]


def _team(
    name, kind: TeamKind, size: int, above: Person, bs_manager: str | None, names: NameBook, rng: random.Random, bridge: bool
) -> Team:
    team = Team(name=name, kind=kind, service=kind.service)
    manager_title = {QUALITY_ASSURANCE: "Quality assurance manager", BUSINESS_SUPPORT: "Business support manager"}.get(
        kind.name, "Team manager"
    )
    tm = _person(names, name, kind.name, manager_title, above.email, False, "team_manager")
    members = [tm]
    deputies = []
    if kind.deputies:
        deputies = [_person(names, name, kind.name, "Deputy team manager", tm.email, False, "deputy") for _ in range(1 if size < 14 else 2)]
        members.extend(deputies)
    frontline = kind.name in FRONTLINE
    if kind.style == MIXED and frontline:
        members.append(
            _person(names, name, kind.name, "Advanced practitioner", tm.email, True, "practitioner", bridge=bridge and not kind.silo)
        )
    if frontline and size >= 10:
        members.append(_person(names, name, kind.name, "Business support officer", bs_manager or tm.email, False, "staff"))
    supervisors = deputies or [tm]
    i = 0
    while len(members) < size:
        title = kind.titles[0] if rng.random() < 0.55 else rng.choice(kind.titles)
        line = supervisors[i % len(supervisors)].email
        members.append(_person(names, name, kind.name, title, line, frontline, "practitioner" if frontline else "staff"))
        i += 1
    team.members = members
    return team


def _leadership_teams(leaders: list[Person]) -> list[Team]:
    kind = KIND_BY_NAME[LEADERSHIP]
    n = math.ceil(len(leaders) / LEADERSHIP_CHUNK)
    sizes = _allocate(len(leaders), [1.0] * n)
    starts = [sum(sizes[:i]) for i in range(n)]
    chunks = [leaders[a : a + size] for a, size in zip(starts, sizes)]
    teams = []
    for i, chunk in enumerate(chunks):
        name = LEADERSHIP if len(chunks) == 1 else f"{LEADERSHIP} {i + 1}"
        members = [p if p.team == name else _moved(p, name) for p in chunk]
        teams.append(Team(name=name, kind=kind, service="", members=members))
    return teams


def _moved(p: Person, team: str) -> Person:
    return Person(p.first, p.last, p.local, p.domain, team, p.kind, p.title, p.manager, p.practitioner, p.level, p.isolated, p.bridge)


def _mark_isolated(staff: list[Person], rng: random.Random) -> list[Person]:
    """Pick a few practitioners in the bigger, busier teams (not bridges, not the silo) who barely connect."""
    pool = [
        p
        for p in staff
        if p.level == "practitioner"
        and not p.bridge
        and p.kind in FRONTLINE
        and KIND_BY_NAME[p.kind].style != COMPOST
        and not KIND_BY_NAME[p.kind].silo
    ]
    chosen = {p.email for p in rng.sample(pool, min(len(pool), max(2, round(len(staff) * ISOLATED_SHARE))))}
    return [
        Person(p.first, p.last, p.local, p.domain, p.team, p.kind, p.title, p.manager, p.practitioner, p.level, True, p.bridge)
        if p.email in chosen
        else p
        for p in staff
    ]


def _refresh_members(teams: list[Team], staff: list[Person]) -> list[Team]:
    by_email = {p.email: p for p in staff}
    for t in teams:
        t.members = [by_email[p.email] for p in t.members]
    return teams


def _partners(names: NameBook, rng: random.Random, n: int) -> list[Person]:
    counts = _allocate(n, [w for _, w in PARTNER_MIX])
    out = []
    for (agency, _), count in zip(PARTNER_MIX, counts):
        domains = PARTNER_DOMAINS[agency]
        for i in range(count):
            first, last, local = names.draw()
            domain = domains[i % len(domains)]
            title = PARTNER_TITLES[agency][i % len(PARTNER_TITLES[agency])]
            out.append(Person(first, last, local, domain, agency, agency, title, None, False, "partner"))
    return out


def _assign_contacts(teams: list[Team], partners: list[Person], rng: random.Random) -> None:
    """Each team works with a handful of named contacts in each of its partner agencies."""
    pools = {agency: [p for p in partners if p.kind == agency] for agency, _ in PARTNER_MIX}
    for team in teams:
        for agency in team.kind.partners:
            pool = pools[agency]
            k = min(len(pool), rng.randint(*CONTACTS_PER_AGENCY))
            team.contacts[agency] = rng.sample(pool, k)


def pods(members: list[Person], size: int = POD_SIZE) -> list[list[Person]]:
    """Split people into pods of about ``size`` (for huddles and reflective groups), in roster order."""
    if not members:
        return []
    n = max(1, round(len(members) / size))
    return [members[i::n] for i in range(n)]
