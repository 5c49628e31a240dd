"""Scenario levers: pure, deterministic, identity at their defaults, and moving what they say they move."""

from __future__ import annotations

import json
import random

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from diagnostic.dataset import TZ, Dataset, conform
from diagnostic.dates import is_working_time, working_days_between
from diagnostic.errors import InputError
from diagnostic.indicators import BY_ID as INDICATORS
from diagnostic.scenarios import BY_ID, LEVERS, Scenario, apply_scenario, compare_scenarios, scenario_label, summarise_change
from diagnostic.scenarios.email import outside_working_hours
from diagnostic.scenarios.lever import choose_rows
from diagnostic.scorecard import build_scorecard
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


@pytest.fixture(scope="module")
def org() -> Dataset:
    return build_org()


@pytest.fixture(scope="module")
def baseline(org):
    return build_scorecard(org, SETTINGS)


@pytest.fixture(scope="module")
def far_score(org):
    """Results of some indicators with one lever at its far end; each lever is applied once."""
    changed = {}

    def score(lever, indicator_ids):
        if lever.id not in changed:
            changed[lever.id] = lever.apply(org, far_end(lever), SETTINGS)
        return build_scorecard(changed[lever.id], SETTINGS, tuple(INDICATORS[i] for i in indicator_ids))

    return score


def far_end(lever) -> float:
    """The value furthest from the default (a cap is furthest at its minimum)."""
    return lever.min if lever.max - lever.default < lever.default - lever.min else lever.max


def frames(dataset: Dataset) -> dict[str, pd.DataFrame]:
    return {name: getattr(dataset, name) for name in dataset.present()}


def assert_same_tables(a: Dataset, b: Dataset) -> None:
    assert a.present() == b.present()
    for name, frame in frames(a).items():
        pd.testing.assert_frame_equal(frame, getattr(b, name))


# ----------------------------------------------------------------------------------------------
# the registry


def test_at_least_eight_levers_with_unique_ids_and_contract_keys():
    assert len(LEVERS) >= 8
    assert len({lever.id for lever in LEVERS}) == len(LEVERS)
    for lever in LEVERS:
        record = lever.to_dict()
        assert set(record) == {"id", "label", "min", "max", "default", "unit", "step", "moves", "help"}
        assert lever.min <= lever.default <= lever.max and lever.step > 0
        assert lever.help.endswith(".") and lever.moves


@pytest.mark.parametrize("lever", LEVERS, ids=lambda lever: lever.id)
def test_every_moved_indicator_exists(lever):
    assert [m for m in lever.moves if m not in INDICATORS] == []


# ----------------------------------------------------------------------------------------------
# purity: the default changes nothing, no lever changes its input


@pytest.mark.parametrize("lever", LEVERS, ids=lambda lever: lever.id)
def test_default_returns_the_same_tables(lever, org, settings):
    changed = lever.apply(org, lever.default, settings)
    assert_same_tables(org, changed)
    for name in org.present():
        assert getattr(changed, name) is getattr(org, name)


@pytest.mark.parametrize("lever", LEVERS, ids=lambda lever: lever.id)
def test_a_lever_never_changes_its_input_nor_tables_it_does_not_own(lever, org, settings):
    org = Dataset(**{name: frame.copy() for name, frame in frames(org).items()})
    before = {name: frame.copy() for name, frame in frames(org).items()}
    changed = lever.apply(org, far_end(lever), settings)
    for name, frame in before.items():
        pd.testing.assert_frame_equal(getattr(org, name), frame)
        if name not in lever.tables:
            assert getattr(changed, name) is getattr(org, name)
    assert any(not getattr(changed, t).equals(getattr(org, t)) for t in lever.tables if getattr(org, t) is not None)


def test_a_scenario_of_defaults_reproduces_the_baseline_scorecard(org, settings, baseline):
    scenario = Scenario("no change", {lever.id: lever.default for lever in LEVERS})
    assert build_scorecard(apply_scenario(org, scenario, settings), settings).to_dict() == baseline.to_dict()


