"""Email between staff and with partner agencies, message by message, for the days a trace covers.

Who writes to whom follows each team's habits: concrete teams copy managers in, write upward and
late; compost teams write to each other and to partners, briefly and in the day; the silo team
writes almost only to itself; bridges write across teams. Volumes are thinned (about one message in
ten of what staff really send, one in seven in the quietest teams) so the trace files stay small;
the usage reports carry full volumes.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from diagnostic.samples.clock import DAY_END, DAY_START, Window, at
from diagnostic.samples.habits import CONCRETE, KIND_BY_NAME, EmailHabits
from diagnostic.samples.organisation import DOMAIN, Organisation, Person, Team
from diagnostic.samples.random_tools import guid, hex_id, poisson

TRACE_SHARE = 0.45  # scales every team's trace volume so 150 people fit a < 2 MB file
MANAGER_FACTOR = 1.4  # managers send more
ISOLATED_FACTOR = 0.3
PARTNER_SENT_PER_DAY = 0.9
WEEKEND_SHARE_OF_AFTER_HOURS = 0.3
BROADCAST_SHARE = 0.08  # concrete managers' messages to the whole team list
UPWARD_SKIP_LEVEL = 0.3  # upward messages that go past the line manager
COPY_UP_CONCRETE, COPY_UP_OTHER = 0.5, 0.15  # share of extra recipients who are the sender's managers
COPY_WIDE = 0.35  # of a concrete team's other copies, the share sent across the service "for information"
SPAM_PER_DAY_PER_100 = 0.6
FAILED_PER_DAY_PER_100 = 0.3
SPAM_SENDER = "offers@bulk-mailer.example"
SUBJECTS = (
    "Visit update",
    "RE: Visit update",
    "Strategy discussion outcome",
    "Core group minutes",
    "RE: Referral received",
    "Supervision notes",
    "Panel papers",
    "Performance report",
    "RE: Audit actions",
    "FW: Training places",
    "Pathway plan",
    "School attendance",
    "Family time arrangements",
    "Team meeting agenda",
    "Annual leave",
    "Court report draft",
    "Updated chronology",
    "RE: Quick question",
    "Case transfer",
    "Data return – missing records",
)


@dataclass(frozen=True)
class Message:
    """One message as the mail system saw it; ``to`` has every delivered recipient."""

    sent: datetime  # local wall-clock time
    sender: Person
    to: tuple[Person, ...]
    subject: str
    size: int
    message_id: str
    network_id: str
    distribution_list: str | None = None  # a team list the message was addressed to
    status: str = "Delivered"  # Delivered / FilteredAsSpam / Failed for the whole message
    failed_address: str | None = None  # a mistyped partner address that bounced


def team_list_address(team: Team) -> str:
    """``child-protection-2.team@northbridge.gov.uk``: the team's distribution list."""
    slug = "".join(ch if ch.isalnum() else "-" for ch in team.name.lower()).strip("-")
    while "--" in slug:
        slug = slug.replace("--", "-")
    return f"{slug}.team@{DOMAIN}"


