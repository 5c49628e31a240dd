"""Indicators measured from per-person activity totals (``volumes``), mostly Viva Insights' own metrics.

Viva Insights already measures much of what the calendar and the message trace are read for:
conflicting meeting hours, after-hours time, one-to-ones with the manager, time outside the
organisation, focus time, network size. Where the finer source (attendance rows, a message
trace, a network of ties) is loaded, it wins; otherwise these functions give the figure from
Viva's metric, and each Measurement's note says that it is Viva's definition and how it differs
from ours. ``n`` is the people the figure rests on (``n_unit`` "people"), each with at least one
period of totals.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.indicators.base import Measurement, not_computed
from diagnostic.indicators.common import DAYS_PER_WEEK, PERCENT, by_team, enough, measured, too_few
from diagnostic.indicators.worktime import period_days, working_days_in_periods, working_window_seconds
from diagnostic.ingest.formats.viva import PERSON_QUERY
from diagnostic.roster import roster
from diagnostic.settings import Settings

TOP_SHARE = 0.05  # the top 5% of people, as the network's concentration figure
FEW_CONTACTS = 2  # "two or fewer colleagues", as the network's people on the edge
SUPERVISION_WINDOW_WEEKS = 4  # one 1:1 in every 4-week window, as the calendar's supervision cadence
VIVA = "Viva Insights"


def finer_first(found: Measurement, viva: Callable[[], Measurement | None]) -> Measurement:
    """``found`` (from the finer source) when it was computed, else the activity-total figure when there is one."""
    if found.computed:
        return found
    fallback = viva()
    return found if fallback is None else fallback


def internal_volumes(dataset: Dataset, settings: Settings, *columns: str) -> pd.DataFrame | None:
    """Activity-total rows of internal people with every named column recorded, with their team; None if none."""
    v = dataset.volumes
    if v is None or v.empty or any(v[c].isna().all() for c in columns):
        return None
    v = v.dropna(subset=["person_id", "period_start", "period_end", *columns])
    people = roster(dataset, settings)
    v = v[v["person_id"].map(people["internal"]).fillna(True).astype(bool).to_numpy()]
    if v.empty:
        return None
    return v.assign(team=v["person_id"].map(people["team"]))


def _known(dataset: Dataset, settings: Settings, seen: int) -> float:
    known = int(roster(dataset, settings)["internal"].sum())
    return seen / known if known else 1.0


def _people_mean(frame: pd.DataFrame, dataset: Dataset, settings: Settings, note: str) -> Measurement:
    """The mean of one value per person (``person_id, value, team``), with its n in people, its coverage and its teams."""
    return measured(
        frame["value"].mean(),
        len(frame),
        "people",
        _known(dataset, settings, len(frame)),
        by_team(frame, settings, "value", how="mean"),
        note,
    )


def _per_person(frame: pd.DataFrame, num: pd.Series, den: pd.Series) -> pd.DataFrame:
    """Per person: the sums of ``num`` and ``den`` over their periods, with their team."""
    sums = pd.DataFrame({"person_id": frame["person_id"].to_numpy(), "num": num.to_numpy(float), "den": den.to_numpy(float)})
    per = sums.groupby("person_id", sort=True)[["num", "den"]].sum()
    per["team"] = frame.groupby("person_id", sort=True)["team"].first()
    return per[per["den"] > 0].reset_index()


def person_share(dataset: Dataset, settings: Settings, num: str, den: str, note: str, what: str = "people") -> Measurement | None:
    """Mean over people of each person's total ``num`` over total ``den``, in %; None when the columns are not loaded."""
    v = internal_volumes(dataset, settings, num, den)
    if v is None:
        return None
    per = _per_person(v, v[num].astype(float), v[den].astype(float))
    if not enough(len(per), settings):
        return not_computed(too_few(len(per), what, settings), len(per), "people")
    per["value"] = PERCENT * per["num"] / per["den"]
    teams = by_team(per, settings, "value", how="mean")
    return measured(per["value"].mean(), len(per), "people", _known(dataset, settings, len(per)), teams, note)


