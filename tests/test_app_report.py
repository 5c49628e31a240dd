"""The Report page: the organisation's name is shown, editable, and the report is made with it."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from diagnostic.app.shell import PAGES

pytestmark = pytest.mark.slow  # the whole app on the sample

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TIMEOUT = 120
LABEL = "Organisation's name, on the report's first page"


def test_the_report_page_shows_the_name_and_makes_the_report_with_the_edited_one():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page(str(PAGES / "report.py")).run(timeout=TIMEOUT)
    assert not at.exception
    name = next(t for t in at.text_input if t.label == LABEL)
    assert name.value == "northbridge.gov.uk"
    assert any("commonest email domain" in c.value for c in at.caption)
    assert "Download the report (HTML)" not in [d.proto.label for d in at.get("download_button")]

    name.input("Northbridge Children's Services").run(timeout=TIMEOUT)
    assert not any("commonest email domain" in c.value for c in at.caption)
    next(b for b in at.button if b.label == "Make the report").click().run(timeout=TIMEOUT)
    assert not at.exception
    assert "Download the report (HTML)" in [d.proto.label for d in at.get("download_button")]
    page = at.session_state["report-html"][1].decode("utf-8")
    assert "<h1>Northbridge Children&#x27;s Services</h1>" in page

    next(t for t in at.text_input if t.label == LABEL).input("Another name").run(timeout=TIMEOUT)
    assert "Download the report (HTML)" not in [d.proto.label for d in at.get("download_button")]  # never a report under an old name


def test_the_name_in_the_settings_is_the_one_suggested(monkeypatch, tmp_path):
    from diagnostic.settings import Settings, save_settings

    path = tmp_path / "settings.json"
    save_settings(Settings(salt="test-salt-0123456789", organisation="Northbridge Council"), path)
    monkeypatch.setenv("DIAGNOSTIC_SETTINGS", str(path))
    st.cache_resource.clear()  # the settings file is read once and kept: read this one
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page(str(PAGES / "report.py")).run(timeout=TIMEOUT)
    assert next(t for t in at.text_input if t.label == LABEL).value == "Northbridge Council"
    assert not any("commonest email domain" in c.value for c in at.caption)
