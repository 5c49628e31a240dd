"""Pseudonyms, identity keys, partner agencies and the minimum group size."""

from __future__ import annotations

import pandas as pd

from diagnostic.privacy import agency_for_domain, normalise_email, normalise_name, person_key, pseudonym, pseudonymise_keys, suppress_small
from diagnostic.settings import DEFAULT_PARTNER_DOMAINS


def test_email_keys_ignore_case_and_wrappers():
    assert normalise_email(" Ann.Lee@Northbridge.gov.uk ") == "ann.lee@northbridge.gov.uk"
    assert normalise_email("Ann Lee <ann.lee@northbridge.gov.uk>") == "ann.lee@northbridge.gov.uk"
    assert normalise_email("mailto:ann.lee@northbridge.gov.uk") == "ann.lee@northbridge.gov.uk"
    assert normalise_email("Ann Lee") is None


def test_names_drop_teams_suffixes_and_spacing():
    assert normalise_name("  Ann   LEE (External) ") == "ann lee"
    assert normalise_name("Ann Lee (Guest)") == normalise_name("ann lee")
    assert normalise_name("Lee, Ann") != normalise_name("Ann Lee")


def test_person_key_prefers_email_and_spots_bare_addresses_in_name_fields():
    assert person_key("a@x.gov.uk", "Ann") == "email:a@x.gov.uk"
    assert person_key(None, "a@x.gov.uk") == "email:a@x.gov.uk"
    assert person_key(None, "Ann Lee") == "name:ann lee"
    assert person_key(None, "  ") is None


def test_pseudonyms_depend_on_the_salt_and_hide_the_key():
    a, b = pseudonym("email:a@x.gov.uk", "salt-1"), pseudonym("email:a@x.gov.uk", "salt-2")
    assert a != b and a.startswith("p") and len(a) == 17
    assert "x.gov.uk" not in a
    keys = pd.Series(["email:a@x", "email:b@x", "email:a@x", None])
    out = pseudonymise_keys(keys, "s")
    assert out[0] == out[2] and out[0] != out[1] and pd.isna(out[3])


def test_partner_agencies_from_domains():
    internal = ("northbridge.gov.uk",)
    assert agency_for_domain("northbridge.gov.uk", DEFAULT_PARTNER_DOMAINS, internal) == "internal"
    assert agency_for_domain("northbridge.nhs.example", DEFAULT_PARTNER_DOMAINS, internal) == "Health"
    assert agency_for_domain("met.police.uk", DEFAULT_PARTNER_DOMAINS, internal) == "Police"
    assert agency_for_domain("hillside.school.example", DEFAULT_PARTNER_DOMAINS, internal) == "Schools"
    assert agency_for_domain("gmail.com", DEFAULT_PARTNER_DOMAINS, internal) == "Other external"
    assert agency_for_domain(None, DEFAULT_PARTNER_DOMAINS, internal) is None


def test_small_groups_are_suppressed():
    frame = pd.DataFrame({"team": ["A", "B"], "people": [4, 5]})
    assert suppress_small(frame, "people", 5)["team"].tolist() == ["B"]