# ----------------------------------------------------------------------------------------------
# direction: the far end moves the named indicators towards compost, and nothing unrelated


@pytest.mark.parametrize("lever", LEVERS, ids=lambda lever: lever.id)
def test_far_end_moves_named_indicators_towards_compost(lever, baseline, far_score):
    card = far_score(lever, lever.moves)
    moved = []
    for indicator_id in lever.moves:
        before, after = baseline.result(indicator_id), card.result(indicator_id)
        if before.measurement.value is None or after.measurement.value is None:
            continue
        towards = np.sign(before.compost_at - before.concrete_at)
        delta = (after.measurement.value - before.measurement.value) * towards
        assert delta >= -1e-9, f"{indicator_id} moved away from compost: {before.measurement.value} -> {after.measurement.value}"
        moved.append(delta > 1e-9)
    if not moved:
        pytest.skip(f"none of {lever.moves} is computed on the test organisation")
    assert any(moved), f"{lever.id} at {far_end(lever)} moved none of {lever.moves}"


@pytest.mark.parametrize("lever", LEVERS, ids=lambda lever: lever.id)
def test_far_end_leaves_unrelated_domains_unchanged(lever, baseline, far_score):
    related = set().union(*(TABLE_DOMAINS[t] for t in lever.tables))
    unrelated = [r.indicator.id for r in baseline.results if r.indicator.domain not in related]
    card = far_score(lever, unrelated)
    for after in card.results:
        assert after.measurement.value == baseline.result(after.indicator.id).measurement.value, after.indicator.id
    for after in card.domains:
        if after.total:
            assert after.score == baseline.domain(after.id).score


# ----------------------------------------------------------------------------------------------
# what each lever does


def test_cancel_recurring_cancels_whole_series_and_spares_supervision(org, settings):
    changed = BY_ID["cancel_recurring_meetings"].apply(org, 50, settings)
    kept = set(changed.meetings["meeting_id"])
    gone = org.meetings[~org.meetings["meeting_id"].isin(kept)]
    assert len(gone) and gone["is_recurring"].all()
    assert not gone["kind"].isin(["supervision", "group_supervision"]).any()
    assert gone["series_id"].nunique() == round(
        0.5 * org.meetings.loc[org.meetings["is_recurring"] & ~org.meetings["kind"].eq("supervision"), "series_id"].nunique()
    )
    assert set(changed.meetings["series_id"].dropna()).isdisjoint(set(gone["series_id"]))
    assert not changed.attendance["meeting_id"].isin(gone["meeting_id"]).any()


def test_cancel_recurring_does_not_depend_on_row_order(org, settings):
    shuffled = org.with_tables(meetings=org.meetings.sample(frac=1, random_state=1).reset_index(drop=True))
    lever = BY_ID["cancel_recurring_meetings"]
    a = set(lever.apply(org, 40, settings).meetings["meeting_id"])
    b = set(lever.apply(shuffled, 40, settings).meetings["meeting_id"])
    assert a == b


def test_cancel_recurring_infers_series_without_a_series_id(settings):
    org = build_org()
    org = org.with_tables(meetings=org.meetings.assign(series_id=pd.NA).astype({"series_id": "string"}))
    changed = BY_ID["cancel_recurring_meetings"].apply(org, 100, settings)
    left = changed.meetings
    assert not (left["is_recurring"] & ~left["kind"].isin(["supervision"])).any()
    assert (left["kind"] == "supervision").sum() == (org.meetings["kind"] == "supervision").sum()


def test_fortnightly_manager_meetings_drops_every_second_occurrence(org, settings):
    changed = BY_ID["fortnightly_manager_meetings"].apply(org, 100, settings)
    before = org.meetings[org.meetings["series_id"] == "s-mgmt"].sort_values("start")
    after = changed.meetings[changed.meetings["series_id"] == "s-mgmt"].sort_values("start")
    assert list(after["meeting_id"]) == list(before["meeting_id"].iloc[::2])
    assert (changed.meetings["series_id"] == "s-brief").sum() == WEEKS  # not managers only


