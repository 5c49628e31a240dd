"""Email indicators on small message traces and activity reports with known answers."""

from __future__ import annotations

import factories as f
import pytest
from factories import Message

from diagnostic.indicators import email as em

ROSTER = f.people({"Team A": 6, "Team B": 6})
TEAM_A = f.team_ids(ROSTER, "Team A")  # p-a-0 manages p-a-1 .. p-a-5; the head manages p-a-0
TEAM_B = f.team_ids(ROSTER, "Team B")
DAYS = [f"2025-03-0{d}" for d in range(3, 8)]  # Monday to Friday, no bank holiday


def trace(specs: list[Message], typed: bool = True) -> f.Dataset:
    return f.dataset(people=ROSTER, messages=f.messages(specs, typed=typed))


def one_each(senders: list[str], to: list[str], when: str = "2025-03-03 10:00", prefix: str = "m") -> list[Message]:
    return [Message(f"{prefix}-{s}", when, s, [r for r in to if r != s][:1] or [to[0]]) for s in senders]


def test_emails_received_per_day_is_a_median_over_people_in_working_days(settings):
    specs = []
    for i, person in enumerate(TEAM_A):
        for k in range(5 * (i + 1)):  # person i receives i + 1 messages a working day
            specs.append(Message(f"to-{person}-{k}", f"{DAYS[k % 5]} 10:00", TEAM_B[k % 6], [person]))
    specs.append(Message("to-p-a-0-0", "2025-03-03 10:00", TEAM_B[0], [TEAM_A[0]]))  # the same delivery again
    m = em.emails_received_per_day(trace(specs), settings)
    assert m.value == pytest.approx(3.5)
    assert (m.n, m.n_unit) == (6, "people")
    assert "message trace" in m.note


def test_emails_received_falls_back_to_the_activity_report(settings):
    start, end = f.ts("2025-03-03"), f.ts("2025-03-17")  # ten working days
    volumes = f.volumes([dict(person_id=p, period_start=start, period_end=end, emails_received=500.0) for p in TEAM_A])
    m = em.emails_received_per_day(f.dataset(people=ROSTER, volumes=volumes), settings)
    assert m.value == pytest.approx(50.0)
    assert "activity totals" in m.note


def test_email_hours_estimate_from_send_and_read_counts(settings):
    start, end = f.ts("2025-03-03"), f.ts("2025-03-17")
    rows = [dict(person_id=p, period_start=start, period_end=end, emails_sent=120.0, emails_read=240.0) for p in TEAM_A]
    m = em.email_hours_estimate(f.dataset(people=ROSTER, volumes=f.volumes(rows)), settings)
    assert m.value == pytest.approx(10.0)  # (120 x 5 + 240 x 2.5) minutes over two weeks
    assert m.note.startswith("Estimate")
    assert em.INDICATORS[1].estimate


def test_email_hours_uses_viva_measured_hours_when_loaded(settings):
    start, end = f.ts("2025-03-03"), f.ts("2025-03-10")
    rows = [dict(person_id=p, period_start=start, period_end=end, email_hours=6.0, emails_sent=999.0, emails_read=999.0) for p in TEAM_A]
    m = em.email_hours_estimate(f.dataset(people=ROSTER, volumes=f.volumes(rows)), settings)
    assert m.value == pytest.approx(6.0)
    assert "Measured" in m.note


def test_email_hours_from_a_trace_alone_is_not_computed(settings):
    m = em.email_hours_estimate(trace(one_each(TEAM_A, TEAM_B)), settings)
    assert m.value is None
    assert "Read counts" in m.note


