"""Metrics on an organisation whose shape is known: the silo, the bridge, the people on the edge."""

from __future__ import annotations

import json

import network_org as org
import numpy as np
import pandas as pd
import pytest

from diagnostic.dataset import Dataset, conform
from diagnostic.indicators import BY_ID
from diagnostic.memo import memoising_off
from diagnostic.network import carry as nc
from diagnostic.network import map_frames, network_summary, team_matrix
from diagnostic.network import metrics as nm
from diagnostic.network import shares as ns
from diagnostic.network import teams as nt
from diagnostic.network import windows as nw
from diagnostic.network.graph import build_network

SUMMARY_KEYS = {
    "level",
    "nodes",
    "edges",
    "density",
    "reciprocity",
    "modularity",
    "communities",
    "cross_team_share",
    "isolates",
    "brokers",
    "teams",
}
TEAM_KEYS = {"team", "people", "internal_ties", "external_ties", "silo_index", "brokers", "partner_links"}


@pytest.fixture
def net(settings):
    return build_network(org.org(), settings)


def _record(records: list[dict], team: str) -> dict:
    return next(r for r in records if r["team"] == team)


def test_the_bridge_is_the_broker_and_the_only_bottleneck(net):
    assert set(nm.brokers(net)) == {org.pid("q0"), org.pid("a0"), org.pid("b0")}  # q0 and the two gateways it uses
    assert nm.betweenness(net).values.idxmax() == org.pid("q0")
    assert set(nm.bottlenecks(net)) == {org.pid("q0")}  # a0 strands only a5, whose team stays connected


def test_people_with_two_or_fewer_collaborators_are_on_the_edge(net):
    assert set(nw.isolated(net)) == {org.pid("a5"), org.pid("l0"), org.pid("l1")}
    assert len(nw.isolation_population(net)) == 25


def test_team_records_find_the_silo_and_the_bridge_team(net):
    records = nt.team_records(net)
    assert {r["team"] for r in records} == {"Assessment", "Child protection", "Disabled children", "Quality assurance"}  # Legal suppressed
    assert all(set(r) >= TEAM_KEYS for r in records)
    silo = min(records, key=lambda r: r["silo_index"])
    assert silo["team"] == "Disabled children"
    qa = _record(records, "Quality assurance")
    assert (qa["brokers"], qa["bottlenecks"]) == (1, 1)
    assert _record(records, "Disabled children")["brokers"] == 0
    assessment = _record(records, "Assessment")
    assert (assessment["people"], assessment["partner_links"], assessment["partner_agencies"], assessment["isolated"]) == (6, 5, 1, 1)
    assert _record(records, "Child protection")["internal_ties"] == 15  # six people, every pair


def test_cross_team_share_matches_the_hand_count(net):
    # inside teams: 22 + 30 + 30 + 20 + 2 (Legal) = 104; across: 20 + 12 + 2 + 2 + 2 = 38
    assert ns.cross_team_share(net) == pytest.approx(38 / 142)


def test_partner_share_counts_weight_reaching_other_agencies(net):
    # partners: five answered pairs (2 each) + one unanswered message = 11 of 153 total
    assert ns.partner_share(net) == pytest.approx(11 / 153)


def test_reciprocity_falls_when_messages_go_unanswered(settings):
    assert ns.reciprocity(build_network(org.org(), settings)) == 1.0
    extra = conform(
        "messages",
        pd.DataFrame(
            {
                "sent_at": [org.START] * 2,
                "sender_id": [org.pid("s1"), org.pid("s2")],
                "recipient_id": [org.pid("b3"), org.pid("b4")],
                "n_recipients": 1,
                "message_id": ["x1", "x2"],
            }
        ),
    )
    dataset = org.org()
    dataset = dataset.with_tables(messages=pd.concat([dataset.messages, extra], ignore_index=True))
    net = build_network(dataset, settings)
    dyads = len(ns.direct_dyads(net))
    assert ns.reciprocity(net) == pytest.approx((dyads - 2) / dyads)


