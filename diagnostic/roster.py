"""The roster: who is on the staff list, who is internal, who manages whom.

One view of the ``people`` table (:func:`roster`) serves the indicators and the network alike,
and the rules read from it are written here once: who counts as internal (:func:`is_internal`),
who is a partner, who is a manager (:func:`managers`). The labels every view shares (``INTERNAL``,
``OTHER_TEAMS``) are defined here too, so that a team merged for privacy carries one name
everywhere.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from diagnostic.dataset import SCHEMAS, Dataset, resolve_organisations
from diagnostic.memo import IdentityMemo
from diagnostic.settings import Settings

INTERNAL = "internal"  # the organisation of the council's own people
OTHER_EXTERNAL = "Other external"  # an address outside the council and every partner agency: private mail
NOT_A_PARTNER = (INTERNAL, OTHER_EXTERNAL)
TEAMS_KNOWN_SHARE = 0.5  # team figures and team views need a known team for this share of the council's people
OTHER_TEAMS = "Other teams"  # teams under the minimum group size, merged before anything is shown
READ = ("team", "role", "organisation", "is_manager", "manager_id", "is_practitioner")  # the people columns the view keeps
FLAGS = ("internal", "partner", "addressed")  # worked out from the organisation and the address

_ROSTERS: IdentityMemo[pd.DataFrame] = IdentityMemo(8)  # read by the network and by every indicator that knows teams


def roster(dataset: Dataset, settings: Settings) -> pd.DataFrame:
    """One row per person of the ``people`` table, indexed by ``person_id`` (empty when there is none).

    Columns: team, role, organisation (organisations the loaders left blank are filled from the
    email domain and the partner-domain map), is_manager, manager_id, is_practitioner, and three
    flags: ``internal`` (see :func:`is_internal`), ``partner`` (a recognised partner agency, not
    "Other external", which is private mail) and ``addressed`` (seen with an email address,
    without which the organisation cannot be told). The first row of a person wins.
    """
    return _ROSTERS.get((dataset.people,), settings.key, lambda: _roster_of(dataset.people, settings))


def _roster_of(people: pd.DataFrame | None, settings: Settings) -> pd.DataFrame:
    if people is None or people.empty:
        columns = {**{c: pd.Series(dtype=SCHEMAS["people"][c]) for c in READ}, **{c: pd.Series(dtype=bool) for c in FLAGS}}
        return pd.DataFrame(columns, index=pd.Index([], name="person_id", dtype="string"))
    people = people.dropna(subset=["person_id"]).drop_duplicates("person_id")
    if (people["organisation"].isna() & people["domain"].notna()).any():
        people = resolve_organisations(people, settings)
    org = people["organisation"]
    return people.set_index("person_id")[list(READ)].assign(
        internal=is_internal(org),
        partner=(org.notna() & ~org.isin(NOT_A_PARTNER)).to_numpy(dtype=bool),
        addressed=people["domain"].notna().to_numpy(dtype=bool),
    )


def enough_in_common(share: float) -> bool:
    """Whether two sources of people join well enough for figures that need both: at least half in common.

    The one rule behind the join checks, the team-level indicators and the network page's team
    views (the share of people with a known team), so that at exactly half they all agree.
    """
    return share >= TEAMS_KNOWN_SHARE


def is_internal(organisation: pd.Series) -> np.ndarray:
    """True for the council's own people: organisation "internal", or none recorded.

    Exports that leave a person's organisation out (a roster-only name, a calendar without
    addresses) are the council's own, so a missing organisation counts as internal.
    """
    return (organisation.isna() | (organisation == INTERNAL)).to_numpy(dtype=bool)


def managers(people: pd.DataFrame) -> pd.Index:
    """Person ids of managers: flagged as one, or named as someone's manager.

    ``people`` is indexed by person id (as :func:`roster` is). Someone named as a manager counts
    even when the roster has no row of their own.
    """
    flagged = people.index[people["is_manager"].fillna(False).to_numpy(dtype=bool)]
    named = people["manager_id"].dropna()
    return pd.Index(pd.concat([pd.Series(flagged, dtype="string"), named.astype("string")]).dropna().unique(), dtype="string")
