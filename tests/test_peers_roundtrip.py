"""Packs from generated organisations, end to end: exports -> scorecard -> pack -> read -> compare.

Six organisations of different sizes and leanings are generated in the real export formats and
loaded as a council's files would be. The one that leans towards concrete teams must sit on the
concrete side of the others' median on the indicators its teams' habits make concrete, and no
pack may carry anything that names or could single out a person or a team.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from peer_packs import as_bytes_for

from diagnostic.ingest import load_bytes
from diagnostic.peers.compare import compare
from diagnostic.peers.generated import PLAN, SALT, Peer, peer_pack
from diagnostic.peers.pack import NOT_ABOUT_PEOPLE, pack_for, pack_json
from diagnostic.peers.reading import check_packs
from diagnostic.samples import build_files
from diagnostic.samples.habits import BALANCED, COMPOST, CONCRETE
from diagnostic.scorecard import build_scorecard
from diagnostic.settings import Settings
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow  # six organisations generated and loaded

EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
SUBJECT = Peer(140, 4, CONCRETE)
OTHERS = (Peer(120, 4, COMPOST), Peer(160, 4, COMPOST), Peer(130, 4, BALANCED), Peer(180, 4, BALANCED), Peer(110, 4, CONCRETE))
# What the concrete teams' habits (habits.py) make concrete: big, long, recurring meetings booked
# back to back, copying everyone in and writing late, audits of compliance done without the
# practitioner or the family.
HABIT_DRIVEN = (
    "large_meeting_share",
    "long_meeting_share",
    "back_to_back_share",
    "after_hours_email_share",
    "mean_recipients_per_message",
    "practice_focus_share",
    "practitioner_involved_rate",
    "family_involved_rate",
)


def _organisation(peer: Peer, seed: int) -> tuple[pd.DataFrame, dict]:
    """(the people table with display names kept, the pack): names are kept only to prove the pack has none."""
    settings = Settings(salt=SALT, show_names=True)
    dataset, results = load_bytes(sorted(build_files(peer.people, peer.weeks, seed, peer.leaning).items()), settings)
    return dataset.people, pack_for(dataset, results, build_scorecard(dataset, settings), settings)


@pytest.fixture(scope="module")
def organisations() -> list[tuple[pd.DataFrame, dict]]:
    return [_organisation(peer, seed) for seed, peer in enumerate((SUBJECT, *OTHERS), start=11)]


def test_a_concrete_organisation_sits_below_the_median_on_what_its_habits_make_concrete(organisations):
    (_, ours), *others = organisations
    peers = check_packs([(f"peer-{i}.json", as_bytes_for(p)) for i, (_, p) in enumerate(others)])
    assert peers.left_out == () and len(peers.packs) == 5
    result = compare(ours, peers)
    rows = {i["id"]: i for i in result["indicators"]}
    assert {i: rows[i]["side_of_median"] for i in HABIT_DRIVEN} == dict.fromkeys(HABIT_DRIVEN, "concrete")
    assert all(rows[i]["shown"] and rows[i]["peers"] == 5 for i in HABIT_DRIVEN)
    assert result["index"]["shown"] and result["index"]["ours"] < result["index"]["median"]


def test_no_pack_carries_a_name_an_address_a_team_a_pseudonym_or_a_small_group_figure(organisations):
    for people, pack in organisations:
        text = pack_json(pack)
        names = {n for n in people["display_name"].dropna() if len(str(n).split()) >= 2}
        teams = {t for t in people["team"].dropna() if len(str(t)) >= 4}
        pseudonyms = set(people["person_id"].dropna())
        assert names and teams and pseudonyms
        assert not EMAIL.search(text)
        assert [n for n in names if n in text] == []
        assert [t for t in teams if t in text] == []
        assert [p for p in pseudonyms if p in text] == []
        floor = pack["settings"]["min_group_size"]
        assert all(i["n"] >= floor or i["n_unit"] in NOT_ABOUT_PEOPLE for i in pack["indicators"])
        assert pack["size"].endswith("staff")


def test_the_committed_peers_are_what_the_sample_command_writes():
    """After a change to the sample organisation or the scorecard: python -m diagnostic sample --packs 8 --out data/samples/peers."""
    committed = sorted((SAMPLES / "peers").glob("*.json"))
    assert len(committed) == len(PLAN)
    assert committed[0].read_text(encoding="utf-8") == pack_json(peer_pack(PLAN[0], 7, "Fictional council A"))