def test_communities_separate_the_silo_and_modularity_is_clear(net):
    found = nm.communities(net)
    silo = found.membership.reindex(org.staff_of("Disabled children"))
    assert silo.nunique() == 1
    assert found.membership[org.pid("a1")] != silo.iloc[0]
    assert found.modularity > 0.3
    assert found.count(5) >= 3


def test_centralisation_of_a_star_is_one(settings):
    hub, spokes = "phub", [f"p{i}" for i in range(6)]
    messages = conform("messages", pd.DataFrame({"sender_id": [hub] * 6, "recipient_id": spokes, "n_recipients": 1, "message_id": spokes}))
    net = build_network(Dataset(messages=messages), settings)
    assert nm.betweenness_centralisation(net) == pytest.approx(1.0)


@pytest.fixture
def sampled(monkeypatch):
    """Betweenness estimated above 10 people from 8 starting points (the exact values worked out before are not carried over)."""
    monkeypatch.setattr(nm, "EXACT_BETWEENNESS_MAX", 10)
    monkeypatch.setattr(nm, "BETWEENNESS_SAMPLES", 8)


def test_betweenness_is_exact_up_to_the_size_limit(net):
    assert len(net.internal_ids) <= nm.EXACT_BETWEENNESS_MAX
    exact = nm.betweenness(net)
    assert not exact.sampled and exact.note == ""
    assert exact.values.to_numpy() == pytest.approx(net.internal_igraph.betweenness(directed=False))


def test_betweenness_is_sampled_above_the_size_limit_and_says_so(settings, sampled):
    dataset = org.org()
    net = build_network(dataset, settings)
    estimate = nm.betweenness(net)
    people = len(net.internal_ids)
    assert estimate.sampled and estimate.sources == 8
    assert estimate.values.idxmax() == org.pid("q0")
    note = f"Estimated from 8 sampled starting points ({people:,} people)."
    assert estimate.note == note
    assert BY_ID["betweenness_centralisation"].compute(dataset, settings).note == note
    summary = network_summary(dataset, settings)
    assert summary["betweenness_sampled"] and summary["betweenness_note"] == note


def test_sampled_starting_points_are_spread_over_the_teams():
    teams = pd.Series([f"team {i % 7}" for i in range(700)])  # teams interleaved, 100 people each
    drawn = nm._spread_sample(teams, 70)
    assert len(set(drawn)) == 70 and all(0 <= i < 700 for i in drawn)
    assert teams.iloc[drawn].value_counts().eq(10).all()  # each team gets its share, none by luck
    assert nm._spread_sample(teams, 70) == drawn  # seeded


def test_the_estimate_does_not_depend_on_the_order_of_the_rows(settings, sampled):
    """The same exports in another row order draw the same starting people, so give the same betweenness."""
    dataset = org.org()
    tables = {name: getattr(dataset, name) for name in ("messages", "attendance", "people") if dataset.has(name)}
    shuffled = dataset.with_tables(**{name: frame.sample(frac=1, random_state=7).reset_index(drop=True) for name, frame in tables.items()})
    before, after = build_network(dataset, settings), build_network(shuffled, settings)
    assert list(after.internal_ids) != list(before.internal_ids)  # the people come in another order
    assert nm.betweenness(after).values.sort_index().to_numpy() == pytest.approx(nm.betweenness(before).values.sort_index().to_numpy())


def test_managers_carry_most_of_the_flow(net):
    flow, people = nm.manager_flow_share(net)
    assert flow > 0.5
    assert people == pytest.approx(5 / 25)


def test_within_team_density_reads_each_team(net):
    density = nw.within_team_density(net).set_index("team")["value"]
    assert density["Child protection"] == pytest.approx(1.0)
    assert density["Assessment"] == pytest.approx(11 / 15)  # a5 knows only a0