class _Mailer:
    def __init__(self, org: Organisation, rng: random.Random) -> None:
        self.org, self.rng = org, rng
        self.inbox: dict[str, list[Person]] = defaultdict(list)  # who wrote to whom: for replies
        self.contacts_of: dict[str, list[Team]] = defaultdict(list)
        for team in org.teams:
            for people in team.contacts.values():
                for p in people:
                    self.contacts_of[p.email].append(team)
        self.others_by_team = {t.name: [p for p in t.connected] for t in org.teams}
        self.service_people = defaultdict(list)  # everyone in a service: who concrete teams copy in "for information"
        for t in org.teams:
            self.service_people[t.service].extend(t.connected)

    def habits(self, person: Person) -> EmailHabits:
        return KIND_BY_NAME[person.kind].email

    def message(self, sender: Person, when: datetime, to: list[Person], dl: str | None = None) -> Message:
        to = _unique([p for p in to if p is not sender])
        for p in to:
            self.inbox[p.email].append(sender)
        return Message(
            when,
            sender,
            tuple(to),
            self.rng.choice(SUBJECTS),
            int(self.rng.lognormvariate(10.3, 0.9)),
            _message_id(self.rng),
            guid(self.rng),
            dl,
        )

    def staff_message(self, sender: Person, when: datetime) -> Message | None:
        org, rng, h = self.org, self.rng, self.habits(sender)
        team = org.team_of[sender.email]
        chain = org.chain(sender)
        if sender.isolated:
            return self.message(sender, when, chain[:1]) if chain else None
        if sender.level in ("team_manager", "deputy") and team.kind.style == CONCRETE and rng.random() < BROADCAST_SHARE:
            return self.message(sender, when, list(team.connected), dl=team_list_address(team))
        first = self._first_recipient(sender, team, chain, h)
        if first is None:
            return None
        to = [first]
        concrete = team.kind.style == CONCRETE
        for _ in range(poisson(rng, h.extra_recipients)):
            if chain and rng.random() < (COPY_UP_CONCRETE if concrete else COPY_UP_OTHER):
                to.append(chain[min(len(chain) - 1, 0 if rng.random() < 0.7 else 1)])
            elif concrete and rng.random() < COPY_WIDE:
                to.append(rng.choice(self.service_people[team.service]))
            else:
                to.append(rng.choice(self.others_by_team[team.name]))
        return self.message(sender, when, to)

    def _first_recipient(self, sender: Person, team: Team, chain: list[Person], h: EmailHabits) -> Person | None:
        rng = self.rng
        r = rng.random()
        inbox = self.inbox[sender.email]
        if inbox and r < h.reply:
            return rng.choice(inbox[-20:])
        r -= h.reply
        if chain and r < h.upward:
            return chain[1] if len(chain) > 1 and rng.random() < UPWARD_SKIP_LEVEL else chain[0]
        r -= h.upward
        contacts = [p for people in team.contacts.values() for p in people]
        if contacts and r < h.partner:
            return rng.choice(contacts)
        r -= h.partner
        if r < h.cross_team or sender.bridge:
            other = rng.choice(self.org.teams)
            if other is not team and not other.kind.silo or sender.bridge:
                return rng.choice(self.others_by_team[other.name] or [sender])
        above = {p.email for p in chain}
        peers = [p for p in self.others_by_team[team.name] if p is not sender and p.email not in above]
        return rng.choice(peers) if peers else None

    def partner_message(self, sender: Person, when: datetime) -> Message | None:
        teams = self.contacts_of.get(sender.email)
        if not teams:
            return None
        team = self.rng.choice(teams)
        inbox = self.inbox[sender.email]
        if inbox and self.rng.random() < 0.4:
            return self.message(sender, when, [self.rng.choice(inbox[-20:])])
        to = [self.rng.choice(team.connected)]
        if self.rng.random() < 0.3:
            to.append(team.manager)
        return self.message(sender, when, to)


def _unique(people: list[Person]) -> list[Person]:
    seen, out = set(), []
    for p in people:
        if p.email not in seen:
            seen.add(p.email)
            out.append(p)
    return out


def _message_id(rng: random.Random) -> str:
    """An Exchange Online Message-ID: ``<LO2P265MB…@LO2P265MB….GBRP265.PROD.OUTLOOK.COM>``."""
    server = f"LO{rng.randint(0, 6)}P{rng.randint(100, 299)}MB{rng.randint(1000, 9999)}"
    return f"<{server}{hex_id(rng, 24)}@{server}.GBRP{server[4:7]}.PROD.OUTLOOK.COM>"


