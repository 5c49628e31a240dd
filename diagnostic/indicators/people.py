"""The roster as the indicators read it: practitioners, manager chains, and people as integer codes.

The roster itself, and who counts as internal, a partner or a manager, are in :mod:`diagnostic.roster`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from diagnostic.columns import factorised, positions, take
from diagnostic.dataset import Dataset
from diagnostic.indicators.common import memo_by_tables
from diagnostic.roster import managers, roster
from diagnostic.settings import Settings


def has_roster(dataset: Dataset, settings: Settings) -> bool:
    """True when a staff roster was loaded: someone has a manager or a manager/practitioner flag."""
    people = roster(dataset, settings)
    return bool(people["manager_id"].notna().any() or people["is_manager"].notna().any() or people["is_practitioner"].notna().any())


@memo_by_tables("people")  # read on every scenario, and few levers change the roster
def roster_managers(dataset: Dataset, settings: Settings) -> pd.Index:
    """The roster's managers (the rule: :func:`diagnostic.roster.managers`)."""
    return managers(roster(dataset, settings))


@memo_by_tables("people")  # read on every scenario, and few levers change the roster
def practitioners(dataset: Dataset, settings: Settings) -> pd.DataFrame:
    """Roster practitioners and their manager: ``person_id, manager_id, team``."""
    people = roster(dataset, settings)
    flag = people["is_practitioner"].fillna(False).to_numpy(dtype=bool)
    return people.loc[flag, ["manager_id", "team"]].reset_index()[["person_id", "manager_id", "team"]]


MAX_CHAIN = 50  # manager layers followed upwards at most: a longer chain is a loop the roster does not close


def chains_above(person_ids: pd.Index, manager_ids: pd.Series, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Everyone above each start in the manager chain, nearest first: each one's start number and id.

    ``person_ids[i]`` is managed by ``manager_ids[i]`` (missing: no one); ``starts`` are positions
    in ``person_ids``. A manager who is not in ``person_ids`` is the top of their chain. A chain
    stops at the first person it has met already (a loop in the roster) or after ``MAX_CHAIN``
    managers. Every chain is walked at once, one management layer per step.
    """
    managers = pd.Series(manager_ids).astype("string")
    outside = pd.Index(managers.dropna().unique()).difference(person_ids)
    nodes = pd.Index(person_ids).append(outside)
    boss = np.append(positions(nodes, managers), np.full(len(outside), -1))
    path = np.full((len(starts), MAX_CHAIN + 1), -1, dtype=np.int64)
    path[:, 0] = starts
    rows = np.arange(len(starts))
    found_rows, found_nodes = [], []
    for step in range(1, MAX_CHAIN + 1):
        above = boss[path[rows, step - 1]]
        fresh = (above >= 0) & ~(path[rows, :step] == above[:, None]).any(axis=1)
        rows, above = rows[fresh], above[fresh]
        if not len(rows):
            break
        path[rows, step] = above
        found_rows.append(rows)
        found_nodes.append(above)
    if not found_rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object)
    return np.concatenate(found_rows), np.asarray(nodes, dtype=object)[np.concatenate(found_nodes)]


ROSTER_NEEDED = "Load the staff roster (a spreadsheet with each person's team, manager and whether they are a practitioner)."


@dataclass(frozen=True)
class Persons:
    """Everyone a base table mentions, as integer codes ``0..n-1`` (``ids[code]`` is the pseudonym).

    Per code: ``internal``, ``partner``, ``addressed`` (see :func:`diagnostic.roster.roster`) and ``team_code``
    (into ``teams``, -1 when the roster gives no team). Codes follow the sorted pseudonyms, so they
    do not depend on row order.
    """

    ids: pd.Index
    internal: np.ndarray
    partner: np.ndarray
    addressed: np.ndarray
    team_code: np.ndarray
    teams: pd.Index

    def team(self, codes: np.ndarray) -> pd.Categorical:
        """The team of each person code (-1, an unknown person, has none)."""
        team = np.where(codes >= 0, self.team_code[np.maximum(codes, 0)], -1) if len(self.team_code) else np.full(len(codes), -1)
        return pd.Categorical.from_codes(team, categories=self.teams)

    def codes(self, ids: pd.Series) -> np.ndarray:
        """Codes for pseudonyms (-1 for anyone not in this table)."""
        return self.ids.get_indexer(ids.astype("string"))


def encode_people(columns: list[pd.Series], dataset: Dataset, settings: Settings) -> tuple[list[np.ndarray], Persons]:
    """Integer codes for several columns of pseudonyms at once, and what the roster says about each.

    Someone the roster does not list counts as internal, not a partner, not addressed and in no team.
    """
    if len(columns) == 1:  # the meeting table's attendees: already coded in id order
        codes, uniques = factorised(columns[0], sort=True)
        parts = [codes]
    else:
        found = [factorised(c) for c in columns]
        uniques = pd.Index(pd.concat([pd.Series(u, dtype="string") for _, u in found], ignore_index=True).unique()).sort_values()
        parts = []
        for codes, column_uniques in found:
            parts.append(take(uniques.get_indexer(pd.Series(column_uniques, dtype="string")), codes, -1))
    roster = roster_codes(dataset, settings)
    at = positions(roster.ids, pd.Series(uniques, dtype="string"))  # -1 (off the roster) picks each default below
    persons = Persons(
        ids=pd.Index(uniques),
        internal=take(roster.internal, at, True),
        partner=take(roster.partner, at, False),
        addressed=take(roster.addressed, at, False),
        team_code=take(roster.team_code, at, -1),
        teams=roster.teams,
    )
    return parts, persons


@memo_by_tables("people")
def roster_codes(dataset: Dataset, settings: Settings) -> Persons:
    """Everyone on the roster (see :func:`diagnostic.roster.roster`) as :class:`Persons`: what :func:`encode_people` looks people up in."""
    people = roster(dataset, settings).sort_index()
    teams = pd.Index(sorted(people["team"].dropna().astype(str).unique()))
    return Persons(
        ids=pd.Index(people.index, name=None),
        internal=people["internal"].to_numpy(dtype=bool),
        partner=people["partner"].to_numpy(dtype=bool),
        addressed=people["addressed"].to_numpy(dtype=bool),
        team_code=teams.get_indexer(people["team"].astype("string").fillna("\x00")),
        teams=teams,
    )
