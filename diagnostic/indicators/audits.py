"""Case-file audits (indicators.md A3): done with practitioners and families, or done to them?

Each rate counts only the audits where its field was recorded; ``coverage`` is the share of the
audits loaded that recorded it, so an audit template without the field shows low coverage rather
than a low score. A team's audits are those the audit log gives it (else the audited
practitioner's roster team); teams with fewer audits than the minimum group size are merged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.indicators.base import Indicator, Measurement, not_computed
from diagnostic.indicators.common import PERCENT, by_team, enough, measured, of_all, too_few
from diagnostic.roster import roster
from diagnostic.settings import Settings

ACTION_AGE_DAYS = 8 * 7  # actions are judged on audits at least 8 weeks old
PRACTICE = "practice"

NO_AUDITS = "Not computed: no case-file audit records were loaded. Load the audit log (one row per audit)."


def _audits(dataset: Dataset, settings: Settings) -> pd.DataFrame | None:
    """The audit log with a team for every audit the log or the roster can place."""
    audits = dataset.audits
    if audits is None or audits.empty:
        return None
    audits = audits.drop_duplicates("audit_id") if audits["audit_id"].notna().all() else audits
    audits = audits.reset_index(drop=True)
    roster_team = audits["practitioner_id"].map(roster(dataset, settings)["team"]).astype("string")
    ids = audits["audit_id"].fillna(pd.Series(audits.index.astype(str), index=audits.index)).astype("string")
    return audits.assign(team=audits["team"].fillna(roster_team), audit_id=ids)


def _rate(dataset: Dataset, settings: Settings, column: str, hit) -> Measurement:
    """Share of audits (with ``column`` recorded) for which ``hit(values)`` is true, in %."""
    audits = _audits(dataset, settings)
    if audits is None:
        return not_computed(NO_AUDITS)
    recorded = audits[audits[column].notna()]
    if recorded.empty:
        return not_computed(
            f"Not computed: the audit log does not record this ({column.replace('_', ' ')}). Add the column to the audit template."
        )
    if not enough(len(recorded), settings):
        return not_computed(too_few(len(recorded), "audits with this recorded", settings), len(recorded), "audits")
    frame = recorded.assign(num=hit(recorded[column]).astype(float).to_numpy(), one=1.0)
    teams = by_team(frame, settings, "num", "one", size_col="audit_id", scale=PERCENT)
    return measured(
        PERCENT * frame["num"].mean(), len(frame), "audits", len(recorded) / len(audits), teams, coverage_of=of_all(len(audits), "audits")
    )


def practice_focus_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of audits about practice rather than compliance. Coverage: audits with a focus recorded."""
    return _rate(dataset, settings, "focus", lambda s: s.str.strip().str.lower() == PRACTICE)