def test_shorten_trims_default_lengths_only(org, settings):
    changed = BY_ID["shorten_meetings"].apply(org, 25, settings)
    length = lambda m: (m["end"] - m["start"]).dt.total_seconds().div(60).set_axis(m["meeting_id"])  # noqa: E731
    before, after = length(org.meetings), length(changed.meetings)
    protected = org.meetings.set_index("meeting_id")
    protected = protected["kind"].eq("supervision") | protected["direct_work"].fillna(False)
    assert after["mgmt-0"] == 68 and after["team-0-0"] == 45  # 90 and 60 minutes
    assert (after[protected] == before[protected]).all()
    assert (after[before % 30 != 0] == before[before % 30 != 0]).all()
    minutes = changed.attendance.set_index("meeting_id")["minutes"]
    assert (minutes.loc["team-0-0"] == 45).all()


def test_cap_keeps_the_organiser_and_required_invitees(org, settings):
    changed = BY_ID["cap_meeting_size"].apply(org, 5, settings)
    sizes = changed.attendance.groupby("meeting_id").size()
    direct = set(org.meetings.loc[org.meetings["direct_work"].fillna(False), "meeting_id"])
    assert (sizes.drop(index=list(direct & set(sizes.index))) <= 5).all()
    brief = changed.attendance[changed.attendance["meeting_id"] == "brief-0"]
    assert HEAD in set(brief["person_id"]) and not brief["role"].eq("optional").any()
    assert (changed.meetings.set_index("meeting_id").loc["brief-0", "invitees"]) == 5


def test_cap_ranks_seats_when_organiser_role_or_person_is_missing(settings):
    """Blank organisers, roles in any case and rows with no person still get a seat order, never an error."""
    start = at(0, 10)
    meetings = conform(
        "meetings",
        pd.DataFrame(
            {
                "meeting_id": ["big", "big", "small"],  # a meeting listed twice: its first row decides
                "start": [start, start, start],
                "end": [start + pd.Timedelta(hours=1)] * 3,
                "organiser_id": [None, "x", "a"],
                "invitees": [6, 6, 2],
            }
        ),
    )
    attendance = conform(
        "attendance",
        pd.DataFrame(
            {
                "meeting_id": ["big"] * 6 + ["small", "small", None],
                "person_id": ["a", "b", "c", "d", None, "f", "a", "b", "c"],
                "role": ["OPTIONAL", "Optional", None, "Organiser", "required", None, None, None, None],
            }
        ),
    )
    changed = BY_ID["cap_meeting_size"].apply(Dataset(meetings=meetings, attendance=attendance), 3, settings)
    kept = changed.attendance
    big = kept[kept["meeting_id"] == "big"]
    assert len(big) == 3 and "d" in set(big["person_id"].dropna())  # the organiser keeps a seat
    assert not ({"a", "b"} & set(big["person_id"].dropna()))  # optional invitees, in any case, go first
    assert len(kept) == 6  # the small meeting and the row with no meeting are left alone


def test_hold_after_hours_email_moves_it_to_the_next_working_morning(settings):
    friday_night = pd.Timestamp("2025-04-17 19:30", tz=TZ)  # the day before Good Friday
    messages = conform(
        "messages",
        pd.DataFrame(
            {
                "sent_at": [friday_night, pd.Timestamp("2025-04-22 07:15", tz=TZ), pd.Timestamp("2025-04-22 11:00", tz=TZ)],
                "sender_id": ["a", "a", "a"],
                "recipient_id": ["b", "b", "b"],
                "message_id": ["m1", "m2", "m3"],
            }
        ),
    )
    changed = BY_ID["hold_after_hours_email"].apply(Dataset(messages=messages), 100, settings).messages
    assert list(changed["sent_at"]) == [
        pd.Timestamp("2025-04-22 08:00", tz=TZ),
        pd.Timestamp("2025-04-22 08:00", tz=TZ),
        messages["sent_at"][2],
    ]
    assert changed["sent_at"].dtype == messages["sent_at"].dtype


