"""Roster indicators of the network domain: management layers, staff not holding work with families, team sizes.

They read the staff roster (or, for the share of staff not holding work with families, Viva's
count of people who manage others) rather than the collaboration network. Every figure is an
organisation-wide share or a per-team figure for teams of at least the minimum group size.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.indicators.base import Measurement, not_computed
from diagnostic.indicators.people import chains_above
from diagnostic.indicators.teams import team_gap
from diagnostic.indicators.viva_measures import finer_first, supervisor_share
from diagnostic.privacy import suppress_small
from diagnostic.roster import roster
from diagnostic.settings import Settings

LARGE_TEAM = 12  # Buurtzorg's small self-managing teams: up to about 12
# Roles counted as social work for manager_share (a judgement: practitioners and their line).
SOCIAL_WORK_ROLE = re.compile(
    r"social work|practitioner|practice|team manager|team leader|service manager|head of service|director|consultant|supervis|family support|personal adviser",
    re.I,
)
NO_ROSTER = "Needs a staff roster with each person's team. Load the roster (one row per person with team, role and manager)."


def rostered_staff(dataset: Dataset, settings: Settings) -> pd.DataFrame:
    """Internal roster rows that name a team."""
    people = roster(dataset, settings)
    return people[people["team"].notna() & people["internal"]]


def management_layers(dataset: Dataset, settings: Settings) -> Measurement:
    staff = rostered_staff(dataset, settings)
    if staff.empty or staff["manager_id"].isna().all():
        return not_computed("Needs a staff roster that gives each person's manager. Load the roster with a manager column.")
    managers = staff["manager_id"].dropna().unique()
    practitioner = staff["is_practitioner"]
    front = staff.index[practitioner.fillna(False).astype(bool)] if practitioner.notna().any() else staff.index.difference(list(managers))
    if len(front) == 0:
        return not_computed("The roster marks no one as a practitioner, so there is no chain to follow.")
    start, _ = chains_above(staff.index, staff["manager_id"], staff.index.get_indexer(front))
    layers = pd.Series(np.bincount(start, minlength=len(front)), index=front, dtype=int)
    teams = staff["team"].reindex(layers.index)
    by_team = layers.groupby(teams).agg(["max", "size"]).reset_index().set_axis(["team", "value", "n"], axis=1)
    by_team["n"] = staff["team"].value_counts().reindex(by_team["team"]).to_numpy()
    return Measurement(
        value=float(layers.max()),
        n=len(front),
        n_unit="practitioners",
        coverage=float(staff["manager_id"].notna().mean()),
        by_team=suppress_small(by_team, "n", settings.min_group_size),
        note="Counted to the most senior person in the upload, who may not be the director.",
    )


def manager_share(dataset: Dataset, settings: Settings) -> Measurement:
    staff = rostered_staff(dataset, settings)
    flagged = staff[staff["is_practitioner"].notna()]
    if flagged.empty:
        found = not_computed("Needs a staff roster that says who holds work with children and families (a practitioner column).")
        return finer_first(found, lambda: supervisor_share(dataset, settings))
    note = ""
    if flagged["role"].notna().any():
        flagged = flagged[flagged["role"].fillna("").str.contains(SOCIAL_WORK_ROLE)]
    else:
        note = "The roster gives no roles, so everyone with a practitioner flag is counted."
    if len(flagged) < settings.min_group_size:
        return not_computed(
            f"Only {len(flagged)} people in social-work roles are on the roster; at least {settings.min_group_size} are needed.",
            n=len(flagged),
            n_unit="people",
        )
    not_holding = ~flagged["is_practitioner"].astype(bool)
    by_team = not_holding.groupby(flagged["team"]).agg(["mean", "size"]).reset_index().set_axis(["team", "value", "n"], axis=1)
    by_team["value"] *= 100
    return Measurement(
        value=100 * float(not_holding.mean()),
        n=len(flagged),
        n_unit="people",
        coverage=float(staff["is_practitioner"].notna().mean()),
        by_team=suppress_small(by_team, "n", settings.min_group_size),
        note=note,
    )


def team_size_over_12_share(dataset: Dataset, settings: Settings) -> Measurement:
    if (gap := team_gap(dataset, settings)) is not None:
        return not_computed(gap)
    staff = rostered_staff(dataset, settings)
    if len(staff) < settings.min_group_size:
        return not_computed(NO_ROSTER)
    sizes = staff["team"].value_counts()
    in_large = staff["team"].map(sizes) > LARGE_TEAM
    by_team = pd.DataFrame({"team": sizes.index, "value": sizes.to_numpy().astype(float), "n": sizes.to_numpy()})
    return Measurement(
        value=100 * float(in_large.mean()),
        n=len(staff),
        n_unit="people",
        coverage=1.0,
        by_team=suppress_small(by_team, "n", settings.min_group_size),
        note="Per-team values are team sizes in people.",
    )