def child_voice_rate(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of audits that found the child's voice evidenced. Coverage: audits recording it.

    "Partly" is read as not evidenced when the audit log is loaded (``vocabularies.CHILD_VOICE``):
    the measure counts audits where the voice is evidenced, and a partial finding is not that.
    """
    return _rate(dataset, settings, "child_voice", lambda s: s.astype(bool))


def family_involved_rate(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of audits in which the family took part. Coverage: audits recording it."""
    return _rate(dataset, settings, "family_involved", lambda s: s.astype(bool))


def practitioner_involved_rate(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of audits held with the practitioner, not just reported to them. Coverage: audits recording it."""
    return _rate(dataset, settings, "practitioner_involved", lambda s: s.astype(bool))


def action_completion_rate(dataset: Dataset, settings: Settings) -> Measurement:
    """Actions done over actions set, for audits at least 8 weeks older than the latest audit.

    "Done" is capped at "set" for each audit. Coverage: share of those older audits with both
    counts recorded.
    """
    audits = _audits(dataset, settings)
    if audits is None:
        return not_computed(NO_AUDITS)
    if audits["actions_set"].isna().all() or audits["actions_done"].isna().all():
        return not_computed(
            "Not computed: the audit log does not record actions set and actions done. Add both counts to the audit template."
        )
    latest = audits["date"].max()
    if pd.isna(latest):
        return not_computed("Not computed: the audit log has no audit dates, so it cannot tell which actions are due. Add the audit date.")
    old = audits[audits["date"] <= latest - pd.Timedelta(days=ACTION_AGE_DAYS)]
    if old.empty:
        return not_computed(
            "Not computed: no audit is 8 weeks older than the latest one, so no actions are due yet. Load a longer audit log."
        )
    recorded = old.dropna(subset=["actions_set", "actions_done"])
    recorded = recorded[recorded["actions_set"] > 0]
    if not enough(len(recorded), settings):
        return not_computed(too_few(len(recorded), "audits older than 8 weeks with actions", settings), len(recorded), "audits")
    set_ = recorded["actions_set"].to_numpy(dtype=float)
    done = np.clip(recorded["actions_done"].to_numpy(dtype=float), 0, set_)
    frame = recorded.assign(num=done, den=set_)
    teams = by_team(frame, settings, "num", "den", size_col="audit_id", scale=PERCENT)
    value = PERCENT * frame["num"].sum() / frame["den"].sum()
    coverage = len(old.dropna(subset=["actions_set", "actions_done"])) / len(old)
    return measured(
        value,
        len(recorded),
        "audits",
        coverage,
        teams,
        f"Audits dated on or before {(latest - pd.Timedelta(days=ACTION_AGE_DAYS)):%d %B %Y}.",
        of_all(len(old), "audits older than 8 weeks"),
    )


def actions_per_audit(dataset: Dataset, settings: Settings) -> Measurement:
    """Mean actions set per audit. Coverage: audits with the count recorded."""
    audits = _audits(dataset, settings)
    if audits is None:
        return not_computed(NO_AUDITS)
    recorded = audits.dropna(subset=["actions_set"])
    if recorded.empty:
        return not_computed(
            "Not computed: the audit log does not record how many actions each audit set. Add the count to the audit template."
        )
    if not enough(len(recorded), settings):
        return not_computed(too_few(len(recorded), "audits with actions recorded", settings), len(recorded), "audits")
    frame = recorded.assign(num=recorded["actions_set"].astype(float).to_numpy())
    teams = by_team(frame, settings, "num", how="mean", size_col="audit_id")
    return measured(
        frame["num"].mean(), len(frame), "audits", len(recorded) / len(audits), teams, coverage_of=of_all(len(audits), "audits")
    )


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        id="practice_focus_share",
        domain="audits",
        title="Audits about practice, not compliance",
        question="What share of case-file audits look at practice rather than compliance?",
        unit="%",
        concrete_at=30.0,
        compost_at=70.0,
        source="Munro Review of Child Protection, final report (2011, Cm 8062): move from a compliance culture to a learning culture. Thresholds are judgement.",
        seed='"how we structure audits" (Dove, 2024)',
        caveat="The classification is recorded by the auditor; check the audit template with the self-assessment.",
        needs=("audits",),
        compute=practice_focus_share,
    ),
    Indicator(
        id="child_voice_rate",
        domain="audits",
        title="Child's voice evidenced",
        question="In what share of audits is the child's voice evidenced in the record?",
        unit="%",
        concrete_at=60.0,
        compost_at=90.0,
        source="Ofsted ILACS framework (2018, updated April 2024): children's experiences and progress. Thresholds are judgement.",
        seed='"prioritising (or not) of feedback from children" (Dove, 2024)',
        caveat=(
            "An audit that found the child's voice only partly evidenced counts as not evidenced. "
            "Evidenced is not acted on; auditors differ in what they accept."
        ),
        needs=("audits",),
        compute=child_voice_rate,
    ),
    Indicator(
        id="family_involved_rate",
        domain="audits",
        title="Family involved in the audit",
        question="In what share of audits did the family take part?",
        unit="%",
        concrete_at=10.0,
        compost_at=50.0,
        source="Judgement.",
        seed='"Young people and families need to co-produce and own the plan" (Barking and Dagenham)',
        caveat="Expect low values at first; the trend matters more than the level.",
        needs=("audits",),
        compute=family_involved_rate,
    ),
    Indicator(
        id="practitioner_involved_rate",
        domain="audits",
        title="Practitioner in the audit conversation",
        question="In what share of audits was the practitioner part of the conversation?",
        unit="%",
        concrete_at=30.0,
        compost_at=90.0,
        source="Judgement (collaborative, reflective audit).",
        seed="\"working 'with', rather than doing 'to'\" (Kay, 2015)",
        caveat="Being told the grade is not involvement.",
        needs=("audits",),
        compute=practitioner_involved_rate,
    ),
    Indicator(
        id="action_completion_rate",
        domain="audits",
        title="Audit actions completed",
        question="Of the actions audits set at least 8 weeks ago, how many are done?",
        unit="%",
        concrete_at=50.0,
        compost_at=85.0,
        source="Judgement.",
        seed='"what we do with it" (Dove, 2024)',
        caveat="Completing tick-box actions can itself be concrete: read it with the action load per audit.",
        needs=("audits",),
        compute=action_completion_rate,
    ),
    Indicator(
        id="actions_per_audit",
        domain="audits",
        title="Action load per audit",
        question="How many actions does a typical audit set?",
        unit="actions",
        concrete_at=6.0,
        compost_at=3.0,
        source="Judgement.",
        seed='"unambitious, box-ticking forms of social work" (Barking and Dagenham)',
        caveat="Zero actions is not automatically good.",
        needs=("audits",),
        compute=actions_per_audit,
    ),
)