@given(st.lists(st.integers(0, 3 * 365 * 24 * 60), min_size=1, max_size=50))
def test_out_of_hours_test_agrees_with_the_working_time_rule(minutes):
    utc = pd.Timestamp("2024-01-01", tz="UTC") + pd.to_timedelta(minutes, unit="min")
    sent = pd.Series(utc).dt.tz_convert(TZ)
    expected = ~is_working_time(sent, SETTINGS.work_start, SETTINGS.work_end, SETTINGS.work_days)
    assert list(outside_working_hours(sent, SETTINGS)) == list(expected)


def test_hold_after_hours_email_leaves_partners_email_alone(org, settings):
    changed = BY_ID["hold_after_hours_email"].apply(org, 100, settings)
    assert not changed.messages.equals(org.messages)
    partner = org.messages["sender_id"].str.startswith("x-")
    pd.testing.assert_series_equal(changed.messages.loc[partner, "sent_at"], org.messages.loc[partner, "sent_at"])


def test_drop_cc_updates_recipient_counts_and_ignores_untyped_exports(org, settings):
    lever = BY_ID["drop_cc"]
    changed = lever.apply(org, 100, settings).messages
    assert not (changed["recipient_type"] == "cc").any()
    assert (changed.groupby("message_id")["n_recipients"].first() == changed.groupby("message_id").size()).all()
    untyped = org.with_tables(messages=org.messages.assign(recipient_type=pd.NA).astype({"recipient_type": "string"}))
    assert lever.apply(untyped, 100, settings) is untyped


def test_respond_within_days_meets_the_deadline(org, settings):
    changed = BY_ID["respond_within_days"].apply(org, 10, settings).feedback
    took = working_days_between(changed["received"], changed["responded"])
    assert changed["responded"].notna().all() and (took <= 10).all()
    on_time = working_days_between(org.feedback["received"], org.feedback["responded"]) <= 10
    on_time = on_time.fillna(False).astype(bool)
    pd.testing.assert_series_equal(changed.loc[on_time, "responded"], org.feedback.loc[on_time, "responded"])
    assert (took[~on_time] == 10).all()


def test_close_the_loop_only_where_something_was_done(org, settings):
    changed = BY_ID["close_the_loop"].apply(org, 100, settings).feedback
    acted = org.feedback["action_taken"].astype(bool)
    assert changed.loc[acted, "closed_loop"].all()
    pd.testing.assert_series_equal(changed.loc[~acted, "closed_loop"], org.feedback.loc[~acted, "closed_loop"])


def test_audit_levers_set_a_share_of_the_audits_without_it(org, settings):
    changed = BY_ID["families_in_audits"].apply(org, 50, settings).audits
    without = ~org.audits["family_involved"].astype(bool)
    flipped = changed["family_involved"].astype(bool) & without
    assert flipped.sum() == round(0.5 * without.sum())
    practice = BY_ID["practice_focused_audits"].apply(org, 100, settings).audits
    assert (practice["focus"] == "practice").all()


def test_remove_a_layer_reparents_practitioners_and_shrinks_managers_meetings(org, settings):
    changed = BY_ID["remove_management_layer"].apply(org, 1, settings)
    people = changed.people.set_index("person_id")
    assert people.loc["p-0-0", "manager_id"] == "p-hos-0"
    assert not people.loc["p-tm-0", "is_manager"] and people.loc["p-tm-0", "is_practitioner"]
    assert people.loc["p-hos-0", "is_manager"]
    mgmt = changed.attendance[changed.attendance["meeting_id"] == "mgmt-0"]
    assert set(mgmt["person_id"]) == {HEAD, "p-hos-0", "p-hos-1"}
    assert changed.meetings.set_index("meeting_id").loc["mgmt-0", "invitees"] == 3
    team = changed.attendance[changed.attendance["meeting_id"] == "team-0-0"]
    assert "p-tm-0" in set(team["person_id"])  # only managers' meetings shrink


