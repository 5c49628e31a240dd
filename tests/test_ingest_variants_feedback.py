"""Survey exports as real downloads vary: legacy SurveyMonkey files (NUL bytes, padded cells, cut
at 256 columns) and Microsoft Forms CSVs (fixtures from tests/fixture_builders/variants.py)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from diagnostic.ingest import load_bytes, load_file
from diagnostic.ingest.rawfile import RawFile, looks_binary

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "variants"
LONDON = "Europe/London"
LEGACY = ["surveymonkey_legacy_nul.csv", "surveymonkey_legacy_spaces.csv"]


def load(name: str, settings):
    return load_file((FIXTURES / name).read_bytes(), name, settings, strict=True)


@pytest.mark.parametrize("name", LEGACY)
def test_a_legacy_surveymonkey_export_loads_whatever_fills_its_empty_header_cells(name, settings):
    result = load(name, replace(settings, show_text=True))
    assert result.format == "surveymonkey"
    assert not result.errors
    feedback = result.dataset.feedback.sort_values("received").reset_index(drop=True)
    assert len(feedback) == 3
    # US dates, as SurveyMonkey writes them: the End Date is when each response was received
    assert feedback["received"].tolist() == [
        pd.Timestamp("2016-03-14 10:19:02", tz=LONDON),
        pd.Timestamp("2016-03-15 16:09:45", tz=LONDON),
        pd.Timestamp("2016-03-21 09:03:30", tz=LONDON),
    ]
    assert feedback["source"].tolist() == ["child", "parent_carer", "parent_carer"]
    # the multi-select question spread over five columns (four options and "Other") is one answer
    assert feedback["theme"].tolist() == ["Meetings; My social worker", "Meetings; Letters", "Phone calls; Texts"]
    # ratings 5, 2 and 4 on the 1-5 scale the question states
    assert feedback["rating"].astype(float).tolist() == [(5 - 1) / 4, (2 - 1) / 4, (4 - 1) / 4]


def test_both_legacy_variants_give_the_same_rows(settings):
    nul, spaces = (load(name, settings).dataset.feedback for name in LEGACY)
    pd.testing.assert_frame_equal(nul, spaces)


def test_an_export_cut_at_256_columns_loads_and_says_it_was_probably_cut(settings):
    result = load("surveymonkey_legacy_256.csv", settings)
    assert result.format == "surveymonkey" and len(result.dataset.feedback) == 3
    assert max(len(line.split(",")) for line in (FIXTURES / "surveymonkey_legacy_256.csv").read_text().splitlines()) == 256
    assert any("exactly 256 columns" in w and "cut short" in w for w in result.warnings)
    assert not any("256 columns" in w for w in load("surveymonkey_legacy_nul.csv", settings).warnings)


def test_the_zip_surveymonkey_sends_loads_its_sheet(settings):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("CSV/Sheet_1.csv", (FIXTURES / "surveymonkey_legacy_nul.csv").read_bytes())
    dataset, results = load_bytes([("Family survey.zip", buffer.getvalue())], settings)
    assert [r.format for r in results] == ["surveymonkey"]
    assert len(dataset.feedback) == 3


def test_a_few_nul_bytes_are_text_and_many_are_binary():
    text = "a,b,c\r\n\x00,\x00,x\r\n" + "12,Meetings,What helped was being listened to\r\n" * 40
    assert not looks_binary(text)
    assert RawFile("x.csv", text.encode()).text.splitlines()[1] == ",,x"
    assert looks_binary("a,b\r\n" + "\x00" * 4000)
    assert looks_binary("".join(chr(i % 32) for i in range(1000)))  # control characters no text holds
    assert not looks_binary("Name\tJoin\r\nAnn\t09:00\n")


FORMS = "Family feedback forms download.csv"


def test_a_forms_download_with_two_digit_us_years_and_a_trailing_comma(settings):
    result = load(FORMS, replace(settings, show_text=True))
    assert result.format == "ms_forms" and not result.errors
    feedback = result.dataset.feedback.sort_values("received").reset_index(drop=True)
    # month first, as Forms writes them, though the user's setting is day first (UK)
    assert settings.dayfirst
    assert feedback["received"].tolist() == [
        pd.Timestamp("2024-03-04 15:36:05", tz=LONDON),
        pd.Timestamp("2024-03-12 09:04:40", tz=LONDON),
        pd.Timestamp("2024-04-02 18:22:31", tz=LONDON),
        pd.Timestamp("2024-04-09 10:02:10", tz=LONDON),
    ]
    [warning] = result.warnings
    assert warning.startswith(f"{FORMS}, column “Completion time”: 4 completion dates could be read day-first or month-first")
    # "Meetings;Letters;" is one answer of two choices, not a comment
    assert feedback["theme"].tolist() == ["Meetings; Letters", "My social worker", "Meetings; Phone calls; My social worker", "Phone calls"]
    assert feedback["rating"].astype(float).tolist() == [0.75, 1.0, 0.25, 0.5]
    # the upload question's SharePoint links are not comments; the comments are
    assert not feedback["text"].str.contains("sharepoint", case=False).any()
    assert feedback["text"].tolist()[:1] == ["Clear letters"]


def test_a_forms_download_with_a_day_above_12_needs_no_guess(settings):
    data = (FIXTURES / FORMS).read_bytes().replace(b"4/9/24 10:02:10", b"4/29/24 10:02:10")
    result = load_file(data, FORMS, settings, strict=True)
    assert not result.warnings
    assert result.dataset.feedback["received"].max() == pd.Timestamp("2024-04-29 10:02:10", tz=LONDON)
