"""Shared fixtures: settings in a temporary file (never the user's), tiny datasets, paths."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import settings as hypothesis_settings

from diagnostic.dataset import Dataset
from diagnostic.ingest import load_paths
from diagnostic.network import LEVELS, network_summary
from diagnostic.parallel import PROCESSES_ENV
from diagnostic.report.export import team_breakdowns
from diagnostic.scorecard import build_scorecard
from diagnostic.settings import Settings

# The test run already keeps every processor busy (pytest -n auto): files are read in one process
# per test, here and in every command or server a test starts. tests/test_parallel.py reads on two.
os.environ[PROCESSES_ENV] = "1"

# Property tests check behaviour, not speed: no per-example deadline on a busy 2-core machine.
hypothesis_settings.register_profile("default-no-deadline", deadline=None)
hypothesis_settings.load_profile("default-no-deadline")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = ROOT / "data" / "samples"
SAMPLE_SALT = "test-salt-0123456789"


@pytest.fixture(autouse=True)
def _private_settings(tmp_path_factory, monkeypatch):
    """Every test gets its own settings file, so no test touches the user's home folder."""
    path = tmp_path_factory.mktemp("settings") / "settings.json"
    monkeypatch.setenv("DIAGNOSTIC_SETTINGS", str(path))
    return path


@pytest.fixture
def settings() -> Settings:
    """Settings with a fixed salt so pseudonyms are stable within a test."""
    return Settings(salt=SAMPLE_SALT)


@pytest.fixture(scope="session")
def sample_dataset() -> Dataset:
    """The bundled sample organisation, loaded once for every test that only reads it (datasets are never changed in place)."""
    if not any(p.suffix in {".csv", ".xlsx", ".ics"} for p in SAMPLES.iterdir()):
        pytest.skip("the sample organisation has not been generated into data/samples")
    dataset, _ = load_paths([SAMPLES], Settings(salt=SAMPLE_SALT))
    return dataset


def user_outputs(dataset: Dataset, settings: Settings) -> tuple[str, pd.DataFrame, str]:
    """What a user sees: the scorecard (as ``score --json`` prints it), the team views and the network summary at every level."""
    card = build_scorecard(dataset, settings)
    summaries = {level: network_summary(dataset, settings, level=level) for level in LEVELS}
    return (
        json.dumps(card.to_dict(), sort_keys=True, default=str),
        team_breakdowns(dataset, card, settings),
        json.dumps(summaries, sort_keys=True),
    )