def test_remove_a_layer_keeps_the_removed_managers_own_supervision(org, settings):
    """A team manager going back to practice is still supervised: that managers-only meeting is supervision, and stays."""
    start = at(2, 16)
    meetings = pd.concat(
        [
            org.meetings,
            conform(
                "meetings",
                pd.DataFrame(
                    {
                        "meeting_id": ["sup-tm-0"],
                        "start": [start],
                        "end": [start + pd.Timedelta(hours=1)],
                        "organiser_id": ["p-hos-0"],
                        "invitees": [2],
                        "kind": ["supervision"],
                    }
                ),
            ),
        ],
        ignore_index=True,
    )
    attendance = pd.concat(
        [org.attendance, conform("attendance", pd.DataFrame({"meeting_id": ["sup-tm-0"] * 2, "person_id": ["p-hos-0", "p-tm-0"]}))],
        ignore_index=True,
    )
    changed = BY_ID["remove_management_layer"].apply(org.with_tables(meetings=meetings, attendance=attendance), 1, settings)
    kept = changed.attendance[changed.attendance["meeting_id"] == "sup-tm-0"]
    assert set(kept["person_id"]) == {"p-hos-0", "p-tm-0"}
    assert changed.meetings.set_index("meeting_id").loc["sup-tm-0", "invitees"] == 2
    assert "p-tm-0" not in set(changed.attendance.loc[changed.attendance["meeting_id"] == "mgmt-0", "person_id"])  # the rest still shrink


def test_remove_two_layers_and_no_roster(org, settings):
    lever = BY_ID["remove_management_layer"]
    people = lever.apply(org, 2, settings).people.set_index("person_id")
    assert people.loc["p-0-0", "manager_id"] == HEAD
    no_roster = org.with_tables(people=None)
    assert lever.apply(no_roster, 2, settings) is no_roster


@given(st.integers(0, 60), st.floats(0, 1), st.floats(0, 1))
def test_a_larger_share_always_includes_the_rows_a_smaller_share_chose(n, a, b):
    keys = pd.Series([f"id-{i}" for i in range(n)])
    small, large = sorted((a, b))
    chosen_small, chosen_large = choose_rows(keys, small, "salt"), choose_rows(keys, large, "salt")
    assert not (chosen_small & ~chosen_large).any()
    assert chosen_large.sum() == int(np.floor(large * n + 0.5))


# ----------------------------------------------------------------------------------------------
# scenario files


def test_scenario_round_trips_through_a_file(tmp_path):
    scenario = Scenario("Fewer, smaller meetings", {"cancel_recurring_meetings": 20, "cap_meeting_size": 8})
    path = scenario.save(tmp_path / "fewer.json")
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "name": "Fewer, smaller meetings",
        "levers": {"cancel_recurring_meetings": 20, "cap_meeting_size": 8},
    }
    assert Scenario.load(path) == scenario
    assert Scenario.from_json(scenario.to_json()) == scenario


@pytest.mark.parametrize(
    "text, words",
    [
        ('{"name": "x", "levers": {"cancel_all_meetings": 10}}', ["bad.json", "cancel_all_meetings"]),
        ('{"name": "x", "levers": {"cap_meeting_size": 2}}', ["bad.json", "cap_meeting_size", "3 to 50"]),
        ('{"name": "x", "levers": {"drop_cc": true}}', ["bad.json", "drop_cc", "not a number"]),
        ('{"name": "x", "levers": {"drop_cc": "ten"}}', ["bad.json", "drop_cc", "not a number"]),
        ('{"levers": {}}', ["bad.json", "name"]),
        ("not json at all", ["bad.json", "not valid JSON"]),
    ],
)
def test_bad_scenario_files_name_the_file_and_the_lever(tmp_path, text, words):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        Scenario.load(path)
    assert all(w in str(error.value) for w in words), str(error.value)


def test_apply_scenario_checks_values_built_in_code(org, settings):
    with pytest.raises(InputError, match="drop_cc"):
        apply_scenario(org, Scenario("too much", {"drop_cc": 150}), settings)


