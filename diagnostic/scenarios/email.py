"""Email levers: hold email written out of hours until the next working morning, and copy fewer people in."""

from __future__ import annotations

import numpy as np
import pandas as pd

from diagnostic.dataset import TZ, Dataset
from diagnostic.dates import bank_holidays, is_working_time
from diagnostic.scenarios.lever import Lever, choose_groups, choose_rows, fraction
from diagnostic.scenarios.roster import external
from diagnostic.settings import Settings

DAYS_PER_WEEK = 7
EMAIL_TABLES = ("messages",)


def working_days_mask(work_days: tuple[int, ...]) -> str:
    """numpy's weekmask ("1111100") from Monday-based working-day numbers."""
    return "".join("1" if d in work_days else "0" for d in range(DAYS_PER_WEEK))


def next_working_morning(sent: pd.Series, settings: Settings) -> pd.Series:
    """The start of the working day at or after each time: the same morning if it is still early, else the next working day.

    Weekends (as the settings define them) and England and Wales bank holidays are skipped.
    """
    local = sent.dt.tz_localize(None)
    day = local.dt.normalize().to_numpy().astype("datetime64[D]")
    hour, minute = (int(x) for x in settings.work_start.split(":"))
    early = (local.dt.hour * 60 + local.dt.minute < hour * 60 + minute).to_numpy()
    base = np.where(early, day, day + np.timedelta64(1, "D"))
    years = pd.DatetimeIndex(base).year
    holidays = np.array(bank_holidays(int(years.min()), int(years.max()) + 1), dtype="datetime64[D]")
    target = np.busday_offset(base, 0, roll="forward", weekmask=working_days_mask(settings.work_days), holidays=holidays)
    morning = pd.to_datetime(target) + pd.Timedelta(hours=hour, minutes=minute)
    return pd.Series(morning, index=sent.index).dt.tz_localize(TZ, ambiguous="NaT", nonexistent="shift_forward").astype(sent.dtype)


def hold_after_hours(dataset: Dataset, percent: float, settings: Settings) -> Dataset:
    """Send ``percent`` of the email written outside working hours at the start of the next working day instead."""
    messages = dataset.messages
    if messages is None or percent <= 0:
        return dataset
    sent = messages["sent_at"]
    outside = sent.notna() & ~is_working_time(sent, settings.work_start, settings.work_end, settings.work_days).fillna(True).astype(bool)
    if dataset.people is not None:
        outside &= ~messages["sender_id"].isin(external(dataset.people))
    if not outside.any():
        return dataset
    held_rows = messages.index[outside.to_numpy()][
        choose_groups(messages.loc[outside, "message_id"], fraction(percent), "hold_after_hours_email")
    ]
    if len(held_rows) == 0:
        return dataset
    changed = messages.copy()
    changed.loc[held_rows, "sent_at"] = next_working_morning(sent.loc[held_rows], settings)
    return dataset.with_tables(messages=changed)


def drop_cc(dataset: Dataset, percent: float, settings: Settings) -> Dataset:
    """Remove ``percent`` of copied-in (cc) recipients. Exports that do not say to/cc/bcc change nothing."""
    messages = dataset.messages
    if messages is None or percent <= 0:
        return dataset
    cc = (messages["recipient_type"].str.casefold() == "cc").fillna(False).astype(bool)
    if not cc.any():
        return dataset
    copied = messages[cc]
    dropped = copied.index[choose_rows(copied[["message_id", "recipient_id"]], fraction(percent), "drop_cc")]
    if len(dropped) == 0:
        return dataset
    removed = messages.loc[dropped, "message_id"].value_counts()
    kept = messages.drop(index=dropped)
    fewer = kept["message_id"].map(removed).fillna(0).astype("Int64")
    kept = kept.assign(n_recipients=kept["n_recipients"] - fewer).reset_index(drop=True)
    return dataset.with_tables(messages=kept)


LEVERS: tuple[Lever, ...] = (
    Lever(
        id="hold_after_hours_email",
        label="Hold email sent out of hours",
        unit="%",
        min=0,
        max=100,
        default=0,
        step=10,
        moves=("after_hours_email_share",),
        apply=hold_after_hours,
        help="Sends this share of email written outside working hours at the start of the next working day instead.",
        tables=EMAIL_TABLES,
    ),
    Lever(
        id="drop_cc",
        label="Copy fewer people in",
        unit="%",
        min=0,
        max=100,
        default=0,
        step=10,
        moves=("cc_share", "mean_recipients_per_message"),
        apply=drop_cc,
        help="Removes this share of copied-in (cc) recipients; it needs an export that says who was copied in.",
        tables=EMAIL_TABLES,
    ),
)
