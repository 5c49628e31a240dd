"""Domain charts: titles, units, encodings and colours read from the Vega-Lite spec; privacy floors kept."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache

import factories as f
import pandas as pd
import pytest
from factories import Message

from diagnostic.charts.audits import audit_focus, audit_involvement
from diagnostic.charts.base import SHAPES
from diagnostic.charts.domains import domain_charts
from diagnostic.charts.email import after_hours_heatmap, recipients_distribution
from diagnostic.charts.feedback import complaint_response_days, feedback_voices, you_said_we_did
from diagnostic.charts.meetings import DIRECT_WORK, SIZE_BANDS, _seconds_by_kind_and_size, meeting_hours_by_kind, meeting_lengths
from diagnostic.charts.scorecard import scorecard_strip, team_chart
from diagnostic.charts.spec import ChartSpec
from diagnostic.charts.theme import BAND_COLOURS, OKABE_ITO
from diagnostic.classify import MEETING_KIND_LABELS
from diagnostic.indicators import audits, email, feedback, meetings
from diagnostic.indicators.meetings import LARGE_MEETING
from diagnostic.scorecard import build_scorecard
from diagnostic.settings import Settings
from diagnostic.wording import number

OURS = (*meetings.INDICATORS, *email.INDICATORS, *audits.INDICATORS, *feedback.INDICATORS)
SETTINGS = Settings(salt="charts")


@cache
def org():
    return f.org(seed=6, weeks=8)


@cache
def card():
    return build_scorecard(org(), SETTINGS, OURS)


def spec_dict(spec: ChartSpec) -> dict:
    return spec.chart.to_dict()


def encodings(spec: ChartSpec) -> list[dict]:
    d = spec_dict(spec)
    return [layer["encoding"] for layer in d.get("layer", [d]) if "encoding" in layer]


def channel(spec: ChartSpec, name: str) -> dict:
    """The channel as the data layer encodes it (reference lines in other layers carry no title)."""
    found = [e[name] for e in encodings(spec) if name in e]
    return next((c for c in found if "title" in c), found[0])


@pytest.mark.slow
def test_every_domain_page_has_two_to_four_charts_with_words():
    for domain in ("meetings", "email", "audits", "feedback"):
        specs = domain_charts(domain, org(), card(), SETTINGS)
        assert 2 <= len(specs) <= 4, domain
        for spec in specs:
            d = spec_dict(spec)
            assert d["title"]["text"] == spec.title
            assert d["title"]["subtitle"] == [spec.reading]
            assert spec.alt_text.endswith(".") and len(spec.alt_text) > 30
            assert isinstance(spec.data, pd.DataFrame) and len(spec.data)
    assert domain_charts("network", org(), card(), SETTINGS) == []


def test_meeting_hours_by_kind():
    spec = meeting_hours_by_kind(org(), SETTINGS)
    assert channel(spec, "x")["title"] == "Hours per person per week"
    assert channel(spec, "y")["title"] == "Kind of meeting"
    colour = channel(spec, "color")
    assert colour["scale"]["range"] == list(OKABE_ITO[:3])
    assert colour["scale"]["domain"] == list(SIZE_BANDS)
    assert DIRECT_WORK in set(spec.data["kind"])
    assert "hours" in spec.alt_text


def test_meeting_hours_sum_each_kind_and_size_with_direct_work_apart():
    rows = pd.DataFrame(
        {
            "kind": pd.Categorical(
                ["case", "case", "team_meeting", None, "new_kind", "case"], categories=["case", "team_meeting", "new_kind"]
            ),
            "direct": [False, True, False, False, False, False],
            "size": [2, 3, 12, 2, 5, 2],
            "attendee_s": [3600.0, 1800.0, 900.0, 60.0, 120.0, 30.0],
        }
    )
    got = _seconds_by_kind_and_size(rows)
    expected = {}  # the plain way: one row at a time
    for kind, direct, size, seconds in rows.itertuples(index=False):
        name = DIRECT_WORK if direct else MEETING_KIND_LABELS.get(str(kind), str(kind).replace("_", " ").capitalize())
        band = SIZE_BANDS[2] if size >= LARGE_MEETING else SIZE_BANDS[1] if size > 2 else SIZE_BANDS[0]
        expected[(name, band)] = expected.get((name, band), 0.0) + seconds
    assert {(k, b): s for k, b, s in got.itertuples(index=False)} == expected
    assert list(zip(got["kind"], got["size"])) == sorted(expected)


def test_meeting_lengths():
    spec = meeting_lengths(org(), SETTINGS)
    assert channel(spec, "y")["title"] == "Length of meeting"
    assert channel(spec, "x")["title"] == "Number of meetings"
    assert set(spec.data["series"]) <= {"Recurring", "One-off"}


def test_after_hours_heatmap_marks_working_hours_and_hides_small_cells():
    spec = after_hours_heatmap(org(), SETTINGS)
    assert channel(spec, "x")["title"] == "Hour of the day (24-hour clock)"
    assert channel(spec, "color")["title"] == "Share (%)"
    rules = [layer for layer in spec_dict(spec)["layer"] if layer["mark"]["type"] == "rule"]
    assert rules, "working hours are marked"
    assert (spec.data["messages"] >= SETTINGS.min_group_size).all()


def test_recipients_distribution():
    spec = recipients_distribution(org(), SETTINGS)
    assert channel(spec, "x")["title"] == "Recipients per message (people)"
    assert channel(spec, "y")["title"] == "Share of messages (%)"
    assert channel(spec, "x")["sort"][0] == "1"


def test_audit_charts_over_time():
    spec = audit_involvement(org(), SETTINGS)
    assert channel(spec, "y")["title"] == "Share of audits (%)"
    assert channel(spec, "y")["scale"]["domain"] == [0, 100]
    assert channel(spec, "shape")["scale"]["range"] == list(SHAPES[:3])  # not colour alone
    assert (spec.data["audits"] >= SETTINGS.min_group_size).all()
    focus = audit_focus(org(), SETTINGS)
    assert channel(focus, "y")["title"] == "Number of audits"


def test_complaint_response_days_against_the_statutory_lines():
    spec = complaint_response_days(org(), SETTINGS)
    assert channel(spec, "y")["title"] == "Working days to respond (days)"
    limits = json.dumps(spec_dict(spec))
    assert '"days": 10' in limits and '"days": 20' in limits
    assert set(spec.data["status"]) <= {"Answered", "Still open"}


def test_feedback_voices_and_funnel():
    voices = feedback_voices(org(), SETTINGS)
    assert channel(voices, "x")["title"] == "Number of feedback items"
    assert (voices.data["items"] >= SETTINGS.min_group_size).all()
    funnel = you_said_we_did(org(), SETTINGS)
    assert funnel.data["items"].is_monotonic_decreasing
    assert funnel.data["stage"].iloc[0] == "Feedback received"


def test_team_chart_shows_thresholds_and_only_safe_groups():
    spec = team_chart(card(), "meeting_hours_per_person")
    assert channel(spec, "x")["title"] == "Internal meeting hours per person per week (hours/week)"
    assert (spec.data["size"] >= SETTINGS.min_group_size).all()
    ends = json.dumps(spec_dict(spec))
    assert BAND_COLOURS["concrete"] in ends and BAND_COLOURS["compost"] in ends


def test_a_chart_writes_its_figures_as_the_indicator_card_does():
    result = card().result("meeting_hours_per_person")
    spec = team_chart(card(), "meeting_hours_per_person")
    unit = result.indicator.unit
    assert f"concrete end ({number(result.concrete_at, unit)})" in spec.reading
    first = spec.data.iloc[0]
    assert f"{first['team']} {number(first['value'], unit)}" in spec.alt_text
    strip = scorecard_strip(card())
    assert set(strip.data["value"]) == {number(r.measurement.value, r.indicator.unit) for r in card().results if r.score is not None}


@pytest.mark.slow
def test_team_chart_without_teams_is_none():
    bare = org().with_tables(people=org().people.assign(team=pd.NA))
    assert team_chart(build_scorecard(bare, SETTINGS, OURS), "meeting_hours_per_person") is None


def test_charts_need_their_data():
    empty = f.dataset(people=f.people())
    for builder in (meeting_hours_by_kind, after_hours_heatmap, audit_involvement, complaint_response_days, you_said_we_did):
        assert builder(empty, SETTINGS) is None


def test_a_raised_minimum_hides_more(settings):
    strict = replace(SETTINGS, min_group_size=40)
    spec = after_hours_heatmap(org(), strict)
    assert spec is None or (spec.data["messages"] >= 40).all()
    assert "fewer than 40 messages" in spec.alt_text


def test_scorecard_strip_places_every_scored_indicator():
    spec = scorecard_strip(card())
    scored = [r for r in card().results if r.score is not None]
    assert len(spec.data) == len(scored)
    assert channel(spec, "x")["title"] == "Score (0 = concrete, 100 = compost)"
    assert channel(spec, "x")["scale"]["domain"] == [0, 100]
    assert channel(spec, "color")["scale"]["range"] == list(BAND_COLOURS.values())
    assert "shape" in next(e for e in encodings(spec) if "color" in e)  # bands are not told by colour alone
    assert "median score" in spec.alt_text


def test_scorecard_strip_with_nothing_scored_still_draws():
    spec = scorecard_strip(build_scorecard(f.dataset(), SETTINGS, OURS))
    assert spec.data.empty
    assert "No indicator could be scored" in spec.alt_text
    spec_dict(spec)


@pytest.mark.slow
def test_no_chart_names_a_person():
    specs = [scorecard_strip(card())] + [
        s for d in ("meetings", "email", "audits", "feedback") for s in domain_charts(d, org(), card(), SETTINGS)
    ]
    text = json.dumps([spec_dict(s) for s in specs]) + " ".join(s.alt_text for s in specs)
    assert "p-a-" not in text and "x-0" not in text and "@" not in text


@pytest.mark.parametrize("hour", ["02:00", "23:30"])
def test_one_lonely_late_message_is_not_shown(settings, hour):
    people = f.people({"Team A": 6})
    msgs = [Message(f"m{i}", "2025-03-04 10:00", f"p-a-{i % 6}", ["p-a-0" if i % 6 else "p-a-1"]) for i in range(30)]
    msgs.append(Message("late", f"2025-03-05 {hour}", "p-a-3", ["p-a-0"]))
    spec = after_hours_heatmap(f.dataset(people=people, messages=f.messages(msgs)), settings)
    assert int(hour[:2]) not in set(spec.data["hour"])
    assert "1 hour with fewer than 5 messages is not shown" in spec.alt_text
