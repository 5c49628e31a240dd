"""A 600-person organisation end to end (load, score, network, report), cheaply enough for every run.

``benchmarks/scale.py`` measures 5,000 people; this catches the regressions that would make it
fail or crawl (an error at size, a step gone quadratic) in well under 20 seconds. The processor-time
bound is about three times what the whole run takes on a 2-core machine, so it fails on a real
slowdown, not on a busy machine (wall time would).
"""

from __future__ import annotations

import re
import time

import pytest

from diagnostic.indicators.base import DOMAINS
from diagnostic.ingest import load_paths
from diagnostic.network import network_summary
from diagnostic.privacy import ETHICS_LINE
from diagnostic.report import write_report
from diagnostic.samples import write_sample
from diagnostic.scorecard import build_scorecard
from diagnostic.settings import Settings

pytestmark = pytest.mark.slow  # a larger organisation written, loaded, scored and reported

PEOPLE, WEEKS = 600, 4
CPU_SECONDS = 30.0  # the whole run takes about 10 s of processor time
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> dict:
    """Every step once, timed in processor seconds."""
    folder = tmp_path_factory.mktemp("scale")
    settings = Settings(salt="scale-smoke-salt-0123456789")
    cpu: dict[str, float] = {}

    def step(name, fn, *args, **kwargs):
        started = time.process_time()
        out = fn(*args, **kwargs)
        cpu[name] = time.process_time() - started
        return out

    files = step("sample", write_sample, folder / "exports", people=PEOPLE, weeks=WEEKS)
    dataset, results = step("load", load_paths, [folder / "exports"], settings)
    card = step("score", build_scorecard, dataset, settings)
    networks = {level: step(f"network {level}", network_summary, dataset, settings, level) for level in ("team", "person")}
    report = step("report", write_report, dataset, results, settings, folder / "report.html")
    return {"files": files, "dataset": dataset, "results": results, "card": card, "networks": networks, "report": report, "cpu": cpu}


@pytest.mark.slow
def test_every_export_loads_without_error(run):
    results = run["results"]
    assert len(results) == len(run["files"])
    assert [r.file for r in results if r.format == "unknown" or r.errors] == []
    people = run["dataset"].people
    assert (people["organisation"] == "internal").sum() >= PEOPLE


def test_every_domain_is_scored(run):
    summary = run["card"].to_dict()
    assert {d["id"] for d in summary["domains"] if d["score"] is not None} == set(DOMAINS)
    assert summary["overall"]["score"] is not None


def test_the_network_covers_everyone_at_both_levels(run):
    team, person = run["networks"]["team"], run["networks"]["person"]
    assert person["people"] >= PEOPLE
    assert person["nodes"] >= PEOPLE and person["edges"] > PEOPLE
    assert 10 <= team["nodes"] < person["nodes"]
    assert team["teams"] and all("team" in record for record in team["teams"])


def test_the_report_is_written_and_names_nobody(run):
    html = run["report"].read_text("utf-8")
    assert ETHICS_LINE in html
    assert not EMAIL.search(html)
    assert len(html) < 5 * 1024**2


def test_the_whole_run_stays_within_its_processor_time(run):
    assert sum(run["cpu"].values()) < CPU_SECONDS, run["cpu"]
