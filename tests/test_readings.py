"""Readings true to the numbers: every indicator's value placed at, between and beyond its thresholds.

A projector in a workshop shows these sentences to a room, so a false one ("closer to compost" for a
value past the concrete line) or a broken plural ("1 terms per 1,000 words") is read aloud.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diagnostic.indicators import REGISTRY
from diagnostic.indicators.base import score_value
from diagnostic.wording import number, reading, rule, singular

# Fractions of the way from the concrete line (0) to the compost line (1): beyond, at, between.
ALONG = (-1.0, -0.25, -0.01, 0.0, 0.001, 0.25, 0.49, 0.5, 0.51, 0.75, 0.999, 1.0, 1.01, 1.5, 3.0)
BROKEN_PLURAL = re.compile(r"(?<![\d.,])-?1 (?!\d)([a-z]{2,}s)\b")


def _values(concrete_at: float, compost_at: float) -> list[float]:
    return [concrete_at + t * (compost_at - concrete_at) for t in ALONG]


def _checked(value: float, concrete_at: float, compost_at: float, unit: str) -> str:
    """The reading, after asserting that what it says of the value is true."""
    text = reading(value, concrete_at, compost_at, unit)
    score = score_value(value, concrete_at, compost_at)
    shown = number(value, unit)
    on_line = shown in (number(compost_at, unit), number(concrete_at, unit))
    if "past the concrete line" in text.lower():
        assert score == 0 and not on_line, text
    if "past the compost line" in text.lower():
        assert score == 100 and not on_line, text
    if "closer to compost" in text.lower():
        assert 50 < score < 100, (value, text)
    if "closer to concrete" in text.lower():
        assert 0 < score < 50, (value, text)
    if "halfway" in text:
        assert score == 50, text
    if score == 0 and not on_line:
        assert text.startswith("Past the concrete line of "), text
    if score == 100 and not on_line:
        assert text.startswith("Past the compost line of "), text
    if on_line:
        assert text.startswith(("On the", "At the")), text
    assert not BROKEN_PLURAL.search(text), text
    return text


@pytest.mark.parametrize("indicator", REGISTRY, ids=lambda i: i.id)
def test_every_indicator_reads_true_at_between_and_beyond_its_thresholds(indicator):
    concrete_at, compost_at = indicator.concrete_at, indicator.compost_at
    for value in _values(concrete_at, compost_at):
        _checked(value, concrete_at, compost_at, indicator.unit)


@pytest.mark.parametrize("indicator", REGISTRY, ids=lambda i: i.id)
def test_every_indicator_reads_true_with_its_direction_turned_round(indicator):
    """Higher or lower may be compost: the same values with the thresholds swapped read true too."""
    for value in _values(indicator.compost_at, indicator.concrete_at):
        _checked(value, indicator.compost_at, indicator.concrete_at, indicator.unit)


@pytest.mark.parametrize("indicator", REGISTRY, ids=lambda i: i.id)
def test_a_value_of_one_takes_the_singular(indicator):
    for value in (1.0, 1, 0.999999):
        for text in (number(value, indicator.unit), reading(value, 10.0, 1.0, indicator.unit), rule(1.0, 5.0, indicator.unit)):
            assert not BROKEN_PLURAL.search(text), text


def test_the_sentences_the_room_saw_on_the_projector():
    assert reading(48, 40, 15, "%") == "Past the concrete line of 40%: compost is 15% or less, concrete is 40% or more."
    assert "closer to" not in reading(48, 40, 15, "%").lower()
    assert rule(10, 1, "terms per 1,000 words") == "compost is 1 term per 1,000 words or less, concrete is 10 terms per 1,000 words or more"
    assert number(1, "times") == "1 time" and number(2, "times") == "2 times" and number(1, "hours/week") == "1 hour/week"
    assert number(1, "people") == "1 person" and number(1, "pairs of people") == "1 pair of people"
    assert number(1, "index (0-1)") == "1 index (0-1)" and number(1, "%") == "1%"
    assert all(BROKEN_PLURAL.search(slip) for slip in ("1 terms per 1,000 words", "“abscond”: 1 times", "1 hours/week"))


def test_a_point_scale_reads_as_the_range_it_is():
    text = reading(42, 0, 100, "points")
    assert text == "Closer to concrete than to compost: scored 0 to 100 points, 100 is compost and 0 is concrete."
    assert "or more" not in text and "or less" not in text
    assert reading(100, 0, 100, "points").startswith("At the compost end of the scale")


def test_a_value_shown_as_a_threshold_is_on_its_line():
    """39.96% shows as "40%": it is on the concrete line, not closer to compost nor past it."""
    assert reading(39.996, 40, 15, "%").startswith("On the concrete line of 40%")
    assert reading(40.004, 40, 15, "%").startswith("On the concrete line of 40%")
    assert reading(27.5, 40, 15, "%").startswith("Halfway between compost and concrete")


def test_an_opening_leads_the_sentence():
    assert (
        reading(10, 40, 15, "%", "A bright spot")
        == "A bright spot, past the compost line of 15%: compost is 15% or less, concrete is 40% or more."
    )


def test_singular_changes_only_a_plural_first_word():
    assert singular("emails/day") == "email/day" and singular("acronyms per 1,000 words") == "acronym per 1,000 words"
    assert singular("staff") == "staff" and singular("index (-1 to +1)") == "index (-1 to +1)" and singular("class") == "class"


@given(
    value=st.floats(-1e6, 1e6, allow_nan=False),
    concrete_at=st.floats(-1e3, 1e3, allow_nan=False),
    gap=st.floats(0.01, 1e3, allow_nan=False),
    compost_lower=st.booleans(),
    unit=st.sampled_from(sorted({i.unit for i in REGISTRY})),
)
def test_any_value_against_any_thresholds_reads_true(value, concrete_at, gap, compost_lower, unit):
    compost_at = concrete_at - gap if compost_lower else concrete_at + gap
    if number(compost_at, unit) == number(concrete_at, unit):
        return  # thresholds that show alike cannot be told apart in words
    _checked(value, concrete_at, compost_at, unit)


def test_a_value_on_the_compost_line_scores_100_whatever_the_rounding():
    """-0.0 against thresholds that make the division round to 99.99999999999999."""
    for concrete_at in (0.1, 0.3, 1e-5, 7.7):
        assert score_value(0.0, concrete_at, 0.0) == 100.0 and score_value(-0.0, concrete_at, 0.0) == 100.0
        assert score_value(concrete_at, concrete_at, 0.0) == 0.0
