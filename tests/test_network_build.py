"""The edge frame: email weights, meeting co-attendance with the size cap, Viva ties, people and groups."""

from __future__ import annotations

import dataclasses

import network_org as org
import numpy as np
import pandas as pd
import pytest
from network_helpers import email_edges, meeting_edges, network_by_name

from diagnostic.dataset import Dataset, conform
from diagnostic.network.build import UNKNOWN_TEAM, build_edges, kind_bits, people_frame, tie_edges
from diagnostic.network.graph import OTHER_TEAMS, build_network, network_for, shown_groups

T0 = pd.Timestamp("2025-03-03 10:00", tz="Europe/London")


def _messages(rows: list[dict]) -> pd.DataFrame:
    return conform("messages", pd.DataFrame(rows))


def _edge(frame: pd.DataFrame, source: str, target: str) -> pd.Series:
    return frame[(frame["source"] == source) & (frame["target"] == target)].iloc[0]


def test_email_counts_one_per_message_per_recipient_and_keeps_direction():
    frame = email_edges(
        _messages(
            [
                {"sent_at": T0, "sender_id": "pa", "recipient_id": "pb", "recipient_type": "to", "n_recipients": 1, "message_id": "1"},
                {"sent_at": T0, "sender_id": "pa", "recipient_id": "pb", "recipient_type": "to", "n_recipients": 1, "message_id": "2"},
                {"sent_at": T0, "sender_id": "pb", "recipient_id": "pa", "recipient_type": "to", "n_recipients": 1, "message_id": "3"},
            ]
        ),
        origin=None,
    )
    ab, ba = _edge(frame, "pa", "pb"), _edge(frame, "pb", "pa")
    assert (ab["weight"], ab["count"], ab["direct_count"]) == (2.0, 2, 2)
    assert (ba["weight"], ba["count"]) == (1.0, 1)
    assert set(frame["kind"]) == {"email"}


def test_copies_count_half_and_bulk_mail_one_over_n():
    bulk = [
        {"sent_at": T0, "sender_id": "pa", "recipient_id": f"r{i}", "recipient_type": "to", "n_recipients": 20, "message_id": "b"}
        for i in range(20)
    ]
    copy = [{"sent_at": T0, "sender_id": "pa", "recipient_id": "pc", "recipient_type": "CC", "n_recipients": 2, "message_id": "c"}]
    frame = email_edges(_messages(bulk + copy), origin=None)
    assert _edge(frame, "pa", "r3")["weight"] == pytest.approx(1 / 20)
    assert _edge(frame, "pa", "r3")["direct_count"] == 0  # a bulk mail is not a direct message
    assert _edge(frame, "pa", "pc")["weight"] == pytest.approx(0.5)


def test_missing_recipient_count_is_taken_from_the_message_and_self_mail_dropped():
    rows = [{"sent_at": T0, "sender_id": "pa", "recipient_id": f"r{i}", "message_id": "m"} for i in range(12)]
    rows.append({"sent_at": T0, "sender_id": "pa", "recipient_id": "pa", "message_id": "n"})
    frame = email_edges(_messages(rows), origin=None)
    assert len(frame) == 12
    assert frame["weight"].tolist() == pytest.approx([1 / 12] * 12)


def test_meeting_pairs_share_hours_divided_by_attendees_minus_one():
    meetings = conform("meetings", pd.DataFrame({"meeting_id": ["m1"], "start": [T0], "end": [T0 + pd.Timedelta(hours=2)]}))
    attendance = conform(
        "attendance", pd.DataFrame({"meeting_id": ["m1"] * 3, "person_id": ["pa", "pb", "pc"], "attended": [True, True, True]})
    )
    frame, stats = meeting_edges(attendance, meetings, cap=60, origin=None)
    assert len(frame) == 3
    assert frame["weight"].tolist() == pytest.approx([1.0, 1.0, 1.0])  # 2 hours / (3 - 1)
    assert (frame["source"] < frame["target"]).all()
    assert stats["broadcast_meetings"] == 0


def test_own_minutes_and_declines_shape_meeting_ties():
    meetings = conform("meetings", pd.DataFrame({"meeting_id": ["m1"], "start": [T0], "end": [T0 + pd.Timedelta(hours=1)]}))
    attendance = conform(
        "attendance",
        pd.DataFrame(
            {"meeting_id": ["m1"] * 3, "person_id": ["pa", "pb", "pc"], "attended": [True, True, False], "minutes": [60, 30, None]}
        ),
    )
    frame, _ = meeting_edges(attendance, meetings, cap=60, origin=None)
    assert len(frame) == 1  # pc declined
    assert frame.iloc[0]["weight"] == pytest.approx(0.5)  # shared half an hour, two people


