"""Who is outside the council, for the levers that leave partners' work alone (the rule: :func:`diagnostic.roster.is_internal`)."""

from __future__ import annotations

import pandas as pd

from diagnostic.roster import is_internal


def external(people: pd.DataFrame) -> pd.Index:
    """Person ids of people from partner agencies or other outside organisations."""
    return pd.Index(people.loc[~is_internal(people["organisation"]), "person_id"])
