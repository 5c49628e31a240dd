"""The message trace as integer codes, the base table every email indicator starts from.

Built once per Dataset (see :func:`~diagnostic.indicators.common.memo_by_tables`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from diagnostic.columns import take
from diagnostic.dataset import Dataset
from diagnostic.indicators.common import SECONDS_PER_DAY, memo_by_tables
from diagnostic.indicators.people import Persons, encode_people
from diagnostic.indicators.worktime import wall_seconds
from diagnostic.roster import roster
from diagnostic.settings import Settings

TO, CC, BCC, UNKNOWN = 1, 2, 3, 0  # recipient types as codes
_RECIPIENT_TYPES = {"to": TO, "cc": CC, "bcc": BCC}


def _first_seen(codes: np.ndarray) -> np.ndarray:
    """True at the first row of each code, for codes numbered in order of first appearance.

    A row is a first appearance exactly when its code exceeds every code before it: one pass,
    no hashing.
    """
    before = np.maximum.accumulate(np.concatenate([[-1], codes[:-1]]))
    return codes > before


@dataclass(frozen=True)
class EmailRows:
    """The message trace as numbers, shared by the email indicators.

    ``rows``: one row per message x recipient from internal senders: msg (int code), sender,
    recipient (person codes, see ``persons``), rtype (``TO``, ``CC``, ``BCC`` or ``UNKNOWN``),
    team (the sender's, categorical). ``sent``: one row per message from an internal sender: msg,
    sender, team, wall_s (local wall-clock seconds), recipients (its rows). ``received``: per
    internal recipient code, distinct messages received from anyone (``person_id``, ``received``,
    ``team``).
    """

    rows: pd.DataFrame
    sent: pd.DataFrame
    received: pd.DataFrame
    persons: Persons
    first_day: date
    last_day: date
    people_known: int


@memo_by_tables("messages", "teams")
def email_rows(dataset: Dataset, settings: Settings) -> EmailRows | None:
    """Build :class:`EmailRows`, or None when no usable message row was loaded."""
    messages = dataset.messages
    if messages is None or messages.empty:
        return None
    usable = (messages["message_id"].notna() & messages["sender_id"].notna() & messages["sent_at"].notna()).to_numpy(dtype=bool)
    if not usable.any():
        return None
    if not usable.all():
        messages = messages[usable]
    (sender, recipient), persons = encode_people([messages["sender_id"], messages["recipient_id"]], dataset, settings)
    msg = pd.factorize(messages["message_id"], sort=False)[0]  # numbered in order of first appearance
    type_codes, type_names = pd.factorize(messages["recipient_type"])
    types = np.array([_RECIPIENT_TYPES.get(str(t).strip().lower(), UNKNOWN) for t in type_names], dtype=np.int8)
    rtype = take(types, type_codes, np.int8(UNKNOWN))
    width = np.int64(len(persons.ids) + 1)
    once = ~pd.Series(msg.astype(np.int64) * width + recipient + 1).duplicated().to_numpy()  # a trace may repeat a delivery
    has_recipient = recipient >= 0
    recipient_internal = once & has_recipient & persons.internal[np.maximum(recipient, 0)]
    counts = np.bincount(recipient[recipient_internal], minlength=len(persons.ids))
    got = np.flatnonzero(counts)
    received = pd.DataFrame({"person_id": got, "received": counts[got], "team": persons.team(got)})
    own = persons.internal[sender]
    keep = own & has_recipient & once
    rows = pd.DataFrame({"msg": msg[keep], "sender": sender[keep], "recipient": recipient[keep], "rtype": rtype[keep]})
    rows["team"] = persons.team(rows["sender"].to_numpy())
    first = np.flatnonzero(_first_seen(msg) & own)
    sent = pd.DataFrame({"msg": msg[first], "sender": sender[first], "wall_s": wall_seconds(messages["sent_at"].iloc[first])})
    sent["team"] = persons.team(sent["sender"].to_numpy())
    sent["recipients"] = np.bincount(rows["msg"].to_numpy(), minlength=int(msg.max()) + 1)[sent["msg"].to_numpy()]
    day = sent["wall_s"].to_numpy() // SECONDS_PER_DAY if len(sent) else wall_seconds(messages["sent_at"]) // SECONDS_PER_DAY
    return EmailRows(
        rows=rows,
        sent=sent,
        received=received,
        persons=persons,
        first_day=pd.Timestamp(int(day.min()), unit="D").date(),
        last_day=pd.Timestamp(int(day.max()), unit="D").date(),
        people_known=int(roster(dataset, settings)["internal"].sum()),
    )
