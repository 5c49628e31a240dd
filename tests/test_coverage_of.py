"""Coverage always says of what, and the figure it gives agrees with the counts beside it."""

from __future__ import annotations

import re

import pytest

from diagnostic.roster import roster
from diagnostic.scorecard import build_scorecard
from diagnostic.wording import coverage


@pytest.mark.slow
def test_every_computed_coverage_says_of_what_and_agrees_with_its_counts(sample_dataset, settings):
    card = build_scorecard(sample_dataset, settings)
    staff = int(roster(sample_dataset, settings)["internal"].sum())
    for record in card.to_dict()["indicators"]:
        if record["value"] is None:
            continue
        assert record["coverage_of"].startswith("of "), record["id"]
        count = re.search(r"of the ([\d,]+) ", record["coverage_of"])
        if count and record["n_unit"] == "people" and "staff the files know of" in record["coverage_of"]:
            assert int(count.group(1).replace(",", "")) == staff
            assert round(record["coverage"] * staff) == record["n"], record["id"]  # people seen over people known
    hours = card.result("meeting_hours_per_person").measurement
    assert coverage(hours.coverage, hours.coverage_population) == f"100% of the {staff} staff the files know of"


def test_a_figure_not_computed_claims_no_population(settings):
    from diagnostic.dataset import Dataset

    card = build_scorecard(Dataset(), settings)
    assert all(r["coverage_of"] == "" for r in card.to_dict()["indicators"])
