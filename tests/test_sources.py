"""What Home says each domain has and lacks: the facts, walked against the registries, and what small loads give."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from diagnostic.indicators import DOMAINS, REGISTRY
from diagnostic.ingest import load_paths
from diagnostic.ingest.base import KINDS
from diagnostic.ingest.formats import FORMATS
from diagnostic.scorecard import DOMAIN_TABLES
from diagnostic.sources import DOMAIN_KINDS, SOURCES, domain_sources, feeds, tables

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def _by_domain(paths, settings):
    dataset, results = load_paths(paths, settings)
    return {d.domain: d for d in domain_sources(dataset, results)}, results


def test_every_kind_of_export_is_said_in_words_and_feeds_a_domain():
    assert set(SOURCES) == set(KINDS) - {"unknown"}
    assert {f.kind for f in FORMATS} <= set(SOURCES) | {"unknown"}
    fed = {k for main, extra in DOMAIN_KINDS.values() for k in main + extra}
    assert fed == set(SOURCES)
    assert list(DOMAIN_KINDS) == list(DOMAINS)


def test_each_domain_reads_the_tables_its_indicators_need():
    for ind in REGISTRY:
        read = set(tables(ind.domain))
        assert set(ind.needs) & read, f"{ind.id} needs {ind.needs}, none of which its domain reads"
        assert {"people" if t == "teams" else t for t in DOMAIN_TABLES[ind.domain]} == read


# Activity totals hold several activities' columns: a file brings them to a domain only where it fills that domain's.
VOLUME_COLUMNS = {
    "meetings": ("meetings", "meeting_hours"),
    "email": ("emails_sent", "emails_received", "emails_read", "email_hours"),
    "feedback": ("speak_my_mind", "workload_rating"),
    "network": ("collaboration_hours", "internal_network_size", "external_network_size", "collaboration_span"),
}


def _brings(r, domain: str, table: str) -> bool:
    if not r.dataset.has(table) or (table == "people" and r.kind != "roster"):
        return False
    if table == "volumes":
        return r.dataset.volumes[list(VOLUME_COLUMNS[domain])].notna().any().any()
    return True


@pytest.mark.slow
def test_on_the_sample_every_file_that_brings_a_domain_s_tables_is_of_a_kind_it_reads(settings):
    """The kinds listed per domain agree with what the real exports produce (a roster only counts for its people)."""
    _, results = load_paths([SAMPLES], settings)
    for r in results:
        for domain in DOMAINS:
            brought = [t for t in tables(domain) if _brings(r, domain, t)]
            if brought and r.usable:
                assert feeds(r, domain), f"{r.file} brings {brought} for {domain} but is not counted"


@pytest.mark.slow
def test_the_sample_lacks_nothing(settings):
    domains, _ = _by_domain([SAMPLES], settings)
    assert all(not d.needs and not d.would_add for d in domains.values())
    meetings = domains["meetings"]
    assert {f.label for f in meetings.loaded} >= {"Calendar (.ics)", "Teams attendance report", "Staff roster"}


def test_one_calendar_says_what_every_other_domain_needs(settings):
    domains, _ = _by_domain([FIXTURES / "meetings" / "outlook.ics"], settings)
    meetings = domains["meetings"]
    assert [f.label for f in meetings.loaded] == ["Calendar (.ics)"]
    assert meetings.needs == () and meetings.would_add == ("roster",)
    assert domains["network"].needs == () and domains["network"].would_add == ("roster",)
    assert domains["audits"].needs == ("audits",) and domains["audits"].loaded == ()
    assert domains["language"].needs == ("documents",)
    assert domains["self_assessment"].needs == ("self_assessment",)
    assert domains["email"].needs == ("email", "collaboration")
    assert SOURCES["roster"].adds == "teams, supervision and management layers"


def test_a_roster_alone_does_not_give_a_domain_its_data(settings):
    domains, _ = _by_domain([FIXTURES / "roster" / "family_support_roster.csv"], settings)
    network = domains["network"]
    assert [f.label for f in network.loaded] == ["Staff roster"]
    assert network.needs == ("email", "meetings", "collaboration") and network.would_add == ()


def test_the_period_is_the_first_and_last_moment_of_the_domain_s_own_tables(settings):
    path = FIXTURES / "meetings" / "outlook_uk.csv"
    dataset, results = load_paths([path], settings)
    meetings = next(d for d in domain_sources(dataset, results) if d.domain == "meetings")
    raw = pd.read_csv(path, encoding="cp1252")
    first = pd.to_datetime(raw["Start Date"], format="%d/%m/%Y", errors="coerce").min()  # a malformed day is left out at load too
    last = pd.to_datetime(raw["End Date"], format="%d/%m/%Y", errors="coerce").max()
    assert (meetings.start.date(), meetings.end.date()) == (first.date(), last.date())
    audits = next(d for d in domain_sources(dataset, results) if d.domain == "audits")
    assert (audits.start, audits.end) == (None, None)


@pytest.mark.parametrize("order", [1, -1])
def test_the_account_does_not_depend_on_the_order_of_files(settings, order):
    paths = [
        FIXTURES / "meetings" / "outlook.ics",
        FIXTURES / "roster" / "family_support_roster.csv",
        FIXTURES / "email" / "trace_summary.csv",
    ]
    forward, _ = _by_domain(paths, settings)
    reverse, _ = _by_domain(paths[::order], settings)
    assert forward == reverse


def test_a_person_query_with_staff_survey_answers_feeds_feedback_and_one_without_does_not(settings):
    """Home never says Feedback needs a complaints log while the Feedback domain scores a person query's survey answers."""
    with_answers, _ = _by_domain([FIXTURES / "viva" / "person_query_survey.csv"], settings)
    feedback = with_answers["feedback"]
    assert [f.label for f in feedback.loaded] == ["Viva Insights person query"] and feedback.needs == ()
    without, _ = _by_domain([FIXTURES / "viva" / "person_query.csv"], settings)
    assert without["feedback"].loaded == () and without["feedback"].needs == ("feedback",)
    # its network sizes and collaboration hours feed the network domain's fallbacks, so Network lists it too
    assert [f.label for f in without["network"].loaded] == ["Viva Insights person query"] and without["network"].needs == ()


def test_an_email_report_alone_does_not_feed_the_network(settings):
    """Activity totals bring the network domain only where they fill its columns: email counts say nothing of ties."""
    domains, _ = _by_domain([SAMPLES / "email_activity_user_detail.csv"], settings)
    assert domains["email"].loaded and domains["network"].loaded == ()
