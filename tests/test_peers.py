"""Benchmark packs: what a pack carries, how untrusted packs are read, and how peers are compared."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from peer_packs import SPAN, card, pack

from diagnostic.errors import InputError
from diagnostic.indicators import DOMAINS, REGISTRY, Measurement
from diagnostic.ingest import iter_paths
from diagnostic.peers.compare import MIN_PEERS, compare, quartiles, working_days
from diagnostic.peers.marker import looks_like_pack
from diagnostic.peers.pack import (
    LABEL_MAX,
    LABEL_PATTERN,
    PACK_VERSION,
    SCHEMA_PATH,
    SIZE_BANDS,
    SIZE_NOT_KNOWN,
    build_pack,
    clean_label,
    definition_version,
    pack_json,
    reduce,
    rounded_n,
    size_band,
    tool_version,
)
from diagnostic.peers.reading import MAX_PACK_BYTES, PackError, check_packs, read_pack
from diagnostic.settings import Settings
from diagnostic.workshop import peer_findings

SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def as_bytes(p: dict) -> bytes:
    return pack_json(p).encode("utf-8")


def peers_of(*packs: dict):
    return check_packs([(f"peer-{i:02d}.json", as_bytes(p)) for i, p in enumerate(packs, start=1)])


# -- what a pack carries -------------------------------------------------------------------------


def test_a_pack_follows_its_schema_and_reads_back():
    p = pack(0.4, label="Northbridge")
    Draft202012Validator(SCHEMA).validate(p)
    assert read_pack("ours.json", as_bytes(p)).data == p
    assert p["version"] == PACK_VERSION and p["tool_version"] == tool_version()
    assert p["size"] == "100–249 staff" and p["period"] == {"from": "2025-01", "to": "2025-03"}
    assert {i["id"] for i in p["indicators"]} == {i.id for i in REGISTRY}


def test_the_schema_and_the_writer_agree_on_labels_sizes_and_domains():
    fields = SCHEMA["properties"]
    assert fields["label"]["pattern"] == LABEL_PATTERN and fields["label"]["maxLength"] == LABEL_MAX
    assert fields["size"]["enum"] == [label for _, label in SIZE_BANDS] + [SIZE_NOT_KNOWN]
    assert fields["domains"]["items"]["properties"]["id"]["enum"] == list(DOMAINS)
    assert fields["version"]["const"] == PACK_VERSION


def test_the_same_scorecard_gives_the_same_bytes():
    assert as_bytes(pack(0.4)) == as_bytes(pack(0.4))


@pytest.mark.parametrize(
    "staff, band",
    [
        (None, "size not known"),
        (0, "size not known"),
        (99, "fewer than 100 staff"),
        (100, "100–249 staff"),
        (249, "100–249 staff"),
        (2500, "2,500 staff or more"),
    ],
)
def test_size_is_shared_as_a_band(staff, band):
    assert size_band(staff) == band


@pytest.mark.parametrize("n, shared", [(5, 5), (99, 99), (151, 150), (1988, 1900), (43_051, 43_000)])
def test_n_is_rounded_down_to_two_significant_figures(n, shared):
    assert rounded_n(n) == shared


def test_figures_on_too_few_records_are_left_out_and_domains_rolled_up_without_them():
    few = {"cc_share": Measurement(20.0, n=4, coverage=1.0), "upward_email_share": Measurement(20.0, n=3, coverage=1.0)}
    settings = Settings()
    full = card(0.5, measurements=few)
    p = build_pack(full, 200, SPAN, settings)
    ids = {i["id"] for i in p["indicators"]}
    assert "cc_share" not in ids and "upward_email_share" not in ids
    reduced = reduce(full, settings)
    assert reduced.domain("email").computed == full.domain("email").computed - 2
    assert next(d for d in p["domains"] if d["id"] == "email")["score"] == round(reduced.domain("email").score, 1)


def test_a_figure_about_a_few_documents_travels_because_it_counts_no_people():
    letters = Measurement(12.0, n=2, n_unit="documents", coverage=1.0)
    p = build_pack(card(0.5, measurements={"acronyms_per_1000_words": letters}), 200, SPAN, Settings())
    shared = next(i for i in p["indicators"] if i["id"] == "acronyms_per_1000_words")
    assert (shared["n"], shared["n_unit"]) == (2, "documents")
    assert read_pack("ours.json", as_bytes(p)).data == p


def test_a_pack_never_goes_below_five_even_when_the_local_floor_is_three():
    settings = Settings(min_group_size=3)
    p = build_pack(card(0.5, measurements={"cc_share": Measurement(20.0, n=4, coverage=1.0)}), 200, SPAN, settings)
    assert p["settings"]["min_group_size"] == 5
    assert "cc_share" not in {i["id"] for i in p["indicators"]}


@pytest.mark.parametrize("label", ["Northbridge", "St Aidan's & Co. (north)", "  Two   spaces  "])
def test_plain_labels_are_kept(label):
    assert clean_label(label) == " ".join(label.split())


@pytest.mark.parametrize("label", ["ann.lee@northbridge.gov.uk", "<script>", "x" * 61, "line\nbreak;", "a:b"])
def test_labels_that_could_carry_more_than_a_name_are_refused(label):
    if "\n" in label:
        label = label.replace("\n", "{")
    with pytest.raises(InputError, match="label"):
        clean_label(label)


def test_blank_label_means_anonymous():
    assert clean_label("   ") is None and clean_label(None) is None


def test_definition_version_changes_with_what_is_measured_not_with_thresholds():
    ind = REGISTRY[0]
    assert definition_version(ind) == definition_version(replace(ind, concrete_at=99.0))
    assert definition_version(ind) != definition_version(replace(ind, unit="minutes/week"))


SECRETS = ("ann.lee@northbridge.gov.uk", "Ann Lee", "Front door / MASH 2", "p_3f9a1c0d2b")


@pytest.mark.slow  # a property test of many examples
@hyp_settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=st.lists(st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False)), min_size=len(REGISTRY), max_size=len(REGISTRY)),
    ns=st.lists(st.integers(0, 100_000), min_size=len(REGISTRY), max_size=len(REGISTRY)),
    coverage=st.lists(st.one_of(st.none(), st.floats(0, 1)), min_size=len(REGISTRY), max_size=len(REGISTRY)),
    floor=st.integers(3, 30),
    staff=st.one_of(st.none(), st.integers(0, 50_000)),
    label=st.one_of(st.none(), st.sampled_from(["", "Fictional council A", "Northbridge"])),
)
def test_no_pack_carries_an_identifier_or_a_small_group_figure(values, ns, coverage, floor, staff, label):
    """Whatever the measurements (with names, addresses, teams and pseudonyms in their notes and team views), the pack holds none."""
    teams = pd.DataFrame({"team": [SECRETS[2], SECRETS[3]], "value": [1.0, 2.0], "n": [5, 6]})
    measurements = {
        ind.id: Measurement(v, n=n, coverage=c, by_team=teams, note=f"{SECRETS[0]} {SECRETS[1]}")
        for ind, v, n, c in zip(REGISTRY, values, ns, coverage)
    }
    settings = Settings(min_group_size=floor)
    p = build_pack(card(measurements=measurements, settings=settings), staff, SPAN, settings, label)
    text = pack_json(p)
    assert not EMAIL.search(text)
    assert not any(secret in text for secret in SECRETS)
    assert all(i["n"] >= max(floor, 5) for i in p["indicators"])
    assert read_pack("ours.json", text.encode("utf-8")).data == p  # every pack we write, we can read


# -- reading untrusted packs ---------------------------------------------------------------------


def _mutated(change) -> bytes:
    p = copy.deepcopy(pack(0.5))
    change(p)
    return as_bytes(p)


HOSTILE: dict[str, tuple[bytes, str]] = {
    "unknown version": (_mutated(lambda p: p.update(version=2)), "format version 2; this tool reads version 1"),
    "missing field": (_mutated(lambda p: p.pop("size")), 'lacks the field "size"'),
    "missing indicator field": (_mutated(lambda p: p["indicators"][3].pop("coverage")), 'lacks the field "coverage" (at indicators › 4)'),
    "extra field": (_mutated(lambda p: p.update(teams=["Front door"])), 'a field a pack must not carry, "teams"'),
    "extra field with an address for a name": (_mutated(lambda p: p.update({"ann@x.org": 1})), "with an unexpected name"),
    "score out of range": (_mutated(lambda p: p["indicators"][0].update(score=140.0)), "out of range (at indicators › 1 › score)"),
    "coverage out of range": (_mutated(lambda p: p["index"].update(coverage=3)), "out of range (at index › coverage)"),
    "small group": (_mutated(lambda p: p["indicators"][0].update(n=2)), "fewer records than its minimum group size (at indicators › 1)"),
    "small group called documents": (
        _mutated(lambda p: p["indicators"][0].update(n=2, n_unit="docs")),
        "fewer records than its minimum group size",
    ),
    "n of nothing": (_mutated(lambda p: p["indicators"][0].update(n=0)), "out of range (at indicators › 1 › n)"),
    "label with an address": (_mutated(lambda p: p.update(label="ann@x.org")), "out of range (at label)"),
    "band that does not match": (_mutated(lambda p: p["index"].update(band="compost")), "band that does not match its score (at index)"),
    "score that does not follow": (
        _mutated(lambda p: p["indicators"][0].update(value=p["indicators"][0]["concrete_at"])),
        "does not follow",
    ),
    "indicator twice": (_mutated(lambda p: p["indicators"].append(p["indicators"][0])), "same indicator twice"),
    "value beyond any real one": (_mutated(lambda p: p["indicators"][0].update(value=1e300)), "out of range (at indicators › 1 › value)"),
    "wrong kind of value": (_mutated(lambda p: p["indicators"][0].update(value="lots")), "wrong kind (at indicators › 1 › value)"),
    "not JSON": (b"PK\x03\x04 this is a spreadsheet", "not readable JSON"),
    "JSON but not a pack": (b'{"name": "my scenario", "levers": {}}', "is not a benchmark pack"),
    "a list": (b"[1, 2, 3]", "is not a benchmark pack"),
    "not a number": (as_bytes(pack(0.5)).replace(b'"coverage": 1.0', b'"coverage": NaN', 1), "not readable JSON"),
    "a field given twice": (as_bytes(pack(0.5)).replace(b'"version": 1,', b'"version": 1, "version": 1,', 1), "not readable JSON"),
    "nested very deep": (b"[" * 50_000 + b"]" * 50_000, "larger than any benchmark pack"),
    "deep but small": (b"[" * 20_000 + b"]" * 20_000, "not readable JSON"),
    "oversized": (as_bytes(pack(0.5)) + b" " * MAX_PACK_BYTES, "larger than any benchmark pack"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_each_malformed_pack_gets_a_message_and_the_rest_are_compared(case):
    data, expected = HOSTILE[case]
    good = [(f"good-{i}.json", as_bytes(pack(0.2 + 0.1 * i))) for i in range(MIN_PEERS)]
    peers = check_packs([*good, ("bad.json", data)])
    assert [p.file for p in peers.packs] == [name for name, _ in good]
    assert len(peers.left_out) == 1
    message = peers.left_out[0]
    assert message.startswith("bad.json ") and message.endswith("It is left out.")
    assert expected in message
    assert "@" not in message and "Traceback" not in message and "Error" not in message
    assert compare(pack(0.45), peers)["index"]["shown"]


def test_a_repeated_pack_counts_once_even_under_another_label():
    p = pack(0.3, label="Fictional council A")
    peers = check_packs([("b.json", as_bytes(p)), ("a.json", as_bytes(p | {"label": "Another name"}))])
    assert [x.file for x in peers.packs] == ["a.json"]
    assert peers.left_out == ("b.json repeats the figures of a.json. It is left out, so that no peer counts twice.",)


def test_our_own_pack_among_the_peers_is_left_out():
    ours = pack(0.55)
    result = compare(ours, peers_of(ours, *(pack(0.1 * i) for i in range(1, 6))))
    assert result["peers"] == 5
    assert result["left_out"] == ["peer-01.json holds this organisation's own figures. It is left out."]


@hyp_settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000))
def test_any_bytes_are_read_or_refused_in_words(data):
    try:
        read_pack("x.json", data)
    except PackError as exc:
        assert str(exc) and "@" not in str(exc)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def tampered_pack(draw) -> bytes:
    """A real pack with one to three fields replaced, removed or added, anywhere in it."""
    p = copy.deepcopy(pack(draw(st.floats(0, 1))))
    for _ in range(draw(st.integers(1, 3))):
        node = p
        while isinstance(node, dict | list) and node and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
            if not isinstance(node[key], dict | list):
                break
            node = node[key]
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(sorted(node)))
            action = draw(st.sampled_from(("replace", "remove", "add")))
            if action == "replace":
                node[key] = draw(JSON_VALUES)
            elif action == "remove":
                del node[key]
            else:
                node[draw(st.text(min_size=1, max_size=12))] = draw(JSON_VALUES)
        elif isinstance(node, list) and node:
            node[draw(st.integers(0, len(node) - 1))] = draw(JSON_VALUES)
    return json.dumps(p).encode("utf-8")


@pytest.mark.slow  # a property test of many examples
@hyp_settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(data=tampered_pack())
def test_tampered_packs_are_refused_in_words_or_still_follow_the_schema(data):
    try:
        result = read_pack("x.json", data)
    except PackError as exc:
        assert str(exc) and "@" not in str(exc)
    else:
        Draft202012Validator(SCHEMA).validate(result.data)
        json.dumps(compare(pack(0.5), check_packs([(f"p{i}.json", data) for i in range(1)])), allow_nan=False)


@pytest.mark.slow  # a property test of many examples
@hyp_settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(order=st.permutations(range(7)))
def test_the_order_of_the_files_changes_nothing(order):
    files = [(f"peer-{i}.json", as_bytes(pack(0.1 * i, label=f"Peer {i}"))) for i in range(6)] + [("peer-9.json", b"not a pack")]
    baseline = compare(pack(0.45), check_packs(files))
    assert compare(pack(0.45), check_packs([files[i] for i in order])) == baseline


def test_packs_are_told_apart_from_exports(tmp_path):
    (tmp_path / "peers").mkdir()
    (tmp_path / "peers" / "one.json").write_text(pack_json(pack(0.5)), encoding="utf-8")
    (tmp_path / "mapping.json").write_text("{}", encoding="utf-8")
    (tmp_path / "roster.csv").write_text("Email,Team\n", encoding="utf-8")
    assert looks_like_pack(as_bytes(pack(0.5)))
    assert sorted(p.name for p in iter_paths([tmp_path])) == ["mapping.json", "roster.csv"]


# -- comparing -----------------------------------------------------------------------------------


def test_quartiles_interpolate_like_a_spreadsheet():
    assert quartiles([1.0, 2.0, 3.0, 4.0, 5.0]) == (2.0, 3.0, 4.0)
    assert quartiles([10.0, 20.0, 30.0, 40.0]) == (17.5, 25.0, 32.5)


def test_a_concrete_organisation_sits_on_the_concrete_side_of_every_median():
    result = compare(pack(0.2), peers_of(*(pack(p) for p in (0.3, 0.4, 0.5, 0.6, 0.7))))
    assert result["peers"] == 5
    shown = [i for i in result["indicators"] if i["shown"]]
    assert len(shown) == len(REGISTRY)
    assert {i["side_of_median"] for i in shown} == {"concrete"}
    assert all(i["position"] == "Closer to concrete than three in four peers." for i in shown)
    lower = next(i for i in shown if i["id"] == "meeting_hours_per_person")
    assert lower["lower_is_better"] and lower["ours"] > lower["median"]
    assert result["index"]["shown"] and result["index"]["ours"] < result["index"]["median"]


def test_fewer_than_five_peers_are_never_summarised():
    result = compare(pack(0.5), peers_of(*(pack(p) for p in (0.3, 0.4, 0.6, 0.7))))
    assert not result["index"]["shown"] and "median" not in result["index"]
    assert not any(i["shown"] or "peer_values" in i for i in result["indicators"])
    assert all(i["reason"].startswith("Fewer than 5 peers") for i in result["indicators"])


def test_a_different_definition_or_coverage_is_not_compared():
    def redefined(p: dict) -> dict:
        p = copy.deepcopy(p)
        p["indicators"][0]["definition"] = "0" * 12
        p["indicators"][1]["coverage"] = 0.5
        return p

    peers = peers_of(*(redefined(pack(p)) for p in (0.3, 0.4, 0.5, 0.6, 0.7)))
    rows = {i["id"]: i for i in compare(pack(0.5), peers)["indicators"]}
    first, second = REGISTRY[0].id, REGISTRY[1].id
    assert not rows[first]["shown"] and rows[first]["peers"] == 0
    assert not rows[second]["shown"] and rows[second]["peers"] == 0
    assert rows[REGISTRY[2].id]["shown"]


def test_settings_that_differ_are_flagged():
    other = Settings(
        work_start="09:00", work_end="17:00", min_group_size=10, thresholds={"cc_share": {"concrete_at": 50, "compost_at": 10}}
    )
    weighted = Settings(weights={"cc_share": 2.0})
    peers = peers_of(*(pack(p) for p in (0.3, 0.4, 0.5)), pack(0.6, settings=other), pack(0.7, settings=weighted))
    result = compare(pack(0.45), peers)
    assert result["settings_differ"] == [
        "1 of 5 peers count working hours differently from our 08:00–18:00, Monday to Friday: out-of-hours figures and figures per week are not like for like.",
        "1 of 5 peers use a minimum group size other than our 5 people, so they left out different figures.",
        "1 of 5 peers score some indicators on other thresholds: their scores are not like for like.",
        "1 of 5 peers weigh indicators differently within a domain, so their domain scores are not like for like.",
    ]
    cc = next(i for i in result["indicators"] if i["id"] == "cc_share")
    assert cc["flags"] == ["1 of 5 peers score it on other thresholds, so compare values, not scores."]


@pytest.mark.parametrize("days, said", [([0, 1, 2, 3, 4], "Monday to Friday"), ([0, 2], "Monday, Wednesday"), ([], "no working days")])
def test_working_days_in_words(days, said):
    assert working_days(days) == said


def test_workshop_peer_findings_never_show_a_label():
    peers = peers_of(*(pack(p, label=f"Fictional council {c}") for p, c in zip((0.3, 0.4, 0.5, 0.6, 0.7), "ABCDE")))
    screens = peer_findings(compare(pack(0.2), peers))
    assert [s.domain for s in screens] == ["meetings", "email", "audits", "feedback", "network", "self_assessment", "language"]
    text = json.dumps([s.to_dict() for s in screens])
    assert "Fictional council" not in text
    assert screens[0].figure == "20 points; peers' median 50 points"
    assert screens[0].reading.startswith("Closer to concrete than three in four peers.")