def person_rate(
    dataset: Dataset, settings: Settings, num: str, per_period: Callable[[pd.DataFrame, Settings], np.ndarray], note: str
) -> Measurement | None:
    """Median over people of total ``num`` over the total of ``per_period`` (weeks, working days) of their periods."""
    v = internal_volumes(dataset, settings, num)
    if v is None:
        return None
    per = _per_person(v, v[num].astype(float), pd.Series(per_period(v, settings), index=v.index, dtype=float))
    if not enough(len(per), settings):
        return not_computed(too_few(len(per), "people in the activity totals", settings), len(per), "people")
    per["value"] = per["num"] / per["den"]
    teams = by_team(per, settings, "value", how="median")
    return measured(per["value"].median(), len(per), "people", _known(dataset, settings, len(per)), teams, note)


def weeks(v: pd.DataFrame, settings: Settings) -> np.ndarray:
    return period_days(v["period_start"], v["period_end"]) / DAYS_PER_WEEK


def working_days(v: pd.DataFrame, settings: Settings) -> np.ndarray:
    return working_days_in_periods(v["period_start"], v["period_end"], settings).astype(float)


def working_hours(v: pd.DataFrame, settings: Settings) -> np.ndarray:
    start, end = working_window_seconds(settings)
    return working_days(v, settings) * max(end - start, 0) / 3600


def focus_share(dataset: Dataset, settings: Settings) -> Measurement | None:
    """Viva's available-to-focus (or uninterrupted) hours over the working hours of each period, mean over people."""
    v = internal_volumes(dataset, settings, "focus_hours")
    if v is None:
        return None
    per = _per_person(v, v["focus_hours"].astype(float), pd.Series(working_hours(v, settings), index=v.index))
    if not enough(len(per), settings):
        return not_computed(too_few(len(per), "people with focus hours", settings), len(per), "people")
    per["value"] = np.minimum(PERCENT * per["num"] / per["den"], PERCENT)
    note = (
        f"{VIVA}' available-to-focus hours (its own count of open time in the person's Outlook working hours), over the "
        f"working hours in the settings ({settings.work_start}–{settings.work_end}); ours counts open blocks of two hours or "
        "more in each calendar."
    )
    return measured(
        per["value"].mean(), len(per), "people", _known(dataset, settings, len(per)), by_team(per, settings, "value", how="mean"), note
    )