def test_after_hours_email_share_counts_messages_not_recipients(settings):
    specs = [Message(f"day-{i}", "2025-03-04 10:00", TEAM_A[i], TEAM_B[:3]) for i in range(6)]
    specs += [Message(f"late-{i}", "2025-03-04 19:00", TEAM_A[i], TEAM_B) for i in range(3)]
    specs.append(Message("saturday", "2025-03-08 10:00", TEAM_A[4], TEAM_B[:1]))
    specs.append(Message("from-outside", "2025-03-04 23:00", "x-0", TEAM_A[:1]))
    m = em.after_hours_email_share(trace(specs), settings)
    assert m.value == pytest.approx(40.0)  # 4 of the 10 messages internal people sent
    assert (m.n, m.n_unit) == (10, "messages")
    assert m.by_team.to_dict("records") == [{"team": "Team A", "value": 40.0, "n": 6}]


def test_after_hours_email_on_a_bank_holiday(settings):
    specs = [Message(f"m{i}", "2025-04-21 10:00", TEAM_A[i], TEAM_B[:1]) for i in range(6)]  # Easter Monday
    assert em.after_hours_email_share(trace(specs), settings).value == pytest.approx(100.0)


def test_after_hours_email_needs_a_trace(settings):
    start, end = f.ts("2025-03-03"), f.ts("2025-03-10")
    volumes = f.volumes([dict(person_id=p, period_start=start, period_end=end, emails_sent=10.0) for p in TEAM_A])
    m = em.after_hours_email_share(f.dataset(people=ROSTER, volumes=volumes), settings)
    assert m.value is None
    assert "message trace" in m.note


def test_mean_recipients_per_message_caps_broadcasts(settings):
    specs = [Message(f"m{i}", "2025-03-04 10:00", TEAM_A[i], TEAM_B[: 1 + i % 3]) for i in range(6)]
    assert em.mean_recipients_per_message(trace(specs), settings).value == pytest.approx(2.0)
    everyone = [f"list-member-{k}" for k in range(80)]
    specs.append(Message("all-staff", "2025-03-04 11:00", TEAM_A[0], everyone))
    m = em.mean_recipients_per_message(trace(specs), settings)
    assert m.value == pytest.approx((12 + em.RECIPIENT_CAP) / 7)
    assert "more than 50" in m.note


def test_cc_share_needs_to_and_cc(settings):
    specs = [Message(f"m{i}", "2025-03-04 10:00", TEAM_A[i], TEAM_B[:3], cc=TEAM_B[3:4]) for i in range(6)]
    assert em.cc_share(trace(specs), settings).value == pytest.approx(25.0)
    m = em.cc_share(trace(specs, typed=False), settings)
    assert m.value is None
    assert "header export" in m.note


def test_upward_email_share_follows_the_management_chain(settings):
    practitioners = TEAM_A[1:]
    specs = [Message(f"up-{p}", "2025-03-04 10:00", p, [TEAM_A[0]]) for p in practitioners[:2]]  # to their manager
    specs += [Message(f"top-{p}", "2025-03-04 11:00", p, [TEAM_B[1], f.HEAD]) for p in practitioners[2:3]]  # above, with a peer
    specs += [Message(f"peer-{p}-{k}", "2025-03-04 12:00", p, [TEAM_B[2]]) for p in practitioners for k in range(2)]
    specs += [Message("other-manager", "2025-03-04 13:00", practitioners[4], [TEAM_B[0]])]  # not their chain
    m = em.upward_email_share(trace(specs), settings)
    assert m.value == pytest.approx(100 * 3 / 14)
    assert m.n_unit == "messages"


def test_upward_email_share_needs_a_roster(settings):
    bare = ROSTER.assign(is_manager=None, manager_id=None, is_practitioner=None)
    m = em.upward_email_share(f.dataset(people=bare, messages=f.messages(one_each(TEAM_A, TEAM_B))), settings)
    assert m.value is None
    assert "roster" in m.note


def test_too_few_senders_is_not_computed(settings):
    m = em.after_hours_email_share(trace(one_each(TEAM_A[:3], TEAM_B)), settings)
    assert m.value is None
    assert "minimum group size" in m.note
