"""What staff say in their own survey: free to speak their mind, and a workload they can manage.

Councils that run Viva Glint or Viva Pulse often join the results to Viva Insights as
organisational data, so a person query carries each person's answer to a few survey items on a
1-5 agreement scale (Microsoft's sample calls them ``Speak_My_Mind`` and ``Workload``). Each
indicator is the share of people whose latest answer is favourable (4 or 5: agree or strongly
agree), counted over the people who answered, with the minimum group size as its floor: an
answer is a person's own view, so no figure rests on fewer people, and none is ever shown for a
person.
"""

from __future__ import annotations

import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.indicators.base import Measurement, not_computed
from diagnostic.indicators.common import PERCENT, by_team, enough, measured, of_all, too_few
from diagnostic.indicators.viva_measures import internal_volumes
from diagnostic.settings import Settings

FAVOURABLE = 4  # of 5: agree or strongly agree, as survey tools count "favourable"
NO_ANSWERS = (
    "Not computed: no answers to the staff-survey statement “{item}” were loaded. If your council runs Viva Glint or "
    "Viva Pulse, join its results to Viva Insights as organisational data (a column such as {header}, answers 1 to 5) "
    "and load the person query again."
)


def latest_answers(dataset: Dataset, settings: Settings, column: str) -> pd.DataFrame | None:
    """Each internal person's latest answer to one survey item (person_id, answer, team), or None.

    The answer of the person's latest period wins; two answers in one period (the same person in
    two files) are settled by their values, the lower winning, so the rows' order decides
    nothing and a repeated row never flatters the figure.
    """
    v = internal_volumes(dataset, settings, column)
    if v is None:
        return None
    rows = v[["person_id", "period_start", column, "team"]].sort_values(
        ["person_id", "period_start", column], ascending=[True, True, False], kind="stable"
    )
    last = rows.groupby("person_id", sort=True).tail(1)
    return pd.DataFrame(
        {"person_id": last["person_id"].to_numpy(), "answer": last[column].to_numpy(float), "team": last["team"].to_numpy()}
    )


def favourable_share(dataset: Dataset, settings: Settings, column: str, item: str, header: str) -> Measurement:
    """Share of people whose latest answer to ``item`` is 4 or 5 of 5, over the people who answered."""
    answers = latest_answers(dataset, settings, column)
    if answers is None:
        return not_computed(NO_ANSWERS.format(item=item, header=header))
    if not enough(len(answers), settings):
        return not_computed(too_few(len(answers), "people who answered", settings), len(answers), "respondents")
    answers["value"] = PERCENT * (answers["answer"] >= FAVOURABLE)
    seen = int(internal_volumes(dataset, settings)["person_id"].nunique())
    note = (
        f"People whose latest answer to “{item}” was 4 or 5 of 5 (agree or strongly agree), out of the "
        f"{len(answers):,} who answered; people who did not answer are left out, not counted as unfavourable."
    )
    return measured(
        answers["value"].mean(),
        len(answers),
        "respondents",
        len(answers) / seen if seen else None,
        by_team(answers, settings, "value", how="mean"),
        note,
        of_all(seen, "people in the activity data"),
    )


def staff_voice_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Psychological safety in one statement: what "an open, honest dialogue" rests on."""
    return favourable_share(dataset, settings, "speak_my_mind", "I feel free to speak my mind", "Speak_My_Mind")


def manageable_workload_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Staff's own word on what the calendar and email figures can only infer: whether the work fits."""
    return favourable_share(dataset, settings, "workload_rating", "My workload is manageable", "Workload")