def test_summary_has_the_contract_keys_and_no_person_ids(settings):
    dataset = org.org()
    for level, nodes in (("person", 31), ("team", 4), ("organisation", 5)):
        summary = network_summary(dataset, settings, level=level)
        assert set(summary) >= SUMMARY_KEYS
        assert summary["level"] == level
        assert summary["nodes"] == nodes
        text = json.dumps(summary)
        for pid in org.all_ids():
            assert pid not in text
        assert "Fictional Person" not in text
    summary = network_summary(dataset, settings, level="team")
    assert (summary["brokers"], summary["isolates"], summary["bottlenecks"]) == (3, 3, 1)  # q0, and a0 and b0 who meet q0
    assert summary["brokers_by_team"]["Quality assurance"] == 1
    assert isinstance(summary["brokers"], int)


def test_summary_without_a_roster_still_measures_structure(settings):
    summary = network_summary(org.org(with_roster=False), settings, level="team")
    assert summary["cross_team_share"] is None
    assert summary["brokers"] == 0  # nobody links two teams when no one has a team
    assert summary["reciprocity"] == 1.0
    assert [t["team"] for t in summary["teams"]] == ["Unknown team"]
    assert summary["teams"][0]["silo_index"] is None


def test_unknown_level_is_refused(settings):
    with pytest.raises(ValueError, match="level"):
        network_summary(org.org(), settings, level="galaxy")


def test_person_map_frames_are_anonymous_and_filterable(settings):
    dataset = org.org()
    nodes, edges = map_frames(dataset, settings, "person")
    assert nodes["node"].tolist() == [f"Person {i}" for i in range(1, 32)]
    blob = nodes.to_json() + edges.to_json()
    for pid in org.all_ids():
        assert pid not in blob
    assert "Team manager" not in set(nodes["role"])  # one per team: hidden
    assert "Social worker" in set(nodes["role"])
    assert nodes[["x", "y"]].abs().max().max() <= 1.0
    strong, _ = map_frames(dataset, settings, "person", min_weight=3)
    _, strong_edges = map_frames(dataset, settings, "person", min_weight=3)
    assert (strong_edges["weight"] >= 3).all() and len(strong_edges) < len(edges)
    assert strong.set_index("node")[["x", "y"]].equals(nodes.set_index("node")[["x", "y"]])  # filtering never moves a point
    none, no_edges = map_frames(dataset, settings, "person", kinds=["meeting"])
    assert no_edges.empty and len(none) == 31


def test_team_and_organisation_frames(settings):
    dataset = org.org()
    nodes, edges = map_frames(dataset, settings, "team")
    assert set(nodes["node"]) == {"Assessment", "Child protection", "Disabled children", "Quality assurance"}
    silo = nodes.set_index("node").loc["Disabled children"]
    assert (silo["degree"], silo["people"], silo["internal_weight"]) == (1, 6, 30.0)
    assert edges["cross_team"].all()
    org_nodes, org_edges = map_frames(dataset, settings, "organisation")
    assert "Health" in set(org_nodes["node"])
    assert org_nodes.set_index("node").loc["Health", "role"] == "Partner agency"
    assert "Police" not in set(org_nodes["node"])  # one person: too small to show


def test_team_matrix_is_symmetric_with_inside_ties_on_the_diagonal(settings):
    matrix = team_matrix(org.org(), settings)
    assert list(matrix.index) == ["Assessment", "Child protection", "Disabled children", "Quality assurance"]
    assert (matrix.to_numpy() == matrix.to_numpy().T).all()
    assert matrix.loc["Disabled children", "Disabled children"] == 30.0
    assert matrix.loc["Disabled children", "Assessment"] == 0.0
    assert matrix.loc["Assessment", "Child protection"] == 20.0
    wide = team_matrix(org.org(), settings, level="organisation")
    assert wide.loc["Assessment", "Health"] == 10.0


def test_empty_dataset_gives_an_empty_honest_summary(settings):
    summary = network_summary(Dataset(), settings)
    assert (summary["nodes"], summary["edges"], summary["brokers"], summary["teams"]) == (0, 0, 0, [])
    assert summary["density"] is None and summary["modularity"] is None