def send_times(rng: random.Random, window: Window, days: list[date], count: int, after_hours: float) -> list[datetime]:
    """``count`` send times over ``days``: mostly in working hours, ``after_hours`` of them outside."""
    working = [d for d in days if window.is_working_day(d)]
    weekend = [d for d in days if not window.is_working_day(d)]
    out = []
    for _ in range(count):
        if rng.random() < after_hours:
            if weekend and rng.random() < WEEKEND_SHARE_OF_AFTER_HOURS:
                out.append(at(rng.choice(weekend), rng.randint(9 * 60, 21 * 60)))
            else:
                out.append(at(rng.choice(working), rng.randint(DAY_END, 22 * 60 + 30)))
        else:
            out.append(at(rng.choice(working), rng.randint(DAY_START, DAY_END - 1)))
    return out


def simulate_mail(org: Organisation, window: Window, first: date, last: date, rng: random.Random) -> list[Message]:
    """Every (thinned) message sent from ``first`` to ``last`` inclusive, oldest first."""
    days = [d for d in window.days if first <= d <= last] or [first]
    n_working = sum(window.is_working_day(d) for d in days)
    mailer = _Mailer(org, rng)
    planned: list[tuple[datetime, int, Person]] = []
    for i, person in enumerate(org.staff):
        h = mailer.habits(person)
        rate = h.sent * TRACE_SHARE * (MANAGER_FACTOR if person.level not in ("practitioner", "staff") else 1.0)
        rate *= ISOLATED_FACTOR if person.isolated else 1.0
        for when in send_times(rng, window, days, poisson(rng, rate * n_working), h.after_hours):
            planned.append((when, i, person))
    offset = len(org.staff)
    for j, partner in enumerate(org.partners):
        if mailer.contacts_of.get(partner.email):
            for when in send_times(rng, window, days, poisson(rng, PARTNER_SENT_PER_DAY * TRACE_SHARE * n_working), 0.02):
                planned.append((when, offset + j, partner))
    planned.sort(key=lambda x: (x[0], x[1]))
    out = []
    for when, _, person in planned:
        msg = mailer.partner_message(person, when) if not person.internal else mailer.staff_message(person, when)
        if msg is not None and msg.to:
            out.append(msg)
    out.extend(_noise(org, rng, mailer, window, days))
    out.sort(key=lambda m: (m.sent, m.message_id))
    return out


def _noise(org: Organisation, rng: random.Random, mailer: _Mailer, window: Window, days: list[date]) -> list[Message]:
    """A little spam caught by the filter and a few messages to mistyped partner addresses."""
    out = []
    scale = len(org.staff) / 100
    spammer = Person("Offers", "Team", "offers", "bulk-mailer.example", "", "", "", None, False, "external")
    for when in send_times(rng, window, days, poisson(rng, SPAM_PER_DAY_PER_100 * scale * len(days)), 0.5):
        m = mailer.message(spammer, when, [rng.choice(org.staff)])
        out.append(Message(m.sent, spammer, m.to, "You have been selected", m.size, m.message_id, m.network_id, status="FilteredAsSpam"))
    senders = [p for p in org.staff if not p.isolated]
    for when in send_times(rng, window, days, poisson(rng, FAILED_PER_DAY_PER_100 * scale * len(days)), 0.05):
        sender = rng.choice(senders)
        partner = rng.choice(org.partners)
        typo = f"{partner.local[:-1]}@{partner.domain}"
        m = mailer.message(sender, when, [])
        out.append(Message(m.sent, sender, (), m.subject, m.size, m.message_id, m.network_id, status="Failed", failed_address=typo))
    return out


def trace_days(window: Window) -> tuple[tuple[date, date], tuple[date, date]]:
    """(message trace, enhanced summary) date ranges: the last two weeks, and the two weeks before."""
    last = window.end
    trace = (last - timedelta(days=13), last)
    summary_end = trace[0] - timedelta(days=1)
    summary = (max(window.start, summary_end - timedelta(days=13)), summary_end)
    return trace, summary
