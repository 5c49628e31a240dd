"""Shared fixtures: settings in a temporary file (never the user's), tiny datasets, paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from diagnostic.settings import Settings

# Property tests check behaviour, not speed: no per-example deadline on a busy 2-core machine.
hypothesis_settings.register_profile("default-no-deadline", deadline=None)
hypothesis_settings.load_profile("default-no-deadline")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = ROOT / "data" / "samples"


@pytest.fixture(autouse=True)
def _private_settings(tmp_path_factory, monkeypatch):
    """Every test gets its own settings file, so no test touches the user's home folder."""
    path = tmp_path_factory.mktemp("settings") / "settings.json"
    monkeypatch.setenv("DIAGNOSTIC_SETTINGS", str(path))
    return path


@pytest.fixture
def settings() -> Settings:
    """Settings with a fixed salt so pseudonyms are stable within a test."""
    return Settings(salt="test-salt-0123456789")
