"""Sources that must join: are the people of the activity data the people whose team is known?

A team-level figure joins two sources: who did what (a calendar, a message trace, a person-to-
person query) and who is in which team (the roster, or the organisation column of a Viva person
query). When they describe different people (another organisation's roster, a query of another
year) the join silently puts everyone in "Unknown team", and a figure such as team cohesion reads
0%. So the overlap is measured for each activity source, and under half in common the indicators
that declare the join (``Indicator.joins``) are not computed and a warning says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.memo import IdentityMemo
from diagnostic.periods import shown_name
from diagnostic.roster import enough_in_common, roster
from diagnostic.settings import Settings
from diagnostic.wording import number

TEAMS = "teams"  # the one join declared today: activity people with a known team
# Activity tables and the columns naming the people who acted in them.
ACTIVITY_PEOPLE: dict[str, tuple[str, ...]] = {
    "attendance": ("person_id",),
    "messages": ("sender_id", "recipient_id"),
    "ties": ("person_a", "person_b"),
    "volumes": ("person_id",),
}
SOURCE_NAMES = {
    "attendance": "calendar files",
    "messages": "message trace",
    "ties": "person-to-person query",
    "volumes": "activity report or person query",
}


@dataclass(frozen=True)
class Overlap:
    """How many of the internal people of some activity tables have a known team."""

    tables: tuple[str, ...]
    in_common: int
    people: int

    @property
    def share(self) -> float:
        return self.in_common / self.people if self.people else 1.0

    @property
    def joins(self) -> bool:
        return enough_in_common(self.share)

    def message(self) -> str:
        """The plain warning (counts only, never a name)."""
        source = " and ".join(SOURCE_NAMES[t] for t in self.tables)
        return (
            f"Only {self.in_common:,} of the {number(self.people, 'staff')} in the {source} have a known team (from the roster or "
            "a person query): under half, so the figures that need both, such as cross-team connection and team cohesion, are "
            "not computed. Check both files come from the same organisation and period, and that the roster lists staff by email."
        )

    def files(self, results: Sequence) -> tuple[str, ...]:
        """The files of the activity tables and the files giving teams (LoadResult in, shown names out)."""
        out = set()
        for r in results:
            d = r.dataset
            gives_teams = d.people is not None and d.people["team"].notna().any()
            if r.usable and (gives_teams or any(d.has(t) for t in self.tables)):
                out.add(shown_name(r))
        return tuple(sorted(out))


def overlap(dataset: Dataset, settings: Settings, tables: Sequence[str]) -> Overlap:
    """The internal people of the named activity tables (those present), and how many have a known team."""
    tables = tuple(t for t in ACTIVITY_PEOPLE if t in tables and dataset.has(t))
    frames = (dataset.people, *(getattr(dataset, t) for t in tables))
    return _MEMO.get(frames, (settings.key, tables), lambda: _overlap(dataset, settings, tables))


def _overlap(dataset: Dataset, settings: Settings, tables: tuple[str, ...]) -> Overlap:
    internal = _internal_people(dataset, settings, tables)
    with_team = roster(dataset, settings)["team"].reindex(internal).notna().to_numpy()
    return Overlap(tables, int(with_team.sum()), len(internal))


def _internal_people(dataset: Dataset, settings: Settings, tables: Sequence[str]) -> pd.Index:
    """The staff (not partners) named in the people columns of the tables (someone no file places is counted as staff)."""
    ids = pd.concat([getattr(dataset, t)[c].dropna() for t in tables for c in ACTIVITY_PEOPLE[t]], ignore_index=True)
    people = pd.Index(ids.unique())
    return people[roster(dataset, settings)["internal"].reindex(people).fillna(True).astype(bool).to_numpy()]


def unjoined(dataset: Dataset, settings: Settings, tables: Sequence[str]) -> Overlap | None:
    """The first of the named activity tables with under half of its people having a known team, else None.

    Each table is checked on its own: pooled, a person query's people (who carry their own teams)
    would make up for a person-to-person query of other people. Without any team source there is
    nothing to join: that is a missing roster, which each indicator and the findings say in their
    own words.
    """
    if not roster(dataset, settings)["team"].notna().any():
        return None
    for table in ACTIVITY_PEOPLE:
        if table in tables and dataset.has(table):
            found = overlap(dataset, settings, (table,))
            if found.people and not found.joins:
                return found
    return None


def failed_joins(dataset: Dataset, settings: Settings) -> list[Overlap]:
    """Each activity source present with under half of its people in the team source."""
    return [o for t in ACTIVITY_PEOPLE if (o := unjoined(dataset, settings, (t,))) is not None]


# Sources that describe the same staff from two sides: an activity report or Viva person query
# beside the calendar, the message trace or the person-to-person query of the same organisation.
PAIRS: tuple[tuple[str, str], ...] = (("volumes", "ties"), ("volumes", "attendance"), ("volumes", "messages"))


@dataclass(frozen=True)
class Shared:
    """Two activity sources and the internal staff they have in common."""

    tables: tuple[str, str]
    in_common: int
    fewer: int  # staff in the smaller of the two

    def message(self) -> str:
        first, second = (SOURCE_NAMES[t] for t in self.tables)
        return (
            f"The {first} and the {second} have {self.in_common:,} of their staff in common, out of "
            f"{number(self.fewer, 'staff')} in the smaller: under half, so they may describe different organisations or periods, "
            "and their figures cannot be read together. Check both were exported for the same organisation and period."
        )

    def files(self, results: Sequence) -> tuple[str, ...]:
        """The files of the two sources (LoadResult in, shown names out)."""
        return tuple(sorted({shown_name(r) for r in results if r.usable and any(r.dataset.has(t) for t in self.tables)}))


def unshared_pairs(dataset: Dataset, settings: Settings) -> list[Shared]:
    """Pairs of activity sources present with under half of the smaller one's staff in the other."""
    out = []
    for pair in PAIRS:
        if not dataset.has(*pair):
            continue
        a, b = (_internal_people(dataset, settings, (t,)) for t in pair)
        fewer = min(len(a), len(b))
        common = len(a.intersection(b))
        if fewer and not enough_in_common(common / fewer):
            out.append(Shared(pair, common, fewer))
    return out


_MEMO: IdentityMemo[Overlap] = IdentityMemo(32)
