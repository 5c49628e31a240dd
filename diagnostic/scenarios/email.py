"""Email levers: hold email written out of hours until the next working morning, and copy fewer people in."""

from __future__ import annotations

import numpy as np
import pandas as pd

from diagnostic.dataset import TZ, Dataset
from diagnostic.dates import bank_holidays
from diagnostic.roster import roster
from diagnostic.scenarios.lever import Lever, choose_groups, choose_rows, fraction
from diagnostic.settings import Settings

DAYS_PER_WEEK = 7
MINUTES_PER_DAY = 24 * 60
EPOCH_WEEKDAY = 3  # 1 January 1970 was a Thursday (Monday = 0)
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


def outside_working_hours(sent: pd.Series, settings: Settings) -> np.ndarray:
    """True where a time falls outside working hours: :func:`diagnostic.dates.is_working_time`, inverted.

    Computed on the local wall-clock as integers, because a message trace has a million rows and
    pandas' date-part accessors are slow over that many.
    """
    local = sent.dt.tz_localize(None).to_numpy().astype("datetime64[m]").astype(np.int64)
    day, minute = np.divmod(local, MINUTES_PER_DAY)
    weekday = (day + EPOCH_WEEKDAY) % DAYS_PER_WEEK
    start, end = (_minutes(t) for t in (settings.work_start, settings.work_end))
    working = np.isin(weekday, settings.work_days) & (minute >= start) & (minute < end)
    return sent.notna().to_numpy() & ~working


def _minutes(clock: str) -> int:
    hours, minutes = (int(x) for x in clock.split(":"))
    return hours * 60 + minutes


def hold_after_hours(dataset: Dataset, percent: float, settings: Settings) -> Dataset:
    """Send ``percent`` of the email written outside working hours at the start of the next working day instead."""
    messages = dataset.messages
    if messages is None or percent <= 0:
        return dataset
    sent = messages["sent_at"]
    outside = outside_working_hours(sent, settings)
    if dataset.people is not None:  # partners' email is theirs to send: the roster's one rule says who is outside
        staff = roster(dataset, settings)
        outside &= ~messages["sender_id"].isin(staff.index[~staff["internal"].to_numpy()]).to_numpy()
    if not outside.any():
        return dataset
    held = np.zeros(len(messages), dtype=bool)
    held[outside] = choose_groups(messages.loc[outside, "message_id"], fraction(percent), "hold_after_hours_email")
    if not held.any():
        return dataset
    changed = messages.copy()
    changed.loc[held, "sent_at"] = next_working_morning(sent[held], settings)
    return dataset.with_tables(messages=changed)


def drop_cc(dataset: Dataset, percent: float, settings: Settings) -> Dataset:
    """Remove ``percent`` of copied-in (cc) recipients. Exports that do not say to/cc/bcc change nothing."""
    messages = dataset.messages
    if messages is None or percent <= 0:
        return dataset
    cc = (messages["recipient_type"].str.lower() == "cc").fillna(False).to_numpy(dtype=bool)
    if not cc.any():
        return dataset
    dropped = np.zeros(len(messages), dtype=bool)
    dropped[cc] = choose_rows(messages.loc[cc, ["message_id", "recipient_id"]], fraction(percent), "drop_cc")
    if not dropped.any():
        return dataset
    codes, uniques = pd.factorize(messages["message_id"])
    removed = np.bincount(codes[dropped & (codes >= 0)], minlength=len(uniques))
    fewer = np.where(codes >= 0, removed[np.maximum(codes, 0)], 0)[~dropped]
    kept = messages[~dropped].reset_index(drop=True)
    kept["n_recipients"] = kept["n_recipients"] - fewer
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