def _bottlenecks_by_removal(net) -> set[str]:
    """The definition, checked the slow way: remove each cut vertex and look for teams cut apart."""
    g = net.internal_igraph
    groups = net.groups.reindex(g.vs["name"]).tolist()
    found = set()
    for v in g.articulation_points():
        rest = g.copy()
        rest.delete_vertices([v])
        pieces = rest.connected_components().membership
        others = [(p, grp) for p, grp in zip(pieces, groups[:v] + groups[v + 1 :]) if isinstance(grp, str)]
        where: dict[str, set[int]] = {}
        for p, grp in others:
            where.setdefault(grp, set()).add(p)
        sets = list(where.values())
        if any(not (a & b) for i, a in enumerate(sets) for b in sets[i + 1 :]):
            found.add(g.vs[v]["name"])
    return found


def _chain_of_teams(seed: int, n: int = 80) -> Dataset:
    """Teams of eight, each joined to earlier ones by one or two people: plenty of cut vertices."""
    rng = np.random.default_rng(seed)
    people = [f"p{i:02d}" for i in range(n)]
    senders, recipients = [], []
    for i in range(1, n):
        start = i - i % 8
        for _ in range(1 if rng.random() < 0.7 else 2):
            j = int(rng.integers(start, i)) if i > start and rng.random() < 0.95 else int(rng.integers(0, i))
            senders.append(people[i])
            recipients.append(people[j])
    roster = conform(
        "people", pd.DataFrame({"person_id": people, "team": [f"Team {i // 8}" for i in range(n)], "organisation": "internal"})
    )
    ids = [str(k) for k in range(len(senders))]
    messages = conform("messages", pd.DataFrame({"sender_id": senders, "recipient_id": recipients, "n_recipients": 1, "message_id": ids}))
    return Dataset(people=roster, messages=messages)


@pytest.mark.parametrize("seed", range(6))
def test_bottlenecks_match_removing_each_cut_vertex(settings, seed):
    net = build_network(_chain_of_teams(seed), settings)
    expected = _bottlenecks_by_removal(net)
    assert expected  # the chain always has some
    assert set(nm.bottlenecks(net)) == expected


def _later(dataset: Dataset, hours: int) -> Dataset:
    """The same mail sent ``hours`` later: every tie kept, only the times (and so the windows) move."""
    messages = dataset.messages.assign(sent_at=dataset.messages["sent_at"] + pd.Timedelta(hours=hours))
    return dataset.with_tables(messages=messages)


def test_measures_of_who_is_tied_to_whom_are_carried_over_when_no_tie_changes(settings):
    dataset = org.org()
    before = build_network(dataset, settings)
    after = build_network(_later(dataset, 3), settings)
    assert after is not before
    assert nm.betweenness(after) is nm.betweenness(before)
    assert nm.brokers(after) is nm.brokers(before)
    assert nm.bottlenecks(after) is nm.bottlenecks(before)


def test_they_are_worked_out_again_when_a_tie_goes(settings):
    dataset = org.org()
    before = build_network(dataset, settings)
    bridge = {org.pid("q0"), org.pid("s0")}
    m = dataset.messages
    kept = m[~(m["sender_id"].isin(bridge) & m["recipient_id"].isin(bridge))]
    after = build_network(dataset.with_tables(messages=kept), settings)
    assert nc.tie_structure(after) != nc.tie_structure(before)
    assert nm.betweenness(after) is not nm.betweenness(before)
    assert nm.betweenness(after).values[org.pid("s1")] > nm.betweenness(before).values[org.pid("s1")]  # s0 now goes round by s1


def test_a_change_of_team_is_a_change_of_structure_with_new_people_and_groups(settings):
    dataset = org.org()
    people = dataset.people.copy()
    people.loc[people["person_id"] == org.pid("q1"), "team"] = "Assessment"
    before = build_network(dataset, settings)
    after = build_network(dataset.with_tables(people=people), settings)
    assert nc.tie_structure(after) != nc.tie_structure(before)
    assert after.people is not before.people
    assert after.groups[org.pid("q1")] != before.groups[org.pid("q1")]


