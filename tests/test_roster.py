"""The roster view and the rules read from it: who is internal, who is a partner, who manages."""

from __future__ import annotations

import factories as f
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from diagnostic.dataset import conform
from diagnostic.roster import INTERNAL, is_internal, managers, roster


def test_roster_is_one_row_per_person_with_the_flags(settings):
    people = f.people({"Team A": 3}, partners=2)
    view = roster(f.dataset(people=people), settings)
    assert list(view.index) == people["person_id"].astype(str).tolist()
    assert view.loc["p-a-1", "internal"] and not view.loc["p-a-1", "partner"]
    assert view.loc["x-0", "partner"] and not view.loc["x-0", "internal"]
    assert view["addressed"].all()


def test_roster_fills_a_blank_organisation_from_the_domain_and_keeps_the_first_row(settings):
    people = conform(
        "people",
        pd.DataFrame(
            [
                dict(person_id="a", team="One", domain=f.COUNCIL),
                dict(person_id="b", team="One", domain=f.COUNCIL),
                dict(person_id="n", domain="northbridge.nhs.uk"),
                dict(person_id="z"),
                dict(person_id="a", team="Two", domain=f.COUNCIL),
            ]
        ),
    )
    view = roster(f.dataset(people=people), settings)
    assert list(view.index) == ["a", "b", "n", "z"]
    assert view.loc["a", "team"] == "One"
    assert view.loc["a", "organisation"] == INTERNAL
    assert view.loc["n", "partner"] and not view.loc["n", "internal"]
    assert view.loc["z", "internal"] and not view.loc["z", "addressed"]  # a roster-only name is the council's own


def test_no_people_table_gives_an_empty_roster(settings):
    view = roster(f.dataset(), settings)
    assert view.empty and "internal" in view.columns and view.index.name == "person_id"


@given(st.lists(st.sampled_from([INTERNAL, "Health", "Other external", None])))
def test_internal_means_internal_or_unrecorded(organisations):
    found = is_internal(pd.Series(organisations, dtype="string"))
    assert found.tolist() == [o in (INTERNAL, None) for o in organisations]


def test_managers_are_flagged_or_named_as_someones_manager():
    people = pd.DataFrame(
        {
            "is_manager": pd.array([True, False, None, False], dtype="boolean"),
            "manager_id": pd.array([None, "outside", "a", None], dtype="string"),
        },
        index=pd.Index(["a", "b", "c", "d"], name="person_id"),
    )
    assert sorted(managers(people)) == ["a", "outside"]
