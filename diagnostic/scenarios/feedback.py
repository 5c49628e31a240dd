"""Feedback levers: answer within N working days, act on feedback, and tell people what was done."""

from __future__ import annotations

import numpy as np
import pandas as pd

from diagnostic.dataset import TZ, Dataset
from diagnostic.dates import bank_holidays, working_days_between
from diagnostic.scenarios.lever import Lever, set_share, true
from diagnostic.settings import Settings

OFF = 0  # the response-time lever's "leave response times as they are"
MAX_RESPONSE_DAYS = 20  # the statutory ceiling for a stage 1 complaint
WITHDRAWN = "withdrawn"
FEEDBACK_TABLES = ("feedback",)


def add_working_days(received: pd.Series, days: int) -> pd.Series:
    """The ``days``-th working day after each date, at the same time of day.

    Counted as the complaints regulations count: from the day after receipt, Monday to Friday,
    without England and Wales bank holidays (so :func:`working_days_between` gives ``days`` back).
    """
    local = received.dt.tz_localize(None)
    day = local.dt.normalize()
    start = day.to_numpy().astype("datetime64[D]") + np.timedelta64(1, "D")
    years = pd.DatetimeIndex(start).year
    holidays = np.array(bank_holidays(int(years.min()), int(years.max()) + 1), dtype="datetime64[D]")
    target = np.busday_offset(start, days - 1, roll="forward", holidays=holidays)
    answered = pd.Series(pd.to_datetime(target), index=received.index) + (local - day)
    return answered.dt.tz_localize(TZ, ambiguous="NaT", nonexistent="shift_forward").astype(received.dtype)


def respond_within(dataset: Dataset, days: float, settings: Settings) -> Dataset:
    """Every item not yet answered, or answered later than ``days`` working days, is answered on the last of them."""
    feedback = dataset.feedback
    days = int(days)
    if feedback is None or days <= OFF:
        return dataset
    received = feedback["received"]
    withdrawn = (feedback["outcome"].str.casefold() == WITHDRAWN).fillna(False).astype(bool)
    took = working_days_between(received, feedback["responded"])
    late = received.notna() & ~withdrawn & (feedback["responded"].isna() | (took > days).fillna(False).astype(bool))
    if not late.any():
        return dataset
    changed = feedback.copy()
    changed.loc[late, "responded"] = add_working_days(received[late], days)
    return dataset.with_tables(feedback=changed)


def act_on_feedback(dataset: Dataset, percent: float, settings: Settings) -> Dataset:
    """Take action on ``percent`` of the feedback where none is recorded (withdrawn items excluded)."""
    feedback = dataset.feedback
    if feedback is None or percent <= 0:
        return dataset
    withdrawn = (feedback["outcome"].str.casefold() == WITHDRAWN).fillna(False).astype(bool)
    changed = set_share(
        feedback, "feedback_id", ~true(feedback["action_taken"]) & ~withdrawn, "action_taken", True, percent, "act_on_feedback"
    )
    return dataset if changed is feedback else dataset.with_tables(feedback=changed)


def close_loop(dataset: Dataset, percent: float, settings: Settings) -> Dataset:
    """Tell the person what was done ("you said, we did") for ``percent`` of the items acted on and not yet reported back."""
    feedback = dataset.feedback
    if feedback is None or percent <= 0:
        return dataset
    acted = feedback["action_taken"].fillna(True).astype(bool)
    changed = set_share(feedback, "feedback_id", acted & ~true(feedback["closed_loop"]), "closed_loop", True, percent, "close_the_loop")
    return dataset if changed is feedback else dataset.with_tables(feedback=changed)


LEVERS: tuple[Lever, ...] = (
    Lever(
        id="respond_within_days",
        label="Answer all feedback within (0: as now)",
        unit="working days",
        min=OFF,
        max=MAX_RESPONSE_DAYS,
        default=OFF,
        step=1,
        moves=("complaint_stage1_in_10wd", "complaint_stage1_over_20wd"),
        apply=respond_within,
        help="Answers every complaint and comment within this many working days; 0 leaves response times as they are.",
        tables=FEEDBACK_TABLES,
    ),
    Lever(
        id="act_on_feedback",
        label="Act on feedback",
        unit="%",
        min=0,
        max=100,
        default=0,
        step=10,
        moves=("action_taken_rate",),
        apply=act_on_feedback,
        help="Records an action for this share of the feedback where no action is recorded yet.",
        tables=FEEDBACK_TABLES,
    ),
    Lever(
        id="close_the_loop",
        label="Tell people what we did",
        unit="%",
        min=0,
        max=100,
        default=0,
        step=10,
        moves=("closed_loop_rate", "staff_feedback_loop_rate"),
        apply=close_loop,
        help="Reports back (“you said, we did”) on this share of the feedback that was acted on but not yet reported back.",
        tables=FEEDBACK_TABLES,
    ),
)
