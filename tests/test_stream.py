"""Streaming a PowerShell message trace through DuckDB into weekly ties and per-person volumes."""

from __future__ import annotations

import tempfile
from dataclasses import fields
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from diagnostic.errors import InputError
from diagnostic.ingest import load_file
from diagnostic.ingest.stream import aggregate_trace
from diagnostic.privacy import pseudonym
from diagnostic.settings import Settings

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "email"
SALT = "test-salt-0123456789"
SETTINGS = Settings(salt=SALT)
ANN = pseudonym("email:ann.lee@northbridge.gov.uk", SALT)
LONDON = "Europe/London"
HEADER = '"Received","SenderAddress","RecipientAddress","Subject","Status","MessageId"\r\n'


@pytest.fixture(autouse=True)
def _spill_in_tmp(tmp_path, monkeypatch):
    """DuckDB's spill folder goes under the test's own folder."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def ordered(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys).reset_index(drop=True)


def test_the_three_powershell_exports_give_the_same_aggregates():
    results = [
        aggregate_trace(FIXTURES / n, SETTINGS) for n in ("trace_powershell_gb.csv", "trace_powershell_us.csv", "trace_powershell_v1.csv")
    ]
    for other in results[1:]:
        pd.testing.assert_frame_equal(ordered(results[0].ties, ["person_a", "person_b"]), ordered(other.ties, ["person_a", "person_b"]))
        pd.testing.assert_frame_equal(ordered(results[0].volumes, ["person_id"]), ordered(other.volumes, ["person_id"]))
    assert results[0].present() == {"people": 8, "ties": 9, "volumes": 8}


def test_ties_match_the_messages_the_row_loader_reads():
    path = FIXTURES / "trace_powershell_gb.csv"
    streamed = aggregate_trace(path, SETTINGS).ties
    m = load_file(path.read_bytes(), path.name, SETTINGS, strict=True).dataset.messages
    m = m[m["sender_id"] != m["recipient_id"]]
    week = (m["sent_at"].dt.tz_localize(None).dt.normalize() - pd.to_timedelta(m["sent_at"].dt.day_of_week, unit="D")).dt.tz_localize(
        LONDON
    )
    n = m["n_recipients"].astype(float)
    expected = (
        m.assign(period=week, weight=np.where(n > 10, 1.0 / n, 1.0))
        .groupby(["sender_id", "recipient_id", "period"], as_index=False)["weight"]
        .sum()
        .rename(columns={"sender_id": "person_a", "recipient_id": "person_b"})
    )
    got = ordered(streamed[["person_a", "person_b", "period", "weight"]], ["person_a", "person_b"])
    want = ordered(expected, ["person_a", "person_b"])
    assert got["person_a"].tolist() == want["person_a"].tolist()
    assert got["person_b"].tolist() == want["person_b"].tolist()
    assert got["period"].tolist() == want["period"].tolist()
    assert got["weight"].astype(float).tolist() == pytest.approx(want["weight"].tolist())
    assert set(streamed["kind"]) == {"email"}


def test_volumes_count_messages_sent_and_received_over_the_window():
    volumes = aggregate_trace(FIXTURES / "trace_powershell_gb.csv", SETTINGS).volumes.set_index("person_id")
    assert (volumes.loc[ANN, "emails_sent"], volumes.loc[ANN, "emails_received"]) == (3, 2)
    assert set(volumes["period_start"]) == {pd.Timestamp("2025-01-14", tz=LONDON)}
    assert set(volumes["period_end"]) == {pd.Timestamp("2025-01-19", tz=LONDON)}
    assert set(volumes["source_format"]) == {"message_trace_powershell"}


def test_nothing_but_pseudonyms_and_domains_comes_out():
    dataset = aggregate_trace(FIXTURES / "trace_powershell_gb.csv", SETTINGS)
    values = []
    for f in fields(dataset):
        frame = getattr(dataset, f.name)
        if frame is not None:
            values += [v for c in frame.columns if frame[c].dtype == "string" for v in frame[c].dropna()]
    assert not [v for v in values if "@" in v]
    assert "northbridge.nhs.example" in set(dataset.people["domain"])


def test_utf16_exports_stream_the_same(tmp_path):
    source = FIXTURES / "trace_powershell_gb.csv"
    utf16 = tmp_path / "trace16.csv"
    utf16.write_bytes(b"\xff\xfe" + source.read_bytes()[3:].decode("utf-8").encode("utf-16-le"))
    a, b = aggregate_trace(source, SETTINGS), aggregate_trace(utf16, SETTINGS)
    pd.testing.assert_frame_equal(ordered(a.ties, ["person_a", "person_b"]), ordered(b.ties, ["person_a", "person_b"]))


def write(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "trace.csv"
    path.write_text(HEADER + "".join(r + "\r\n" for r in rows), encoding="utf-8")
    return path


def row(when: str, sender: str, recipient: str, message: str, status: str = "Delivered") -> str:
    return f'"{when}","{sender}@northbridge.gov.uk","{recipient}@northbridge.gov.uk","Subject","{status}","<{message}@x>"'


def test_messages_to_more_than_ten_people_weigh_one_over_n(tmp_path):
    rows = [row("14/01/2025 09:00:00", "ann", f"person{i}", "big") for i in range(12)]
    rows += [row("14/01/2025 10:00:00", "bilal", f"person{i}", "ten") for i in range(10)]
    ties = aggregate_trace(write(tmp_path, rows), SETTINGS).ties
    ann, bilal = pseudonym("email:ann@northbridge.gov.uk", SALT), pseudonym("email:bilal@northbridge.gov.uk", SALT)
    assert ties.loc[ties["person_a"] == ann, "weight"].tolist() == pytest.approx([1 / 12] * 12)
    assert ties.loc[ties["person_a"] == bilal, "weight"].tolist() == pytest.approx([1.0] * 10)


def test_weeks_start_on_monday_london_time_in_summer(tmp_path):
    rows = [row("01/06/2025 23:30:00", "ann", "bilal", "late"), row("01/06/2025 22:30:00", "ann", "carys", "sunday")]
    ties = aggregate_trace(write(tmp_path, rows), SETTINGS).ties
    by_recipient = dict(zip(ties["person_b"], ties["period"]))
    assert by_recipient[pseudonym("email:bilal@northbridge.gov.uk", SALT)] == pd.Timestamp("2025-06-02", tz=LONDON)  # 00:30 BST Monday
    assert by_recipient[pseudonym("email:carys@northbridge.gov.uk", SALT)] == pd.Timestamp("2025-05-26", tz=LONDON)  # 23:30 BST Sunday


def test_failed_and_list_rows_and_repeats_do_not_count(tmp_path):
    rows = [
        row("14/01/2025 09:00:00", "ann", "bilal", "m1"),
        row("14/01/2025 09:00:00", "ann", "bilal", "m1"),
        row("14/01/2025 09:05:00", "ann", "team-list", "m2", "Expanded"),
        row("14/01/2025 09:05:00", "ann", "carys", "m2"),
        row("14/01/2025 09:10:00", "ann", "gone", "m3", "Failed"),
    ]
    dataset = aggregate_trace(write(tmp_path, rows), SETTINGS)
    assert dataset.ties["weight"].astype(float).tolist() == [1.0, 1.0]
    assert len(dataset.people) == 3  # ann, bilal, carys: no list, no failed recipient


def test_only_failed_rows_give_people_and_no_ties(tmp_path):
    dataset = aggregate_trace(write(tmp_path, [row("14/01/2025 09:10:00", "ann", "gone", "m3", "Failed")]), SETTINGS)
    assert dataset.ties is None and dataset.volumes is None


def test_other_layouts_are_refused_in_plain_english():
    with pytest.raises(InputError, match="not a PowerShell message trace"):
        aggregate_trace(FIXTURES / "trace_summary.csv", SETTINGS)


# ---------------------------------------------------------------- no row's place decides


def test_rows_after_the_first_two_thousand_decide_day_or_month_first(tmp_path):
    early = [
        row(f"{d:02d}/{m:02d}/2025 09:00:00", "ann", f"p{d}x{m}", f"e{d}x{m}x{k}")
        for k in range(14)
        for d in range(1, 13)
        for m in range(1, 13)
    ]
    late = [row("01/13/2025 09:00:00", "ann", "bilal", "late1"), row("01/20/2025 09:00:00", "ann", "bilal", "late2")]
    assert len(early) > 2000
    ties = aggregate_trace(write(tmp_path, early + late), SETTINGS).ties
    bilal = ties[ties["person_b"] == pseudonym("email:bilal@northbridge.gov.uk", SALT)]
    assert sorted(bilal["period"]) == [pd.Timestamp("2025-01-13", tz=LONDON), pd.Timestamp("2025-01-20", tz=LONDON)]


MIXED_LAYOUTS = [row(f"{d}/01/2025 09:00:00", "ann", f"p{d}", f"s{d}") for d in range(13, 20)] + [
    row(f"{d}/01/2025 09:00", "bilal", f"p{d}", f"m{d}") for d in range(13, 20)
]


@pytest.mark.slow
@hyp_settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_times_in_two_layouts_are_read_the_same_in_any_row_order(seed, tmp_path):
    """Times with and without seconds in one file: the layout used is chosen by value, not by the first row."""
    expected = aggregate_trace(write(tmp_path, MIXED_LAYOUTS), SETTINGS)
    shuffled = [MIXED_LAYOUTS[i] for i in np.random.default_rng(seed).permutation(len(MIXED_LAYOUTS))]
    got = aggregate_trace(write(tmp_path, shuffled), SETTINGS)
    for table, keys in (("ties", ["person_a", "person_b", "period"]), ("volumes", ["person_id"]), ("people", ["person_id"])):
        pd.testing.assert_frame_equal(ordered(getattr(got, table), keys), ordered(getattr(expected, table), keys), obj=table)
