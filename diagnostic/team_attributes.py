"""Which HR attributes could be "team": each attribute the files carry, with its groups and their sizes.

Viva Insights queries and staff lists carry several attributes that group people (Organization,
FunctionType, LevelDesignation, GroupName, a service or locality). Only the user can say which of
them is the team people actually work in: a department of 300 is not a team of 8. This summary is
what they choose from; nothing here picks one.
"""

from __future__ import annotations

from dataclasses import dataclass

from diagnostic.dataset import Dataset


@dataclass(frozen=True)
class AttributeGroups:
    """One attribute: how many people have a value, in how many groups, and how large those groups are."""

    name: str
    people: int
    groups: int
    smallest: int
    median: float
    largest: int
    below_minimum: int  # groups smaller than the minimum group size

    def describe(self, min_group_size: int) -> str:
        """Plain English, every number with its unit: "GroupName: 12 groups of 3 to 40 people (typically 9)"."""
        groups = "1 group" if self.groups == 1 else f"{self.groups:,} groups"
        sizes = f"{self.smallest:,} people" if self.smallest == self.largest else f"{self.smallest:,} to {self.largest:,} people"
        small = f"; {self.below_minimum:,} under {min_group_size} people are merged" if self.below_minimum else ""
        return f"{self.name}: {groups} of {sizes} (typically {self.median:g}){small}"


def attribute_groups(dataset: Dataset, min_group_size: int) -> tuple[AttributeGroups, ...]:
    """Every attribute in the ``attributes`` table, by name (each person counted once per attribute)."""
    attributes = dataset.attributes
    if attributes is None or attributes.empty:
        return ()
    rows = attributes.dropna(subset=["person_id", "attribute", "value"]).drop_duplicates(["person_id", "attribute"])
    out = []
    for name, frame in rows.groupby("attribute", sort=True):
        sizes = frame["value"].value_counts()
        out.append(
            AttributeGroups(
                name=str(name),
                people=int(len(frame)),
                groups=int(len(sizes)),
                smallest=int(sizes.min()),
                median=float(sizes.median()),
                largest=int(sizes.max()),
                below_minimum=int((sizes < min_group_size).sum()),
            )
        )
    return tuple(out)
