"""What each scenario lever does to the tables it rewrites, on a hand-built organisation and small cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scenario_org import HEAD, SETTINGS, WEEKS, at, build_org

from diagnostic.dataset import TZ, Dataset, conform
from diagnostic.dates import is_working_time, working_days_between
from diagnostic.scenarios import BY_ID
from diagnostic.scenarios.email import outside_working_hours
from diagnostic.scenarios.lever import choose_rows


@pytest.fixture(scope="module")
def org() -> Dataset:
    return build_org()


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


def test_hold_after_hours_email_knows_a_partner_by_their_email_domain(settings):
    """A partner whose organisation the roster leaves blank is still known by a partner domain, as the indicators know them."""
    people = conform("people", pd.DataFrame({"person_id": ["nurse", "worker"], "domain": ["nhs.net", "northbridge.gov.uk"]}))
    late = pd.Timestamp("2025-04-21 22:00", tz=TZ)
    messages = conform(
        "messages",
        pd.DataFrame(
            {"sent_at": [late, late], "sender_id": ["nurse", "worker"], "recipient_id": ["worker", "nurse"], "message_id": ["m1", "m2"]}
        ),
    )
    changed = BY_ID["hold_after_hours_email"].apply(Dataset(people=people, messages=messages), 100, settings).messages
    assert list(changed["sent_at"]) == [late, pd.Timestamp("2025-04-22 08:00", tz=TZ)]


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


@pytest.mark.slow
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
