"""Staff rosters: managers by name or email, inferred practitioner flags, aliases for name-only calendars."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from unittest.mock import patch

import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

import diagnostic.ingest as ingest
from diagnostic.ingest import load_bytes, load_file
from diagnostic.ingest.combine import combine
from diagnostic.ingest.formats import roster
from diagnostic.privacy import pseudonym
from diagnostic.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "roster"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def load(name: str, settings: Settings):
    return load_file((FIXTURES / name).read_bytes(), name, settings, strict=True)


def pid(email: str, settings: Settings) -> str:
    return pseudonym(f"email:{email}@northbridge.gov.uk", settings.salt)


def by_id(people, settings, email):
    return people.set_index("person_id").loc[pid(email, settings)]


def test_hr_extract_with_managers_by_name(settings):
    result = load("staff_list.xlsx", settings)
    people = result.dataset.people
    assert (result.kind, result.format, result.format_label) == ("roster", "roster", "Staff roster")
    assert result.rows == 11  # the fully blank row is not a row
    assert result.dataset.present() == {"people": 11, "attributes": 20}  # team and job title of the 10 on the list
    assert set(result.dataset.attributes["attribute"]) == {"Team", "Job title"}  # never names, emails or managers
    assert len(result.dataset.aliases) == 9  # one per row with both a name and an email
    assert result.people == 11  # 10 on the list and Pat Quinn, a manager who is not on it
    ann = by_id(people, settings, "ann.lee")
    assert (ann["team"], ann["role"], ann["is_practitioner"], ann["is_manager"]) == ("Assessment Team North", "Social Worker", True, False)
    assert ann["manager_id"] == pid("sam.okafor", settings)
    sam = by_id(people, settings, "sam.okafor")
    assert sam["is_manager"] and not sam["is_practitioner"] and sam["manager_id"] == pid("jo.patel", settings)
    assert by_id(people, settings, "jo.patel")["is_manager"]
    assert int(people["is_manager"].sum()) == 3  # Jo, Sam and Dev manage someone
    assert people["display_name"].isna().all()


def test_practitioner_flags_are_inferred_from_job_titles_and_counted(settings):
    result = load("staff_list.xlsx", settings)
    people = result.dataset.people
    assert by_id(people, settings, "ben.carter")["is_practitioner"]  # Senior Practitioner
    assert by_id(people, settings, "eve.grant")["is_practitioner"]  # Personal Adviser
    assert not by_id(people, settings, "fay.moss")["is_practitioner"]  # Business Support Officer
    assert not by_id(people, settings, "dev.singh")["is_practitioner"]  # Team Manager
    assert result.warnings == [
        "staff_list.xlsx, row 13: 1 row left out because it has neither a name nor an email address.",  # row 12 is blank
        "staff_list.xlsx: 5 people had no practitioner flag, so it was worked out from the job title (social workers, family support "
        "workers and personal advisers are practitioners; managers and business support are not). Add a “Practitioner” column with Y or N "
        "to decide it yourself.",
        "staff_list.xlsx: The job title did not say whether 1 person is a practitioner, so this was left blank. "
        "Add a “Practitioner” column with Y or N.",
    ]


def test_names_become_aliases_so_name_only_calendars_join(settings):
    result = load("staff_list.xlsx", settings)
    aliases = result.dataset.aliases.set_index("alias_id")["person_id"]
    assert aliases[pseudonym("name:ann lee", settings.salt)] == pid("ann.lee", settings)
    calendar = combine([result.dataset], settings)
    assert pid("ann.lee", settings) in set(calendar.people["person_id"])


def test_two_people_with_one_name_keep_an_alias_each_in_any_row_order(settings):
    """The name belongs to both: combining decides it names nobody, so no row order can pick one."""
    rows = [
        "Sam Patel,sam.patel@northbridge.gov.uk,Team A,Social worker",
        "Sam Patel,samuel.patel@northbridge.gov.uk,Team B,Social worker",
        "Ann Lee,ann.lee@northbridge.gov.uk,Team A,Team manager",
    ]
    tables = []
    for order in (rows, rows[::-1]):
        data = "\n".join(["Name,Email,Team,Job title", *order]).encode()
        tables.append(load_file(data, "staff.csv", settings, strict=True).dataset.aliases)
    pd.testing.assert_frame_equal(tables[0], tables[1])
    sam = tables[0][tables[0]["alias_id"] == pseudonym("name:sam patel", settings.salt)]
    assert set(sam["person_id"]) == {pid("sam.patel", settings), pid("samuel.patel", settings)}


def test_first_name_and_surname_columns_and_managers_by_email(settings):
    result = load("family_support_roster.csv", settings)
    people = result.dataset.people
    assert result.format == "roster" and result.rows == 5
    assert result.people == 6  # and Jo Patel, the manager's manager, from her email
    lena = by_id(people, settings, "lena.ward")
    assert lena["is_manager"] and not lena["is_practitioner"]
    assert by_id(people, settings, "mia.novak")["manager_id"] == pid("lena.ward", settings)  # LENA.WARD@ matched
    assert [by_id(people, settings, p)["is_practitioner"] for p in ("tom.achebe", "mia.novak", "ola.bright", "jay.kowal")] == [
        True,
        True,
        False,
        True,
    ]
    assert len(result.warnings) == 1 and result.warnings[0].startswith("family_support_roster.csv: 5 people had no practitioner flag")


def test_names_appear_only_on_opt_in(settings):
    hidden = load("staff_list.xlsx", settings)
    text = "\n".join(str(v) for c in hidden.dataset.people.columns for v in hidden.dataset.people[c].dropna())
    assert "Ann Lee" not in text and not EMAIL.search(text)
    shown = load("staff_list.xlsx", replace(settings, show_names=True))
    assert "Ann Lee" in set(shown.dataset.people["display_name"].dropna())


def test_without_a_manager_column_job_titles_decide_and_a_warning_says_so(settings):
    data = b"Email,Team,Job title\r\na@northbridge.gov.uk,Team A,Team Manager\r\nb@northbridge.gov.uk,Team A,Social Worker\r\n"
    result = load_file(data, "staff.csv", settings, strict=True)
    assert result.dataset.people.sort_values("role")["is_manager"].tolist() == [False, True]
    assert any("line-manager column" in w for w in result.warnings)


def test_a_list_of_rooms_is_not_a_roster():
    data = b"Room,Building,Capacity\r\nA1,Town Hall,8\r\n"
    assert roster.detect(ingest.RawFile("rooms.csv", data)) == 0.0


def test_name_keyed_audits_join_the_roster_people(settings):
    audits = (FIXTURES.parent / "audits" / "case_audits_q3.xlsx").read_bytes()
    staff = (FIXTURES / "staff_list.xlsx").read_bytes()
    dataset, _ = load_bytes([("case_audits_q3.xlsx", audits), ("staff_list.xlsx", staff)], settings)
    alone = load_file(audits, "case_audits_q3.xlsx", settings).dataset.audits  # Ann Lee's audit is the first row
    joined = dataset.audits.set_index("audit_id")["practitioner_id"]
    assert joined[alone["audit_id"].iloc[0]] == pid("ann.lee", settings)
    assert by_id(dataset.people, settings, "ann.lee")["team"] == "Assessment Team North"


@pytest.mark.slow
@hyp_settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["staff_list.xlsx", "family_support_roster.csv"]), st.integers(0, 5000), st.binary(min_size=1, max_size=12))
def test_mutated_rosters_only_ever_give_issues(name, at, insert):
    data = bytearray((FIXTURES / name).read_bytes())
    data[at % len(data) : at % len(data) + len(insert)] = insert
    with patch.object(ingest, "FORMATS", roster.FORMATS):
        result = load_file(bytes(data), name, Settings(salt="s"), strict=True)
    assert result.usable or all(e.startswith(name) for e in result.errors)


def test_team_attribute_picks_another_column_of_the_list(settings):
    text = (
        "Email,Team,Service,Job title,Line manager email\n"
        "ann.lee@northbridge.gov.uk,Assessment North,Front door,Social Worker,sam.okafor@northbridge.gov.uk\n"
        "sam.okafor@northbridge.gov.uk,Assessment North,Front door,Team Manager,\n"
        "raj.shah@northbridge.gov.uk,Children in Care 1,Looked after,Social Worker,sam.okafor@northbridge.gov.uk\n"
    )
    default = load_file(text.encode(), "staff.csv", settings, strict=True).dataset.people
    assert set(default["team"].dropna()) == {"Assessment North", "Children in Care 1"}  # the list's own team column
    chosen = load_file(text.encode(), "staff.csv", replace(settings, team_attribute="service"), strict=True)
    teams = chosen.dataset.people.set_index("person_id")["team"]
    assert teams[pid("ann.lee", settings)] == "Front door" and teams[pid("raj.shah", settings)] == "Looked after"
    missing = load_file(text.encode(), "staff.csv", replace(settings, team_attribute="GroupName"), strict=True)
    assert set(missing.dataset.people["team"].dropna()) == {"Assessment North", "Children in Care 1"}
    assert any("no column “GroupName”" in w for w in missing.warnings)
