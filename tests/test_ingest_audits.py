"""Case-audit records: Ofsted words, RI and numbers; action columns; no child or practitioner identity kept."""

from __future__ import annotations

import re
from pathlib import Path
from unittest.mock import patch

import malformed
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

import diagnostic.ingest as ingest
from diagnostic.ingest import load_bytes, load_file
from diagnostic.ingest.formats import audits
from diagnostic.privacy import person_key, pseudonym
from diagnostic.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "audits"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
NAMES = ("Maya Finch", "Theo Marsh", "Ann Lee", "Jo Patel", "Dev Singh", "LL123456", "neglect")


def load(name: str, settings: Settings):
    return load_file((FIXTURES / name).read_bytes(), name, settings, strict=True)


def all_text(result) -> str:
    return "\n".join(
        str(v) for t in result.dataset.present() for c in getattr(result.dataset, t).columns for v in getattr(result.dataset, t)[c].dropna()
    )


def test_tracker_with_ofsted_words_ri_moderation_and_numbered_actions(settings):
    result = load("case_audits_q3.xlsx", settings)
    a = result.dataset.audits
    assert (result.kind, result.format, result.format_label) == ("audits", "case_audit", "Case audit records")
    assert result.rows == 6 and result.dataset.present() == {"people": 7, "audits": 6}
    assert result.people == 7  # 5 practitioners (Ann Lee audited twice) and 2 auditors
    assert a["grade"].fillna(0).tolist() == [3, 2, 4, 1, 2, 0]  # the moderated grade replaces the auditor's
    assert a["focus"].tolist() == ["practice", "compliance", "practice", "compliance", "practice", "practice"]
    assert a["child_voice"].tolist() == [True, False, True, False, False, True]  # row 4's "Partly" is not evidenced
    assert a["practitioner_involved"].tolist() == [True, False, True, False, True, True]
    assert a["actions_set"].tolist() == [1, 2, 0, 2, 2, 0]
    assert a["actions_done"].tolist() == [1, 1, 0, 0, 2, 0]
    assert a["learning_recorded"].fillna(False).tolist() == [True, False, True, False, True, False]
    assert a["date"].iloc[0].strftime("%Y-%m-%d") == "2025-01-09"
    assert a["practitioner_id"].iloc[0] == a["practitioner_id"].iloc[5] == pseudonym(person_key(name="Ann Lee"), settings.salt)
    assert a["audit_id"].str.match(r"^a[0-9a-f]{16}$").all()


def test_an_unknown_grade_is_reported_with_its_row(settings):
    result = load("case_audits_q3.xlsx", settings)
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("case_audits_q3.xlsx, row 7, column “Moderated grade / Overall grade”: 1 value could not be read")
    assert "Outstanding, Good, Requires improvement or Inadequate" in result.warnings[0]


def test_numbers_counts_and_emails(settings):
    result = load("audits_numbers.csv", settings)
    a = result.dataset.audits
    assert result.format == "case_audit" and result.rows == 4
    assert a["grade"].tolist() == [3, 2, 4, 1]
    assert a["focus"].tolist() == ["practice", "compliance", "compliance", "practice"]
    assert a["actions_set"].tolist() == [2, 5, 1, 7]
    assert a["actions_done"].fillna(-1).tolist() == [2, 1, 1, -1]
    assert a["family_involved"].tolist() == [True, False, False, True]
    assert a["learning_recorded"].fillna(False).tolist() == [True, False, False, True]
    assert a["team"].unique().tolist() == ["Family Support"]
    assert a["auditor_id"].iloc[0] == pseudonym("email:jo.patel@northbridge.gov.uk", settings.salt)
    assert set(result.dataset.people["domain"].dropna()) == {"northbridge.gov.uk"}
    assert result.warnings == [
        "audits_numbers.csv, row 5, column “Actions completed”: 1 value could not be read, so it was left blank. "
        "Write a number of 0 or more, without words."
    ]


def test_no_child_name_id_summary_or_person_is_kept(settings):
    for name in ("case_audits_q3.xlsx", "audits_numbers.csv"):
        text = all_text(load(name, settings))
        assert not EMAIL.search(text)
        assert not any(n in text for n in NAMES)


