"""Warm equals cold: whatever the memos carry over, every lever gives what a cold run works out.

The app scores the baseline once and then each lever value straight after it, reusing whatever the
memos hold (the baseline's tables, networks, digests and measures). Here each lever at its minimum,
middle and maximum, and every lever at its middle together, is scored that way (warm) and again
with memoising switched off (cold), and the scorecard, the team views and the network summary at
every level must be the same. Cold outputs are a function of the tables alone, so a lever value
that leaves every table as it was (most minimums) is compared with the cold baseline, worked out
once.
"""

from __future__ import annotations

from dataclasses import fields

import pandas as pd
import pytest

from diagnostic.dataset import Dataset
from diagnostic.ingest import load_paths
from diagnostic.memo import memoising_off
from diagnostic.network import network_for
from diagnostic.scenarios import LEVERS, Lever
from diagnostic.scorecard import build_scorecard, measure
from diagnostic.settings import Settings
from tests.conftest import SAMPLES, user_outputs

SETTINGS = Settings(salt="warm-cold")


def _values(lever: Lever) -> dict[str, float]:
    middle = lever.min + round((lever.max - lever.min) / 2 / lever.step) * lever.step
    return {"min": lever.min, "mid": middle, "max": lever.max}


SCENARIOS = [(lever.id, label, value) for lever in LEVERS for label, value in _values(lever).items()]


@pytest.fixture(scope="module")
def sample() -> Dataset:
    dataset, _ = load_paths([SAMPLES], SETTINGS)
    return dataset


@pytest.fixture(scope="module")
def cold_baseline(sample: Dataset) -> tuple[str, pd.DataFrame, str]:
    with memoising_off():
        return _outputs(sample)


def _apply(dataset: Dataset, lever_id: str | None, value: float | None) -> Dataset:
    """One lever at ``value``; with no lever, every lever at its middle."""
    if lever_id is not None:
        return next(lever for lever in LEVERS if lever.id == lever_id).apply(dataset, value, SETTINGS)
    for lever in LEVERS:
        dataset = lever.apply(dataset, _values(lever)["mid"], SETTINGS)
    return dataset


def _outputs(dataset: Dataset) -> tuple[str, pd.DataFrame, str]:
    return user_outputs(dataset, SETTINGS)


def _untouched(changed: Dataset, dataset: Dataset) -> bool:
    return all(getattr(changed, f.name) is getattr(dataset, f.name) for f in fields(Dataset))


def _warm_and_cold(sample: Dataset, cold_baseline: tuple, lever_id: str | None, value: float | None) -> None:
    _outputs(sample)  # the baseline first, as the app scores it, so the memos hold it
    warm = _outputs(_apply(sample, lever_id, value))
    with memoising_off():
        changed = _apply(sample, lever_id, value)
        cold = cold_baseline if _untouched(changed, sample) else _outputs(changed)
    assert warm[0] == cold[0], "scorecards differ"
    pd.testing.assert_frame_equal(warm[1], cold[1])
    assert warm[2] == cold[2], "network summaries differ"


@pytest.mark.slow
@pytest.mark.parametrize(("lever_id", "label", "value"), SCENARIOS, ids=[f"{i}={label}" for i, label, _ in SCENARIOS])
def test_each_lever_at_its_minimum_middle_and_maximum_scores_the_same_warm_and_cold(sample, cold_baseline, lever_id, label, value):
    _warm_and_cold(sample, cold_baseline, lever_id, value)


@pytest.mark.slow
def test_every_lever_at_its_middle_together_scores_the_same_warm_and_cold(sample, cold_baseline):
    _warm_and_cold(sample, cold_baseline, None, None)


@pytest.mark.slow
def test_switched_off_nothing_is_reused(sample):
    """Warm, a second request gets the very objects the first made; cold, each request makes its own."""
    indicator = next(i for i in build_scorecard(sample, SETTINGS).results if i.measurement.value is not None).indicator
    assert network_for(sample, SETTINGS) is network_for(sample, SETTINGS)
    assert measure(indicator, sample, SETTINGS) is measure(indicator, sample, SETTINGS)
    with memoising_off():
        first, second = network_for(sample, SETTINGS), network_for(sample, SETTINGS)
        assert first is not second and first.memo("k", object) is not first.memo("k", object)
        assert measure(indicator, sample, SETTINGS) is not measure(indicator, sample, SETTINGS)
        assert sample.key("teams") is not sample.key("teams")
