"""Feedback (indicators.md A4): whose voice is heard, how fast, and what happens with it.

The last two indicators are what staff say in their own survey (:mod:`~diagnostic.indicators.staff_survey`).

Complaint timescales count working days from the day after receipt, leaving out weekends and
England and Wales bank holidays (Children Act 1989 representations procedure: stage 1 in 10
working days, 20 at most). A complaint still open is judged against the latest date in the log.
Free text is never read here. ``coverage`` is the share of the items loaded that record what the
indicator needs; teams are the log's own ``team`` column, merged below the minimum group size.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.dates import working_days_between
from diagnostic.indicators.base import Indicator, Measurement, not_computed
from diagnostic.indicators.common import PERCENT, by_team, enough, measured, of_all, too_few
from diagnostic.indicators.staff_survey import manageable_workload_share, staff_voice_share
from diagnostic.settings import Settings

STAGE1_DAYS = 10  # working days: the statutory stage 1 timescale
STAGE1_MAX_DAYS = 20  # working days: the ceiling for a complex stage 1 complaint
MIN_ITEMS_PER_SOURCE = 5  # a source group "is heard" with at least this many items
SOURCE_GROUPS = ("child", "parent_carer", "staff", "partner")
ACTED_OUTCOMES = ("upheld", "partly_upheld")
ALWAYS_ACTIONABLE = ("survey", "comment", "suggestion")

LOOP = 'whether "you said, we did" was reported back'
NO_FEEDBACK = (
    "Not computed: no feedback was loaded. Load the complaints and compliments log, or survey responses (Microsoft Forms or SurveyMonkey)."
)

_SOURCE_PATTERNS = (
    ("child", r"^(?:child|young|cyp|care leaver|advocate)"),
    ("parent_carer", r"parent|carer|family|guardian"),
    ("staff", r"staff|employee|practitioner|worker"),
    ("partner", r"partner|agency|professional|health|police|school"),
)


def source_group(source: pd.Series) -> pd.Series:
    """child / parent_carer / staff / partner / other from however the log names the source.

    Advocate-submitted items count as the child's (indicators.md A4).
    """
    text = source.astype("string").str.strip().str.lower().str.replace("-", "_")
    out = pd.Series(pd.NA, index=source.index, dtype="string")
    for group, pattern in reversed(_SOURCE_PATTERNS):
        out = out.mask(text.str.contains(pattern, regex=True).fillna(False), group)
    return out.mask(text.notna() & out.isna(), "other")


def _words(series: pd.Series) -> pd.Series:
    """Lower-case with spaces and hyphens as underscores: "Partly upheld" -> "partly_upheld"."""
    return series.astype("string").str.strip().str.lower().str.replace(r"[\s\-]+", "_", regex=True)


def _feedback(dataset: Dataset) -> pd.DataFrame | None:
    feedback = dataset.feedback
    if feedback is None or feedback.empty:
        return None
    feedback = feedback.reset_index(drop=True)
    ids = feedback["feedback_id"].fillna(pd.Series(feedback.index.astype(str), index=feedback.index)).astype("string")
    return feedback.assign(
        feedback_id=ids,
        group=source_group(feedback["source"]),
        kind=_words(feedback["kind"]),
        outcome=_words(feedback["outcome"]),
    )


STAGE1_LOADED = "of the stage 1 complaints loaded"


def _ratio(
    frame: pd.DataFrame, num: np.ndarray, settings: Settings, coverage: float, n_unit: str = "items", note: str = "", of: str = ""
) -> Measurement:
    frame = frame.assign(num=num.astype(float), one=1.0)
    teams = by_team(frame, settings, "num", "one", size_col="feedback_id", scale=PERCENT)
    return measured(PERCENT * frame["num"].mean(), len(frame), n_unit, coverage, teams, note, of)


def _stage1(dataset: Dataset, settings: Settings, limit: int) -> tuple[pd.DataFrame, np.ndarray, float] | Measurement:
    """Stage 1 complaints decided against ``limit`` working days, and whether each went past it.

    A complaint answered is decided; one still open is decided only once it is older than the limit.
    """
    feedback = _feedback(dataset)
    if feedback is None:
        return not_computed(NO_FEEDBACK)
    complaints = feedback[feedback["kind"] == "complaint"]
    if complaints.empty:
        return not_computed("Not computed: the feedback loaded has no complaints. Load the complaints log.")
    if complaints["stage"].isna().all():
        return not_computed("Not computed: the complaints log does not record the stage of each complaint. Add a Stage column (1, 2 or 3).")
    stage1 = complaints[(complaints["stage"] == 1).fillna(False).to_numpy(dtype=bool) & complaints["received"].notna().to_numpy()]
    latest = pd.concat([feedback["received"], feedback["responded"]]).max()
    answered = stage1["responded"].notna().to_numpy()
    taken = working_days_between(stage1["received"], stage1["responded"]).to_numpy(dtype=float, na_value=np.nan)
    waiting = working_days_between(stage1["received"], pd.Series(latest, index=stage1.index)).to_numpy(dtype=float, na_value=np.nan)
    decided = answered | (waiting > limit)
    late = np.where(answered, taken > limit, waiting > limit)
    if not enough(int(decided.sum()), settings):
        return not_computed(too_few(int(decided.sum()), "stage 1 complaints with an outcome", settings), int(decided.sum()), "complaints")
    coverage = decided.mean() if len(decided) else 0.0
    return stage1[decided], late[decided], coverage


def complaint_stage1_in_10wd(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of stage 1 complaints answered within 10 working days.

    Coverage: share of stage 1 complaints already decided (answered, or open for more than 10 working days).
    """
    got = _stage1(dataset, settings, STAGE1_DAYS)
    if isinstance(got, Measurement):
        return got
    frame, late, coverage = got
    return _ratio(frame, ~late, settings, coverage, "complaints", of=STAGE1_LOADED)