def test_a_sheet_without_an_audit_type_says_what_it_cannot_measure(settings):
    data = b"Audit ID,Date,Auditor,Grade,Voice of the child\r\nA1,01/03/2025,Jo Patel,Good,Yes\r\n"
    result = load_file(data, "audits.csv", settings, strict=True)
    assert result.format == "case_audit"
    assert result.dataset.audits["focus"].isna().all()
    assert any("Audit Type" in w for w in result.warnings)


def test_an_unrelated_spreadsheet_is_not_an_audit(settings):
    data = b"Grade,Salary,Post\r\nSO1,30000,Officer\r\n"
    assert audits.detect(ingest.RawFile("pay.csv", data)) == 0.0


@pytest.mark.slow
@hyp_settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["case_audits_q3.xlsx", "audits_numbers.csv"]),
    st.integers(0, 5000),
    st.binary(min_size=1, max_size=12),
)
def test_mutated_audit_files_only_ever_give_issues(name, at, insert):
    data = bytearray((FIXTURES / name).read_bytes())
    data[at % len(data) : at % len(data) + len(insert)] = insert
    with patch.object(ingest, "FORMATS", audits.FORMATS):
        result = load_file(bytes(data), name, Settings(salt="s"), strict=True)
    assert result.usable or all(e.startswith(name) for e in result.errors)


def test_a_tracker_whose_action_columns_are_all_empty_counts_no_actions(settings):
    """Left with rows where "Action 2" is wholly empty, the column counts nothing (it used to stop the load)."""
    path = Path(__file__).resolve().parent / "fixtures" / "audits" / "case_audits_q3.xlsx"
    data = malformed.drop_rows(malformed.Example("case_audit", path.name, path.read_bytes()), [2, 4, 5])
    result = load_file(data, path.name, settings, strict=True)
    assert result.usable and not result.errors
    assert result.dataset.audits["actions_set"].tolist() == [1, 0, 0]  # the one action, "Update chronology"
    assert result.dataset.audits["actions_done"].tolist() == [1, 0, 0]


# --- the same audits in any copy of the file ----------------------------------------------------

NO_REFERENCE = (
    b"Date of audit,Social Worker,Audited by,Type of audit,Grade,Child's voice\r\n",
    b"03/02/2025,ann.lee@northbridge.gov.uk,jo.patel@northbridge.gov.uk,Collaborative,3,Yes\r\n",
    b"03/02/2025,ann.lee@northbridge.gov.uk,jo.patel@northbridge.gov.uk,Collaborative,3,Yes\r\n",
    b"04/02/2025,ben.carter@northbridge.gov.uk,jo.patel@northbridge.gov.uk,Dip sample,2,Partly\r\n",
)


def test_audits_without_a_reference_are_known_by_what_they_say_not_by_the_files_name_or_their_row(settings):
    ids = load_file(b"".join(NO_REFERENCE), "audits.csv", settings, strict=True).dataset.audits["audit_id"]
    copy = load_file(b"".join(NO_REFERENCE), "audits (1).csv", settings, strict=True).dataset.audits["audit_id"]
    moved = load_file(b"".join(NO_REFERENCE[i] for i in (0, 3, 2, 1)), "audits.csv", settings, strict=True).dataset.audits["audit_id"]
    assert ids.tolist() == copy.tolist()
    assert sorted(moved) == sorted(ids)
    assert ids.is_unique  # the two identical rows are two audits
    dataset, _ = load_bytes([("audits.csv", b"".join(NO_REFERENCE)), ("audits (1).csv", b"".join(NO_REFERENCE))], settings)
    assert len(dataset.audits) == 3


def test_partly_is_not_evidenced_for_the_childs_voice_only(settings):
    data = b"Audit ID,Audited by,Type of audit,Grade,Child's voice,Family involved\r\nA1,jo.patel@northbridge.gov.uk,Thematic,3,Partly,Partly\r\n"
    audits = load_file(data, "audits.csv", settings, strict=True).dataset.audits
    assert audits["child_voice"].tolist() == [False]
    assert audits["family_involved"].isna().all()  # elsewhere "Partly" is neither yes nor no
