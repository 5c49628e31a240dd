"""Small canonical Datasets built by hand, so indicator tests do not depend on the loaders.

Everything is fictional: the council is northbridge.gov.uk, partners are on .example domains.
Times are local (Europe/London). ``org()`` builds a whole organisation with every table filled,
seeded, for the registry, scorecard and property tests.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import pandas as pd

from diagnostic.dataset import TZ, Dataset, conform

MONDAY = "2025-03-03"  # a Monday with no bank holiday in the following four weeks
COUNCIL = "northbridge.gov.uk"
HEAD = "p-head"


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz=TZ)


def people(teams: dict[str, int] | None = None, partners: int = 2) -> pd.DataFrame:
    """A roster: each team's first person manages the rest, and the head manages the team managers.

    Ids are ``p-<team letter>-<n>`` (``p-a-0`` is Team A's manager), partners ``x-<n>``.
    """
    teams = {"Team A": 6, "Team B": 6} if teams is None else teams
    rows = [dict(person_id=HEAD, team="Leadership", is_manager=True, is_practitioner=False, organisation="internal", domain=COUNCIL)]
    for team, size in teams.items():
        letter = team.split()[-1].lower()
        boss = f"p-{letter}-0"
        for i in range(size):
            pid = f"p-{letter}-{i}"
            manager = i == 0
            rows.append(
                dict(
                    person_id=pid,
                    team=team,
                    is_manager=manager,
                    manager_id=HEAD if manager else boss,
                    is_practitioner=not manager,
                    organisation="internal",
                    domain=COUNCIL,
                )
            )
    agencies = [("Health", "northbridge.nhs.example"), ("Police", "northbridge.police.example")]
    for i in range(partners):
        agency, domain = agencies[i % len(agencies)]
        rows.append(dict(person_id=f"x-{i}", organisation=agency, domain=domain))
    return conform("people", pd.DataFrame(rows))


def team_ids(frame: pd.DataFrame, team: str) -> list[str]:
    return frame.loc[frame["team"] == team, "person_id"].astype(str).tolist()


@dataclass
class Meeting:
    id: str
    start: str  # local time, "2025-03-03 10:00"
    minutes: int
    attendees: list[str]
    recurring: bool = False
    direct: bool = False
    kind: str = "other"
    invitees: int | None = None
    all_day: bool = False
    attended: bool | None = None
    declined: list[str] = field(default_factory=list)


def meetings(specs: list[Meeting]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Meetings and attendance tables from a list of :class:`Meeting`."""
    m_rows, a_rows = [], []
    for s in specs:
        start = ts(s.start)
        m_rows.append(
            dict(
                meeting_id=s.id,
                start=start,
                end=start + pd.Timedelta(minutes=s.minutes),
                organiser_id=s.attendees[0] if s.attendees else None,
                is_recurring=s.recurring,
                invitees=s.invitees if s.invitees is not None else len(s.attendees) + len(s.declined),
                kind=s.kind,
                direct_work=s.direct,
                all_day=s.all_day,
                source_format="test",
            )
        )
        for i, pid in enumerate(s.attendees):
            a_rows.append(dict(meeting_id=s.id, person_id=pid, role="organiser" if i == 0 else "required", attended=s.attended))
        for pid in s.declined:
            a_rows.append(dict(meeting_id=s.id, person_id=pid, role="required", attended=False))
    return conform("meetings", pd.DataFrame(m_rows)), conform("attendance", pd.DataFrame(a_rows))


@dataclass
class Message:
    id: str
    sent: str  # local time
    sender: str
    to: list[str]
    cc: list[str] = field(default_factory=list)


def messages(specs: list[Message], typed: bool = True) -> pd.DataFrame:
    """A message trace, one row per recipient; ``typed=False`` drops To/Cc as a plain trace does."""
    rows = []
    for s in specs:
        n = len(s.to) + len(s.cc)
        for kind, recipients in (("to", s.to), ("cc", s.cc)):
            for r in recipients:
                rows.append(
                    dict(
                        sent_at=ts(s.sent),
                        sender_id=s.sender,
                        recipient_id=r,
                        recipient_type=kind if typed else None,
                        n_recipients=n,
                        message_id=s.id,
                    )
                )
    return conform("messages", pd.DataFrame(rows))


def audits(records: list[dict]) -> pd.DataFrame:
    return conform("audits", pd.DataFrame(records))


def feedback(records: list[dict]) -> pd.DataFrame:
    return conform("feedback", pd.DataFrame(records))


def volumes(records: list[dict]) -> pd.DataFrame:
    return conform("volumes", pd.DataFrame(records))


def dataset(**tables: pd.DataFrame) -> Dataset:
    return Dataset(**tables)


# ----------------------------------------------------------------------------------------------
# a whole small organisation


def org(seed: int = 1, teams: int = 3, per_team: int = 7, weeks: int = 8) -> Dataset:
    """A seeded organisation with every table an indicator of A1-A4 reads, all with data."""
    rng = random.Random(seed)
    names = {f"Team {chr(ord('A') + t)}": per_team for t in range(teams)}
    roster = people(names, partners=3)
    internal = roster.loc[roster["organisation"] == "internal", "person_id"].astype(str).tolist()
    partners = roster.loc[roster["organisation"] != "internal", "person_id"].astype(str).tolist()
    by_team = {t: team_ids(roster, t) for t in names}
    first = pd.Timestamp(MONDAY)
    specs: list[Meeting] = []
    for week in range(weeks):
        for team, ids in by_team.items():
            monday = first + pd.Timedelta(weeks=week)
            specs.append(Meeting(f"tm-{team}-{week}", f"{monday:%Y-%m-%d} 09:30", 60, ids, recurring=True, kind="team_meeting"))
            if week % 4 == 0:
                for j, pid in enumerate(ids[1:]):
                    day = monday + pd.Timedelta(days=1 + j % 4)
                    specs.append(
                        Meeting(f"sup-{pid}-{week}", f"{day:%Y-%m-%d} 14:00", 60, [ids[0], pid], recurring=True, kind="supervision")
                    )
            for k in range(rng.randint(3, 6)):
                day = monday + pd.Timedelta(days=rng.randrange(5))
                hour = rng.choice([8, 9, 10, 11, 13, 14, 15, 16, 17, 18])
                who = rng.sample(ids, rng.randint(2, min(len(ids), 4)))
                if rng.random() < 0.3:
                    who.append(rng.choice(partners))
                specs.append(
                    Meeting(
                        f"adhoc-{team}-{week}-{k}",
                        f"{day:%Y-%m-%d} {hour:02d}:{rng.choice([0, 30]):02d}",
                        rng.choice([30, 45, 60, 90]),
                        who,
                        direct=rng.random() < 0.2,
                        kind=rng.choice(["case", "other", "performance"]),
                    )
                )
        monday = first + pd.Timedelta(weeks=week)
        specs.append(
            Meeting(f"panel-{week}", f"{monday + pd.Timedelta(days=3):%Y-%m-%d} 10:00", 120, [HEAD, *rng.sample(internal, 9)], kind="panel")
        )
    specs.append(Meeting("leave", f"{first + pd.Timedelta(days=2):%Y-%m-%d} 00:00", 24 * 60, [internal[1], internal[2]], all_day=True))
    m, a = meetings(specs)

    msgs: list[Message] = []
    for i in range(400 * weeks // 4):
        sender = rng.choice(internal)
        day = first + pd.Timedelta(days=rng.randrange(weeks * 7))
        hour = rng.choice([7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 21])
        pool = [p for p in internal + partners if p != sender]
        to = rng.sample(pool, rng.randint(1, 3))
        cc = rng.sample([p for p in pool if p not in to], rng.choice([0, 0, 1, 2]))
        msgs.append(Message(f"m{i}", f"{day:%Y-%m-%d} {hour:02d}:{rng.randrange(60):02d}", sender, to, cc))

    audit_rows = []
    for i in range(40):
        team = rng.choice(list(names))
        audit_rows.append(
            dict(
                audit_id=f"a{i}",
                date=ts(f"{first - pd.Timedelta(days=120) + pd.Timedelta(days=4 * i):%Y-%m-%d}"),
                team=team,
                practitioner_id=rng.choice(by_team[team][1:]),
                auditor_id=HEAD,
                grade=rng.randint(1, 4),
                focus=rng.choice(["practice", "compliance"]),
                child_voice=rng.random() < 0.7,
                family_involved=rng.random() < 0.3,
                practitioner_involved=rng.random() < 0.6,
                actions_set=rng.randint(0, 7),
                actions_done=rng.randint(0, 5),
                learning_recorded=rng.random() < 0.5,
            )
        )

    fb_rows = []
    sources = ["child", "parent_carer", "staff", "partner", "other"]
    for i in range(60):
        received = first - pd.Timedelta(days=60) + pd.Timedelta(days=2 * i)
        kind = rng.choice(["complaint", "complaint", "compliment", "survey", "suggestion"])
        answered = rng.random() < 0.9
        action = rng.random() < 0.6
        fb_rows.append(
            dict(
                feedback_id=f"f{i}",
                received=ts(f"{received:%Y-%m-%d} 10:00"),
                source=rng.choice(sources),
                kind=kind,
                stage=1 if kind == "complaint" else None,
                team=rng.choice(list(names)),
                responded=ts(f"{received + pd.Timedelta(days=rng.randint(3, 35)):%Y-%m-%d} 12:00") if answered else None,
                outcome=rng.choice(["upheld", "partly upheld", "not upheld"]) if kind == "complaint" else None,
                action_taken=action,
                closed_loop=action and rng.random() < 0.5,
            )
        )

    vol_rows = [
        dict(
            person_id=pid,
            period_start=ts(f"{first:%Y-%m-%d}"),
            period_end=ts(f"{first + pd.Timedelta(days=weeks * 7 - 1):%Y-%m-%d}"),
            emails_sent=rng.randint(50, 300) * weeks / 4,
            emails_received=rng.randint(400, 2000) * weeks / 4,
            emails_read=rng.randint(300, 1500) * weeks / 4,
            meeting_hours=rng.randint(20, 60) * weeks / 4,
        )
        for pid in internal
    ]
    for row in vol_rows:  # what only a Viva person query measures, in proportion (no new draws: the rest stays as it was)
        row.update(
            collaboration_hours=2 * row["meeting_hours"],
            multitasking_hours=0.2 * row["meeting_hours"],
            weekend_hours=0.05 * row["meeting_hours"],
            speak_my_mind=1 + int(row["meeting_hours"]) % 5,  # staff-survey answers from 1 to 5
            workload_rating=1 + int(row["emails_sent"]) % 5,
        )
    return Dataset(
        people=roster,
        meetings=m,
        attendance=a,
        messages=messages(msgs),
        volumes=volumes(vol_rows),
        audits=audits(audit_rows),
        feedback=feedback(fb_rows),
    )