def test_numpy_numbers_from_widgets_are_accepted(org, settings):
    changed = apply_scenario(org, Scenario("numpy", {"drop_cc": np.int64(50), "shorten_meetings": np.float64(10)}), settings)
    assert len(changed.messages) < len(org.messages)


def test_apply_scenario_combines_levers_in_a_fixed_order(org, settings):
    a = apply_scenario(org, Scenario("a", {"drop_cc": 50, "cancel_recurring_meetings": 30}), settings)
    b = apply_scenario(org, Scenario("b", {"cancel_recurring_meetings": 30, "drop_cc": 50}), settings)
    assert_same_tables(a, b)
    assert len(a.meetings) < len(org.meetings) and len(a.messages) < len(org.messages)


# ----------------------------------------------------------------------------------------------
# comparing scorecards


def test_compare_scenarios_puts_each_scenario_beside_the_baseline(org, settings, baseline):
    audits = build_scorecard(apply_scenario(org, Scenario("audit with", {"practitioners_in_audits": 100}), settings), settings)
    table = compare_scenarios(baseline, {"audit with": audits})
    assert list(table.columns[:7]) == ["level", "id", "domain", "title", "unit", "baseline", "baseline value"]
    assert {"audit with", "audit with value", "audit with change"} <= set(table.columns)
    assert len(table) == 1 + len(baseline.domains) + len(baseline.results)
    row = table.set_index("id").loc["practitioner_involved_rate"]
    assert row["audit with value"] == 100 and row["audit with change"] > 0
    assert (table.loc[table["domain"] == "feedback", "audit with change"].fillna(0) == 0).all()


def test_summarise_change_says_what_moved_and_that_nothing_else_did(org, settings, baseline):
    assert summarise_change(baseline, baseline) == "This scenario changes nothing that the data loaded can show."
    card = build_scorecard(
        apply_scenario(org, Scenario("audit with", {"practitioners_in_audits": 100, "families_in_audits": 100}), settings), settings
    )
    text = summarise_change(baseline, card)
    assert text.startswith("This scenario ") and "audits" in text and "nothing else changes." in text
    b, s = baseline.domain("audits"), card.domain("audits")
    if b.band != s.band:
        assert f"moves audits from {b.band} to {s.band}" in text
    else:
        assert "raises audits by" in text


@pytest.mark.parametrize("name", ["baseline", "Baseline", " BASELINE "])
def test_a_scenario_named_baseline_never_takes_the_baselines_column(org, settings, baseline, name):
    audits = build_scorecard(apply_scenario(org, Scenario(name, {"practitioners_in_audits": 100}), settings), settings)
    table = compare_scenarios(baseline, {name: audits})
    label = scenario_label(name)
    assert label != "baseline" and f"{label} change" in table.columns
    row = table.set_index("id").loc["practitioner_involved_rate"]
    assert row[label] > row["baseline"] and row[f"{label} change"] > 0


@given(
    st.lists(st.tuples(st.sampled_from(["m1", "m2", "m3"]), st.one_of(st.none(), st.sampled_from(["pa", "pb", "pé", "pc"]))), min_size=1)
)
def test_seat_ties_hash_the_ids_the_same_however_they_are_read(pairs):
    """Ties for a seat are broken by a hash of meeting and person: read as categories, it must match the text's own."""
    from diagnostic.columns import factorised
    from diagnostic.scenarios.lever import stable_hash
    from diagnostic.scenarios.meetings import _seat_hash

    attendance = conform("attendance", pd.DataFrame({"meeting_id": [m for m, _ in pairs], "person_id": [p for _, p in pairs]}))
    rows = np.arange(len(attendance))
    meeting, meetings = factorised(attendance["meeting_id"])
    person, people = factorised(attendance["person_id"])
    expected = stable_hash(attendance[["meeting_id", "person_id"]], "cap_meeting_size")
    assert _seat_hash(attendance, rows, meeting, meetings, person, people).tolist() == expected.tolist()
