"""A hand-built organisation for the scenario tests.

Four teams under two heads of service, four weeks of meetings, email, audits and feedback, so
that every lever has something to change.
"""

from __future__ import annotations

import random

import pandas as pd

from diagnostic.dataset import TZ, Dataset, conform
from diagnostic.settings import Settings

MONDAY = pd.Timestamp("2025-03-03", tz=TZ)  # four weeks with no bank holiday follow
WEEKS = 4
TEAMS = 4
PER_TEAM = 6
HEAD = "p-head"
SETTINGS = Settings(salt="test-salt-0123456789")  # the conftest fixture's settings, for module-scoped fixtures

# Which domains a lever may change, from the tables it rewrites. People (the roster) feeds the
# role-based indicators of meetings, email and the network.
TABLE_DOMAINS = {
    "meetings": {"meetings", "network"},
    "attendance": {"meetings", "network"},
    "messages": {"email", "network"},
    "people": {"meetings", "email", "network"},
    "feedback": {"feedback"},
    "audits": {"audits"},
}


def at(day: int, hour: int, minute: int = 0) -> pd.Timestamp:
    return MONDAY + pd.Timedelta(days=day, hours=hour, minutes=minute)


def build_people() -> tuple[pd.DataFrame, dict[str, list[str]], list[str]]:
    """Head -> two heads of service -> four team managers -> six practitioners each; two partners."""
    rows = [dict(person_id=HEAD, team="Leadership", is_manager=True, is_practitioner=False, organisation="internal")]
    services = ["p-hos-0", "p-hos-1"]
    for s in services:
        rows.append(dict(person_id=s, team="Leadership", is_manager=True, manager_id=HEAD, is_practitioner=False, organisation="internal"))
    teams = {}
    for t in range(TEAMS):
        manager = f"p-tm-{t}"
        rows.append(
            dict(
                person_id=manager,
                team=f"Team {t}",
                is_manager=True,
                manager_id=services[t % 2],
                is_practitioner=False,
                organisation="internal",
            )
        )
        members = [f"p-{t}-{i}" for i in range(PER_TEAM)]
        for pid in members:
            rows.append(
                dict(person_id=pid, team=f"Team {t}", is_manager=False, manager_id=manager, is_practitioner=True, organisation="internal")
            )
        teams[manager] = members
    partners = ["x-health", "x-police"]
    rows += [dict(person_id="x-health", organisation="Health"), dict(person_id="x-police", organisation="Police")]
    return conform("people", pd.DataFrame(rows)), teams, partners


def build_org(seed: int = 3) -> Dataset:
    """A small seeded organisation with every table a lever touches."""
    rng = random.Random(seed)
    people, teams, partners = build_people()
    managers = [HEAD, "p-hos-0", "p-hos-1", *teams]
    everyone = [*managers, *(p for m in teams.values() for p in m)]
    meetings, attendance = [], []

    def meeting(mid, start, minutes, who, recurring=False, series=None, kind="other", direct=False, organiser=None):
        meetings.append(
            dict(
                meeting_id=mid,
                start=start,
                end=start + pd.Timedelta(minutes=minutes),
                organiser_id=organiser or who[0],
                is_recurring=recurring,
                invitees=len(who),
                kind=kind,
                direct_work=direct,
                series_id=series,
                all_day=False,
            )
        )
        for i, pid in enumerate(who):
            role = "organiser" if i == 0 else ("optional" if i % 5 == 4 else "required")
            attendance.append(dict(meeting_id=mid, person_id=pid, role=role, attended=True, minutes=float(minutes)))

    for week in range(WEEKS):
        d = 7 * week
        meeting(f"mgmt-{week}", at(d, 9), 90, managers, True, "s-mgmt", "performance")
        meeting(f"brief-{week}", at(d + 2, 12), 60, everyone[:20], True, "s-brief")
        for t, (manager, members) in enumerate(teams.items()):
            meeting(f"team-{t}-{week}", at(d + 1, 9, 30), 60, [manager, *members], True, f"s-team-{t}", "team_meeting")
            if week % 2 == 0:
                for i, pid in enumerate(members):
                    meeting(f"sup-{pid}-{week}", at(d + 3, 10 + i), 60, [manager, pid], True, f"s-sup-{pid}", "supervision")
            for k in range(5):
                who = rng.sample(members, rng.randint(2, 4)) + ([rng.choice(partners)] if rng.random() < 0.4 else [])
                start = at(d + rng.randrange(5), rng.choice([10, 11, 14, 15]), rng.choice([0, 30]))
                direct = rng.random() < 0.2
                meeting(f"adhoc-{t}-{week}-{k}", start, rng.choice([30, 45, 60, 90, 120]), who, kind="case", direct=direct)
        meeting(f"panel-{week}", at(d + 4, 10), 120, [HEAD, *rng.sample(everyone, 10)], kind="panel")

    messages = []
    internal = everyone
    for i in range(600):
        sender = rng.choice(internal)
        day = rng.randrange(7 * WEEKS)
        hour = rng.choice([7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 19, 21])
        sent = at(day, hour, rng.randrange(60))
        pool = [p for p in internal + partners if p != sender]
        to = rng.sample(pool, rng.randint(1, 2))
        cc = rng.sample([p for p in pool if p not in to], rng.choice([0, 1, 2, 3]))
        for rid, kind in [(r, "to") for r in to] + [(r, "cc") for r in cc]:
            messages.append(
                dict(
                    sent_at=sent,
                    sender_id=sender,
                    recipient_id=rid,
                    recipient_type=kind,
                    n_recipients=len(to) + len(cc),
                    message_id=f"m{i}",
                )
            )

    audits = [
        dict(
            audit_id=f"a{i}",
            date=at(-90 + 3 * i, 10),
            team=f"Team {i % TEAMS}",
            practitioner_id=f"p-{i % TEAMS}-{i % PER_TEAM}",
            auditor_id=HEAD,
            grade=1 + i % 4,
            focus="practice" if i % 3 == 0 else "compliance",
            child_voice=i % 2 == 0,
            family_involved=i % 5 == 0,
            practitioner_involved=i % 3 == 0,
            actions_set=4,
            actions_done=2 + i % 3,
            learning_recorded=True,
        )
        for i in range(30)
    ]
    sources = ["child", "parent_carer", "staff", "partner"]
    feedback = []
    for i in range(48):
        received = at(-60 + i, 11)
        took = [3, 8, 14, 25, None][i % 5]
        feedback.append(
            dict(
                feedback_id=f"f{i}",
                received=received,
                source=sources[i % 4],
                kind="complaint" if i % 2 == 0 else "survey",
                stage=1 if i % 2 == 0 else None,
                outcome=["upheld", "partly_upheld", "not_upheld"][i % 3] if i % 2 == 0 else None,
                responded=None if took is None else received + pd.Timedelta(days=took),
                action_taken=i % 3 == 0,
                closed_loop=i % 6 == 0,
            )
        )
    documents = pd.DataFrame({"doc_id": ["d1"], "name": ["letter.txt"], "text": ["Your case will be closed after the placement review."]})
    return Dataset(
        people=people,
        meetings=conform("meetings", pd.DataFrame(meetings)),
        attendance=conform("attendance", pd.DataFrame(attendance)),
        messages=conform("messages", pd.DataFrame(messages)),
        audits=conform("audits", pd.DataFrame(audits)),
        feedback=conform("feedback", pd.DataFrame(feedback)),
        documents=conform("documents", documents),
    )


def frames(dataset: Dataset) -> dict[str, pd.DataFrame]:
    return {name: getattr(dataset, name) for name in dataset.present()}