def test_networks_of_the_same_people_share_their_people_and_groups(settings):
    """Moving mail keeps everyone in the network: the people frame and the groups are the baseline's own."""
    dataset = org.org()
    before = build_network(dataset, settings)
    after = build_network(_later(dataset, 3), settings)
    assert after.people is before.people
    assert after.groups is before.groups


def _copied(dataset: Dataset) -> Dataset:
    """Every message sent as a copy (cc): the same rows, only their weights change."""
    return dataset.with_tables(messages=dataset.messages.assign(recipient_type="cc"))


def test_measures_of_who_met_whom_in_each_window_are_carried_over_when_only_weights_change(settings):
    dataset = org.org()
    before = build_network(dataset, settings)
    after = build_network(_copied(dataset), settings)
    assert not after.edges["weight"].equals(before.edges["weight"])  # the change is real
    assert nc.window_structure(after) == nc.window_structure(before)
    assert nw.collaborators_per_window(after) is nw.collaborators_per_window(before)
    assert ns.direct_dyads(after) is ns.direct_dyads(before)
    assert nw.within_team_density(after) is nw.within_team_density(before)


def test_they_are_worked_out_again_when_mail_moves_to_another_window(settings):
    dataset = org.org()
    m = dataset.messages
    moved = m["sender_id"] == m["sender_id"].iloc[0]
    later = dataset.with_tables(messages=m.assign(sent_at=m["sent_at"].where(~moved, m["sent_at"] + pd.Timedelta(days=28))))
    before, after = build_network(dataset, settings), build_network(later, settings)
    assert nc.window_structure(after) != nc.window_structure(before)
    assert nw.collaborators_per_window(after) is not nw.collaborators_per_window(before)
    with memoising_off():
        assert nw.collaborators_per_window(after).equals(nw.collaborators_per_window(build_network(later, settings)))


def test_window_pairs_are_each_tied_pair_once_a_window(net):
    """However many kinds, directions and rows tie two people in a window, they are one pair there."""
    source, target = net.ends
    expected = pd.DataFrame(
        {"low": np.minimum(source, target), "high": np.maximum(source, target), "window": net.edges["block"].to_numpy()}
    ).drop_duplicates()
    low, high, window, windows = nw.window_pairs(net)
    found = pd.DataFrame({"low": low, "high": high, "window": window})
    assert len(found) < len(net.edges)  # the fixture ties some pairs more than once
    assert sorted(map(tuple, found.to_numpy())) == sorted(map(tuple, expected.to_numpy()))
    assert windows == int(net.edges["block"].max()) + 1


def test_who_wrote_back_is_carried_over_while_the_email_and_the_people_stay_the_same(settings):
    """A lever that changes meetings alone reuses the email dyads, found by the email edges themselves."""
    dataset = org.org()
    meetings = conform(
        "meetings",
        pd.DataFrame(
            {
                "meeting_id": ["m"],
                "start": [pd.Timestamp("2025-03-03 10:00", tz="UTC")],
                "end": [pd.Timestamp("2025-03-03 11:00", tz="UTC")],
            }
        ),
    )
    attendance = conform(
        "attendance", pd.DataFrame({"meeting_id": ["m", "m"], "person_id": dataset.messages["sender_id"].iloc[:2].tolist()})
    )
    base = dataset.with_tables(meetings=meetings, attendance=attendance)
    dyads = ns.direct_dyads(build_network(base, settings))
    fewer = base.with_tables(attendance=attendance.iloc[:1].copy())
    assert ns.direct_dyads(build_network(fewer, settings)) is dyads
    copied = base.with_tables(messages=base.messages.copy())  # new email edges, the same ties in the same windows
    assert ns.direct_dyads(build_network(copied, settings)) is dyads