def test_meetings_over_the_size_cap_make_no_pairs_and_are_counted():
    big = [f"p{i:03d}" for i in range(200)]
    meetings = conform(
        "meetings",
        pd.DataFrame({"meeting_id": ["all", "small"], "start": [T0, T0], "end": [T0 + pd.Timedelta(hours=1)] * 2}),
    )
    attendance = conform(
        "attendance",
        pd.DataFrame({"meeting_id": ["all"] * 200 + ["small"] * 2, "person_id": big + ["p000", "p001"]}),
    )
    frame, stats = meeting_edges(attendance, meetings, cap=60, origin=None)
    assert len(frame) == 1  # not 19,900 pairs from the all-staff call
    assert stats["broadcast_meetings"] == 1
    assert stats["meetings_used"] == 1


def _meeting_edges_by_join(attendance: pd.DataFrame, meetings: pd.DataFrame, cap: int) -> tuple[pd.DataFrame, dict[str, int]]:
    """The co-attendance rules written out as a table self-join: what ``meeting_edges`` must give."""
    a = attendance.dropna(subset=["meeting_id", "person_id"])
    a = a[a["attended"].fillna(True).astype(bool)].drop_duplicates(["meeting_id", "person_id"])
    m = meetings.drop_duplicates("meeting_id")
    length = ((m["end"] - m["start"]).dt.total_seconds() / 3600.0).where(lambda h: h > 0)
    a = a.merge(pd.DataFrame({"meeting_id": m["meeting_id"], "length_h": length.astype(float), "all_day": m["all_day"]}), how="left")
    a = a[~a["all_day"].fillna(False).astype(bool)]
    a = a.assign(hours=(a["minutes"].astype("Float64") / 60.0).fillna(a["length_h"]).to_numpy(dtype=float, na_value=np.nan))
    a = a.assign(size=a.groupby("meeting_id")["person_id"].transform("size"))
    broadcast = set(a.loc[a["size"] > cap, "meeting_id"])
    stats = {
        "meetings_used": a["meeting_id"].nunique() - len(broadcast),
        "broadcast_meetings": len(broadcast),
        "meetings_without_length": len(set(a.loc[a["hours"].isna(), "meeting_id"]) - broadcast),
    }
    a = a[(a["size"] > 1) & (a["size"] <= cap) & a["hours"].notna()]
    pairs = a.merge(a[["meeting_id", "person_id", "hours"]], on="meeting_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs["person_id_a"] < pairs["person_id_b"]]
    frame = pd.DataFrame(
        {
            "source": pairs["person_id_a"],
            "target": pairs["person_id_b"],
            "weight": np.minimum(pairs["hours_a"], pairs["hours_b"]) / (pairs["size"] - 1),
            "count": 1,
        }
    )
    return frame.groupby(["source", "target"], as_index=False).sum(), stats  # one row per pair, in id order


@pytest.mark.parametrize("seed", range(5))
def test_meeting_pairs_match_a_plain_self_join(seed):
    """Declines, repeated rows, all-day entries, missing lengths and broadcasts, drawn at random."""
    rng = np.random.default_rng(seed)
    starts = T0 + pd.to_timedelta(rng.integers(0, 5, 30), unit="D")
    meetings = conform(
        "meetings",
        pd.DataFrame(
            {
                "meeting_id": [f"m{i}" for i in range(30)],
                "start": starts,
                "end": starts + pd.to_timedelta(rng.choice([-30, 0, 30, 60, 90], 30), unit="min"),
                "all_day": rng.random(30) < 0.1,
            }
        ),
    )
    rows = 400
    attendance = conform(
        "attendance",
        pd.DataFrame(
            {
                "meeting_id": [f"m{i}" for i in rng.integers(0, 34, rows)],  # m30-m33 have no meeting row
                "person_id": [f"p{i:02d}" for i in rng.integers(0, 40, rows)],
                "attended": pd.array(rng.choice([True, False, None], rows, p=[0.7, 0.1, 0.2]), dtype="boolean"),
                "minutes": pd.array(np.where(rng.random(rows) < 0.5, rng.integers(5, 90, rows), np.nan), dtype="Float64"),
            }
        ),
    )
    frame, stats = meeting_edges(attendance, meetings, cap=12, origin=None)
    expected, expected_stats = _meeting_edges_by_join(attendance, meetings, cap=12)
    assert stats == expected_stats
    assert stats["broadcast_meetings"] and stats["meetings_without_length"]  # the draw covers both
    assert frame["source"].tolist() == expected["source"].tolist()  # same pairs, in id order whatever the row order
    assert frame["target"].tolist() == expected["target"].tolist()
    assert frame["weight"].to_numpy() == pytest.approx(expected["weight"].to_numpy())
    assert frame["count"].tolist() == expected["count"].tolist()
    # The rows' order changes nothing (repeated rows aside: the first one's minutes count).
    once = attendance.drop_duplicates(["meeting_id", "person_id"])
    shuffled = once.sample(frac=1, random_state=seed).reset_index(drop=True)
    pd.testing.assert_frame_equal(meeting_edges(shuffled, meetings, 12, None)[0], meeting_edges(once, meetings, 12, None)[0])


def test_meetings_without_any_length_are_counted_not_guessed():
    attendance = conform("attendance", pd.DataFrame({"meeting_id": ["m1", "m1"], "person_id": ["pa", "pb"]}))
    frame, stats = meeting_edges(attendance, None, cap=60, origin=None)
    assert frame.empty
    assert stats["meetings_without_length"] == 1


def test_viva_ties_given_both_ways_count_once_and_keep_their_kind():
    ties = conform(
        "ties",
        pd.DataFrame(
            {
                "person_a": ["pa", "pb", "pa"],
                "person_b": ["pb", "pa", "pc"],
                "weight": [3.0, 3.0, 1.0],
                "kind": [None, None, "chat"],
                "period": [T0, T0, T0],
            }
        ),
    )
    frame = tie_edges(ties, origin=None, skip_kinds=set())
    ab = _edge(frame, "pa", "pb")
    assert ab["weight"] == 3.0
    assert ab["kind"] == "collaboration"
    assert _edge(frame, "pa", "pc")["kind"] == "chat"


def test_aggregate_email_ties_are_skipped_when_the_trace_is_loaded(settings):
    messages = _messages([{"sent_at": T0, "sender_id": "pa", "recipient_id": "pb", "n_recipients": 1, "message_id": "1"}])
    ties = conform("ties", pd.DataFrame({"person_a": ["pa"], "person_b": ["pb"], "weight": [9.0], "kind": ["email"], "period": [T0]}))
    edges = build_edges(Dataset(messages=messages, ties=ties), settings)
    assert edges.frame["weight"].sum() == 1.0


def test_ties_fall_into_four_week_windows(settings):
    rows = [
        {"sent_at": T0, "sender_id": "pa", "recipient_id": "pb", "message_id": "1"},
        {"sent_at": T0 + pd.Timedelta(days=29), "sender_id": "pa", "recipient_id": "pb", "message_id": "2"},
    ]
    edges = build_edges(Dataset(messages=_messages(rows)), settings)
    assert sorted(edges.frame["block"]) == [0, 1]


def test_people_get_teams_agencies_or_the_unknown_team(settings):
    dataset = org.org()
    edges = build_edges(dataset, settings).frame
    people = people_frame(dataset, settings, edges)
    assert people.loc[org.pid("s3"), "team"] == "Disabled children"
    assert people.loc[org.pid("h0"), "team"] == "Health"
    assert not people.loc[org.pid("h0"), "internal"]
    stranger = _messages([{"sent_at": T0, "sender_id": org.pid("a1"), "recipient_id": "pnobody", "message_id": "x"}])
    extra = people_frame(
        dataset.with_tables(messages=stranger), settings, build_edges(dataset.with_tables(messages=stranger), settings).frame
    )
    assert extra.loc["pnobody", "team"] == UNKNOWN_TEAM
    assert extra.loc["pnobody", "internal"]


def test_small_teams_are_merged_then_suppressed():
    people = pd.DataFrame(
        {
            "team": ["Big"] * 5 + ["Tiny"] * 2 + ["Small"] * 3 + ["Lone"],
            "internal": [True] * 11,
        },
        index=[f"p{i}" for i in range(11)],
    )
    groups = shown_groups(people, 5)
    assert groups["p0"] == "Big"
    assert groups["p5"] == OTHER_TEAMS  # Tiny + Small + Lone = 6 people, enough to show merged
    assert shown_groups(people.iloc[:8], 5)["p5"] is None  # Tiny + 1 of Small = 3: too few even merged


def test_pairs_sum_every_kind_into_one_row_with_the_kinds_named(settings):
    messages = _messages([{"sent_at": T0, "sender_id": "pb", "recipient_id": "pa", "n_recipients": 1, "message_id": "1"}])
    meetings = conform("meetings", pd.DataFrame({"meeting_id": ["m"], "start": [T0], "end": [T0 + pd.Timedelta(hours=1)]}))
    attendance = conform("attendance", pd.DataFrame({"meeting_id": ["m", "m"], "person_id": ["pa", "pb"]}))
    net = build_network(Dataset(messages=messages, meetings=meetings, attendance=attendance), settings)
    pairs = net.pairs()
    assert len(pairs) == 1
    assert pairs.iloc[0]["weight"] == pytest.approx(2.0)
    assert pairs.iloc[0]["kinds"] == "email, meeting"
    assert len(net.pairs(["meeting"])) == 1
    assert net.graph.number_of_edges() == 1


def test_each_source_gives_its_rows_kind_bits(settings):
    """The kinds come with the rows from each source, and say what the kind column says."""
    dataset = org.org()
    ties = conform(
        "ties", pd.DataFrame({"person_a": ["pa", "pa"], "person_b": ["pb", "pc"], "kind": ["chat", "teams"], "period": [T0, T0]})
    )
    edges = build_edges(dataset.with_tables(ties=ties), settings)
    assert {"email", "chat", "collaboration"} <= set(edges.frame["kind"])
    assert edges.bits.tolist() == kind_bits(edges.frame["kind"]).tolist()


def test_network_is_built_once_per_dataset_and_settings(settings):
    dataset = org.org()
    assert network_for(dataset, settings) is network_for(dataset, settings)
    assert network_for(org.org(), settings) is not network_for(dataset, settings)
    assert network_for(dataset, dataclasses.replace(settings, min_group_size=6)) is not network_for(dataset, settings)


def test_a_source_left_alone_is_not_rebuilt(settings, monkeypatch):
    """A scenario that changes meetings rebuilds the meeting ties and reuses the email ties as they were."""
    import diagnostic.network.build as build

    dataset = org.org()
    build_edges(dataset, settings)
    calls = []
    email_part, meeting_part = build.email_part, build.meeting_part
    monkeypatch.setattr(build, "email_part", lambda *a: calls.append("email") or email_part(*a))
    monkeypatch.setattr(build, "meeting_part", lambda *a: calls.append("meeting") or meeting_part(*a))
    build_edges(dataset, settings)
    assert calls == []
    if dataset.has("attendance"):
        build_edges(dataset.with_tables(attendance=dataset.attendance.copy()), settings)
        assert calls == ["meeting"]
    build_edges(dataset.with_tables(messages=dataset.messages.copy()), settings)
    assert calls[-1] == "email"


def test_edge_codes_name_the_same_people_as_the_edge_frame(settings):
    """The network reads each edge's ends from integer codes; they must point at the names in the frame."""
    dataset = org.org()
    edges = build_edges(dataset, settings)
    assert edges.ids[edges.source].tolist() == edges.frame["source"].tolist()
    assert edges.ids[edges.target].tolist() == edges.frame["target"].tolist()
    assert edges.first_seen().tolist() == pd.unique(pd.concat([edges.frame["source"], edges.frame["target"]])).tolist()
    net = network_for(dataset, settings)
    by_name = network_by_name(net.edges, net.people, net.min_group_size)
    assert all((a == b).all() for a, b in zip(net.ends, by_name.ends))


def test_window_numbers_count_whole_four_weeks_from_the_first_instant():
    """Window 1 starts exactly 28 days after the origin, in any zone; undated and earlier rows fall in window 0."""
    from diagnostic.network.build import _blocks

    origin = pd.Timestamp("2025-01-06 09:00", tz="UTC")
    local = pd.to_datetime(["2025-01-06 09:00", "2025-02-03 08:59", "2025-02-03 09:00", None, "2024-12-01 00:00", "2025-06-01 10:00"])
    zoned = pd.Series(local).dt.tz_localize("Europe/London")
    assert _blocks(zoned, origin).tolist() == [0, 0, 1, 0, 0, 5]
    assert _blocks(zoned.dt.tz_convert("UTC").astype("datetime64[ns, UTC]"), origin).tolist() == [0, 0, 1, 0, 0, 5]
    assert _blocks(pd.Series(["2025-02-03T09:00:00Z", None]), origin).tolist() == [1, 0]