def complaint_stage1_over_20wd(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of stage 1 complaints answered after 20 working days, or still open after 20.

    Coverage: share of stage 1 complaints already decided against 20 working days.
    """
    got = _stage1(dataset, settings, STAGE1_MAX_DAYS)
    if isinstance(got, Measurement):
        return got
    frame, late, coverage = got
    return _ratio(frame, late, settings, coverage, "complaints", of=STAGE1_LOADED)


def _recorded(feedback: pd.DataFrame, column: str, what: str) -> Measurement | None:
    if feedback[column].isna().all():
        return not_computed(f"Not computed: the feedback log does not record {what}. Add a column for it (yes or no).")
    return None


def action_taken_rate(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of actionable items (upheld or partly upheld complaints; surveys, comments and suggestions) that led to an action.

    Coverage: share of actionable items whose source records whether an action was taken.
    """
    feedback = _feedback(dataset)
    if feedback is None:
        return not_computed(NO_FEEDBACK)
    missing = _recorded(feedback, "action_taken", "whether an action was taken")
    if missing:
        return missing
    actionable = (feedback["outcome"].isin(ACTED_OUTCOMES) | feedback["kind"].isin(ALWAYS_ACTIONABLE)).fillna(False).to_numpy(dtype=bool)
    eligible = feedback[actionable & feedback["action_taken"].notna().to_numpy()]
    if not enough(len(eligible), settings):
        return not_computed(too_few(len(eligible), "actionable items with the action recorded", settings), len(eligible))
    return _ratio(
        eligible,
        eligible["action_taken"].to_numpy(dtype=bool),
        settings,
        len(eligible) / actionable.sum(),
        of=of_all(int(actionable.sum()), "items that call for an action"),
    )


def closed_loop_rate(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of items that led to an action where the person was told what changed ("you said, we did").

    Coverage: share of the items with an action taken whose source records reporting back.
    """
    feedback = _feedback(dataset)
    if feedback is None:
        return not_computed(NO_FEEDBACK)
    missing = _recorded(feedback, "action_taken", "whether an action was taken") or _recorded(feedback, "closed_loop", LOOP)
    if missing:
        return missing
    acted = feedback["action_taken"].fillna(False).to_numpy(dtype=bool)
    tracked = feedback[acted & feedback["closed_loop"].notna().to_numpy()]
    if not enough(len(tracked), settings):
        return not_computed(too_few(len(tracked), "items that led to an action with reporting back recorded", settings), len(tracked))
    return _ratio(
        tracked,
        tracked["closed_loop"].to_numpy(dtype=bool),
        settings,
        len(tracked) / acted.sum(),
        of=of_all(int(acted.sum()), "items that led to an action"),
    )


def child_feedback_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of feedback items from children and young people (advocates included). Coverage: items with a source recorded."""
    feedback = _feedback(dataset)
    if feedback is None:
        return not_computed(NO_FEEDBACK)
    known = feedback[feedback["group"].notna().to_numpy()]
    if known.empty:
        return not_computed(
            "Not computed: the feedback log does not record who gave each item. Add a Source column (child, parent or carer, staff, partner)."
        )
    if not enough(len(known), settings):
        return not_computed(too_few(len(known), "feedback items with a source", settings), len(known))
    child = (known["group"] == "child").to_numpy(dtype=bool)
    note = _without_staff(known, child, settings)
    return _ratio(known, child, settings, len(known) / len(feedback), note=note, of=of_all(len(feedback), "items"))


def _without_staff(known: pd.DataFrame, child: np.ndarray, settings: Settings) -> str:
    """The share with staff's own items (a staff survey) left out of the denominator, for the note.

    The measure keeps them in (children's items over all items), so loading a staff survey lowers
    it; the note says what it would be among the voices from outside the organisation.
    """
    outside = (known["group"] != "staff").to_numpy(dtype=bool)
    if outside.all() or not enough(int(outside.sum()), settings):
        return ""
    share = PERCENT * child[outside].mean()
    return f"Without staff's own feedback: {share:.1f}% ({int(child[outside].sum())} of {int(outside.sum())} items)."


def feedback_source_coverage(dataset: Dataset, settings: Settings) -> Measurement:
    """How many of the four voices (children, parents and carers, staff, partners) gave at least 5 items.

    No team view: a team rarely hears from all four. Coverage: items with a source recorded.
    """
    feedback = _feedback(dataset)
    if feedback is None:
        return not_computed(NO_FEEDBACK)
    known = feedback["group"].dropna()
    if known.empty:
        return not_computed(
            "Not computed: the feedback log does not record who gave each item. Add a Source column (child, parent or carer, staff, partner)."
        )
    counts = known.value_counts().reindex(list(SOURCE_GROUPS), fill_value=0)
    heard = int((counts >= MIN_ITEMS_PER_SOURCE).sum())
    return measured(
        heard,
        len(known),
        "items",
        len(known) / len(feedback),
        None,
        f"A voice counts once it gave {MIN_ITEMS_PER_SOURCE} or more items.",
        of_all(len(feedback), "items"),
    )


def staff_feedback_loop_rate(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of staff feedback items that led to an action and were reported back.

    Counts the staff items whose source records both. Coverage: share of staff items that do.
    """
    feedback = _feedback(dataset)
    if feedback is None:
        return not_computed(NO_FEEDBACK)
    from_staff = (feedback["group"] == "staff").fillna(False).to_numpy(dtype=bool)
    if not from_staff.any():
        return not_computed("Not computed: none of the feedback loaded comes from staff. Load the staff survey results.")
    tracked = feedback["action_taken"].notna().to_numpy() & feedback["closed_loop"].notna().to_numpy()
    staff = feedback[from_staff & tracked]
    if staff.empty:
        return not_computed(
            "Not computed: the staff feedback loaded does not record whether anything was done and reported back. "
            "Add two columns to the survey results (action taken; reported back) and load them again.",
            int(from_staff.sum()),
        )
    if not enough(len(staff), settings):
        return not_computed(too_few(len(staff), "staff feedback items with actions recorded", settings), len(staff))
    looped = staff["action_taken"].to_numpy(dtype=bool) & staff["closed_loop"].to_numpy(dtype=bool)
    return _ratio(staff, looped, settings, len(staff) / from_staff.sum(), of=of_all(int(from_staff.sum()), "staff items"))


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        id="complaint_stage1_in_10wd",
        domain="feedback",
        title="Stage 1 complaints answered within 10 working days",
        question="What share of stage 1 complaints are answered within the statutory 10 working days?",
        unit="%",
        concrete_at=60.0,
        compost_at=95.0,
        source=(
            'Children Act 1989 Representations Procedure (England) Regulations 2006 and "Getting the Best from Complaints" '
            "(DfES 2006): stage 1 in 10 working days, up to 20 if complex. Thresholds are judgement."
        ),
        seed='"what we do with it" (Dove, 2024)',
        caveat="Counts are often small: read the number of complaints beside the share.",
        needs=("feedback",),
        compute=complaint_stage1_in_10wd,
    ),
    Indicator(
        id="complaint_stage1_over_20wd",
        domain="feedback",
        title="Stage 1 beyond the statutory maximum",
        question="What share of stage 1 complaints go past 20 working days?",
        unit="%",
        concrete_at=10.0,
        compost_at=0.0,
        source="Children Act 1989 Representations Procedure (England) Regulations 2006: 20 working days is the ceiling for stage 1.",
        seed='"what we do with it" (Dove, 2024)',
        caveat="A complaint still open counts once it is 20 working days old.",
        needs=("feedback",),
        compute=complaint_stage1_over_20wd,
    ),
    Indicator(
        id="action_taken_rate",
        domain="feedback",
        title="Feedback that changed something",
        question="What share of upheld complaints and suggestions led to an action?",
        unit="%",
        concrete_at=30.0,
        compost_at=80.0,
        source="Judgement.",
        seed='"and more importantly, what we do with it" (Dove, 2024)',
        caveat="The quality of the action is not judged.",
        needs=("feedback",),
        compute=action_taken_rate,
    ),
    Indicator(
        id="closed_loop_rate",
        domain="feedback",
        title='"You said, we did"',
        question="When feedback led to an action, were people told what changed?",
        unit="%",
        concrete_at=20.0,
        compost_at=80.0,
        source="Judgement.",
        seed='"Families say what annoys them is social workers being secretive" (Barking and Dagenham)',
        caveat="Only as good as the recording.",
        needs=("feedback",),
        compute=closed_loop_rate,
    ),
    Indicator(
        id="child_feedback_share",
        domain="feedback",
        title="Children's share of feedback",
        question="What share of feedback comes from children and young people?",
        unit="%",
        concrete_at=5.0,
        compost_at=25.0,
        source="Judgement (UNCRC article 12; the Lundy model of participation: voice, audience, influence).",
        seed='"feedback from children, parents and staff" (Dove, 2024)',
        caveat=(
            "Children's items out of all feedback, staff's own included, so loading a staff survey lowers the share "
            "(the note gives it without staff). Items submitted by an advocate count as the child's."
        ),
        needs=("feedback",),
        compute=child_feedback_share,
    ),
    Indicator(
        id="feedback_source_coverage",
        domain="feedback",
        title="Breadth of voices heard",
        question="How many of the four voices (children, parents and carers, staff, partners) are heard?",
        unit="groups",
        concrete_at=1.0,
        compost_at=4.0,
        source="Judgement.",
        seed='"children, parents and staff" (Dove, 2024); partners (Grant, 2023)',
        caveat="Counts voices, not what they said: a voice with five complaints counts as heard.",
        needs=("feedback",),
        compute=feedback_source_coverage,
    ),
    Indicator(
        id="staff_feedback_loop_rate",
        domain="feedback",
        title="Staff feedback acted on and reported back",
        question="What share of staff feedback led to an action that was reported back to staff?",
        unit="%",
        concrete_at=20.0,
        compost_at=70.0,
        source="Judgement.",
        seed='"not just on our interactions with children and families, but also with our managers, practitioners and leaders" (Kay, 2015)',
        caveat="Staff surveys often arrive as totals rather than one row per answer; only itemised feedback is counted.",
        needs=("feedback",),
        compute=staff_feedback_loop_rate,
    ),
    Indicator(
        id="staff_voice_share",
        domain="feedback",
        title="Staff who feel free to speak their mind",
        question="What share of staff feel free to speak their mind?",
        unit="%",
        concrete_at=50.0,
        compost_at=75.0,
        source=(
            "Judgement. Favourable means 4 or 5 on the survey's 5-point scale (agree or strongly agree), as employee "
            "survey tools such as Viva Glint count it."
        ),
        seed='"an open, honest dialogue … at all levels" (Kay, 2015)',
        caveat=(
            "One statement from a staff survey joined to Viva Insights, each person's latest answer; people who did not "
            "answer are left out, and those who answer may not be typical of those who do not."
        ),
        needs=("volumes",),
        compute=staff_voice_share,
        reads=("teams", "volumes"),
    ),
    Indicator(
        id="manageable_workload_share",
        domain="feedback",
        title="Staff who say their workload is manageable",
        question="What share of staff say their workload is manageable?",
        unit="%",
        concrete_at=40.0,
        compost_at=70.0,
        source="Judgement. Favourable means 4 or 5 on the survey's 5-point scale (agree or strongly agree).",
        seed='"better relationships lead to … more manageable workloads" (Barking and Dagenham)',
        caveat=(
            "Read it only where the survey's statement is worded so that agreeing means a manageable workload (\"My "
            "workload is manageable\"); each person's latest answer, and people who did not answer are left out."
        ),
        needs=("volumes",),
        compute=manageable_workload_share,
        reads=("teams", "volumes"),
    ),
)
