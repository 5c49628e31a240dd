"""Whether team figures can honestly be given: a team attribute chosen, and a known team for most people.

HR attributes such as a department are not teams; until the user chooses which attribute is the
team (``Settings.team_attribute``), figures that need real teams say so rather than describe
departments. A figure about teams also needs a known team for most of the people it is about.
"""

from __future__ import annotations

from diagnostic.columns import isin
from diagnostic.dataset import Dataset
from diagnostic.roster import enough_in_common, roster
from diagnostic.settings import Settings

NO_TEAM_CHOSEN = (
    "Not computed: no team attribute chosen. The files carry HR attributes (such as Organization or GroupName) but none "
    "has been chosen as the team. Choose one on Home, under Teams, or give --team-attribute on the command line."
)


def team_gap(dataset: Dataset, settings: Settings, known: float | None = None) -> str | None:
    """Why team figures cannot be given: no attribute chosen as team, or most people without a known team; None if they can.

    ``known`` is the share of the people the figure is about who have a team (the network's people);
    by default, the internal people a staff list or HR attributes describe.
    """
    people = roster(dataset, settings)
    # columns.isin looks each distinct id up once; Index.isin makes an Arrow scalar of every attribute row
    described = isin(people.index.to_series(), dataset.attributes["person_id"]) if dataset.has("attributes") else people["team"].notna()
    internal = people[people["internal"] & (described | people["team"].notna())]  # the people the staff or HR data describes
    has_team = internal["team"].notna()
    if not has_team.any() and dataset.has("attributes") and not settings.team_attribute:
        return NO_TEAM_CHOSEN
    share = float(has_team.mean()) if known is None and len(internal) else known
    if share is not None and has_team.any() and not enough_in_common(share):
        return (
            f"Not computed: only {round(100 * share)}% of the people in the data have a known team, so team figures would describe "
            "a minority. Load a staff list, or choose a team attribute that every file carries."
        )
    return None