def one_to_one_cadence(dataset: Dataset, settings: Settings) -> Measurement | None:
    """Share of people with meeting or call time with only their manager in every complete 4-week window."""
    v = internal_volumes(dataset, settings, "manager_1to1_hours")
    if v is None:
        return None
    first = v["period_start"].min()
    window = ((v["period_start"] - first).dt.days // (DAYS_PER_WEEK * SUPERVISION_WINDOW_WEEKS)).to_numpy()
    last = int(((v["period_end"].max() - first).days) // (DAYS_PER_WEEK * SUPERVISION_WINDOW_WEEKS))
    windows = max(1, last)
    met = pd.DataFrame({"person_id": v["person_id"].to_numpy(), "window": window, "met": v["manager_1to1_hours"].to_numpy(float) > 0})
    met = met[met["window"] < windows]
    covered = met[met["met"]].groupby("person_id")["window"].nunique()
    people = pd.Index(sorted(met["person_id"].unique()))
    if not enough(len(people), settings):
        return not_computed(too_few(len(people), "people in the activity totals", settings), len(people), "people")
    value = covered.reindex(people, fill_value=0) >= windows
    frame = pd.DataFrame(
        {
            "person_id": people,
            "value": PERCENT * value.to_numpy(float),
            "team": v.groupby("person_id")["team"].first().reindex(people).to_numpy(),
        }
    )
    note = (
        f"{VIVA}' meeting and call hours with the manager one-to-one, over {windows} four-week window{'s' if windows > 1 else ''}: "
        "everyone in the query, not only practitioners (Viva does not say who holds work with families), and the manager is "
        "the one in Viva's HR data, not the roster's."
    )
    return _people_mean(frame, dataset, settings, note)


def weekly_means(dataset: Dataset, settings: Settings, column: str) -> pd.Series | None:
    """Each internal person's mean of ``column`` per week of totals (person_id -> value), or None."""
    v = internal_volumes(dataset, settings, column)
    if v is None:
        return None
    per = _per_person(v, v[column].astype(float), pd.Series(weeks(v, settings), index=v.index))
    return pd.Series((per["num"] / per["den"]).to_numpy(), index=per["person_id"])


def concentration(dataset: Dataset, settings: Settings) -> Measurement | None:
    """Share of all collaboration hours held by the 5% of people with the most (Viva's collaboration hours)."""
    hours = weekly_means(dataset, settings, "collaboration_hours")
    if hours is None:
        return None
    needed = math.ceil(settings.min_group_size / TOP_SHARE)
    if len(hours) < needed:
        return not_computed(
            f"Not computed: {len(hours)} people in the activity totals; at least {needed} are needed so that the top 5% is a group of "
            f"{settings.min_group_size} or more.",
            len(hours),
            "people",
        )
    top = max(1, math.ceil(TOP_SHARE * len(hours)))
    value = PERCENT * np.sort(hours.to_numpy())[::-1][:top].sum() / hours.sum() if hours.sum() > 0 else 0.0
    note = (
        f"From {VIVA}' collaboration hours (email, chat, calls and meetings with anyone): the top 5% is {top} people. "
        "Ours counts ties in the network; Viva's hours include time with people outside the council."
    )
    return measured(value, len(hours), "people", _known(dataset, settings, len(hours)), None, note)


def few_contacts(dataset: Dataset, settings: Settings) -> Measurement | None:
    """Share of people whose typical week has two or fewer colleagues in Viva's internal network size (else collaboration span)."""
    for column, name in (("internal_network_size", "internal network size"), ("collaboration_span", "collaboration span")):
        size = weekly_means(dataset, settings, column)
        if size is not None:
            break
    else:
        return None
    if not enough(len(size), settings):
        return not_computed(too_few(len(size), "people in the activity totals", settings), len(size), "people")
    v = internal_volumes(dataset, settings, column)
    frame = pd.DataFrame({"person_id": size.index, "value": PERCENT * (size.to_numpy() <= FEW_CONTACTS)})
    frame["team"] = frame["person_id"].map(v.groupby("person_id")["team"].first())
    note = (
        f"From {VIVA}' {name} (colleagues with meaningful contact, by Viva's own rule and window), averaged per week; "
        "ours counts colleagues met or written to in a 4-week window."
    )
    return _people_mean(frame, dataset, settings, note)


def outside_share(dataset: Dataset, settings: Settings) -> Measurement | None:
    """Share of each person's contacts outside the organisation (Viva's external over internal plus external network size)."""
    v = internal_volumes(dataset, settings, "internal_network_size", "external_network_size")
    if v is None:
        return None
    total = v["internal_network_size"].astype(float) + v["external_network_size"].astype(float)
    per = _per_person(v, v["external_network_size"].astype(float), total)
    if not enough(len(per), settings):
        return not_computed(too_few(len(per), "people in the activity totals", settings), len(per), "people")
    value = PERCENT * per["num"].sum() / per["den"].sum()
    note = (
        f"From {VIVA}' external and internal network sizes: people outside the organisation over all people each person had "
        "meaningful contact with. Viva counts anyone outside the company, not only partner agencies, and people rather than ties."
    )
    return measured(
        value, len(per), "people", _known(dataset, settings, len(per)), by_team(per, settings, "num", "den", scale=PERCENT), note
    )


def supervisor_share(dataset: Dataset, settings: Settings) -> Measurement | None:
    """Share of the people in Viva's person query whose ``SupervisorIndicator`` says they manage others.

    The catalogue's measure is the share of people in social-work roles who hold no work with
    families, which only a staff list's practitioner column can say; managing others is the nearest
    thing Viva's HR data records, so the note says what it misses and what it counts wrongly.
    """
    v = internal_volumes(dataset, settings)
    if v is None:
        return None
    ids = pd.Index(v.loc[v["source_format"] == PERSON_QUERY, "person_id"].unique())
    people = roster(dataset, settings).reindex(ids)
    people = people[people["is_manager"].notna()]
    if people.empty:
        return None
    if not enough(len(people), settings):
        return not_computed(too_few(len(people), "people with Viva's SupervisorIndicator", settings), len(people), "people")
    frame = pd.DataFrame(
        {"person_id": people.index, "value": PERCENT * people["is_manager"].astype(bool).to_numpy(float), "team": people["team"].to_numpy()}
    )
    note = (
        f"From {VIVA}' SupervisorIndicator: people who manage others, out of everyone in the person query. Viva cannot tell who "
        "holds work with children and families, so people in roles without cases who manage no one (business support, quality "
        "assurance) are missed, practitioners who also supervise are counted, and everyone in the query counts, not only "
        "people in social-work roles. A staff list with a practitioner column gives the catalogue's measure and is used instead."
    )
    return _people_mean(frame, dataset, settings, note)
