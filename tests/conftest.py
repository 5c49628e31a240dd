"""Shared fixtures: settings in a temporary file (never the user's), tiny datasets, paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from diagnostic.dataset import Dataset
from diagnostic.ingest import load_paths
from diagnostic.settings import Settings

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
