"""Audit levers: audits done with practitioners and families, and about practice rather than compliance."""

from __future__ import annotations

from diagnostic.dataset import Dataset
from diagnostic.scenarios.lever import Lever, set_share, true
from diagnostic.settings import Settings

COMPLIANCE, PRACTICE = "compliance", "practice"
AUDIT_TABLES = ("audits",)


def _involve(column: str, salt: str):
    def apply(dataset: Dataset, percent: float, settings: Settings) -> Dataset:
        audits = dataset.audits
        if audits is None or percent <= 0:
            return dataset
        changed = set_share(audits, "audit_id", ~true(audits[column]), column, True, percent, salt)
        return dataset if changed is audits else dataset.with_tables(audits=changed)

    apply.__name__ = f"involve_{column}"
    apply.__doc__ = f"Set ``{column}`` on a share of the audits without it."
    return apply


def practice_focus(dataset: Dataset, percent: float, settings: Settings) -> Dataset:
    """Turn ``percent`` of compliance audits into practice audits."""
    audits = dataset.audits
    if audits is None or percent <= 0:
        return dataset
    compliance = (audits["focus"].str.casefold() == COMPLIANCE).fillna(False).astype(bool)
    changed = set_share(audits, "audit_id", compliance, "focus", PRACTICE, percent, "practice_focused_audits")
    return dataset if changed is audits else dataset.with_tables(audits=changed)


LEVERS: tuple[Lever, ...] = (
    Lever(
        id="practitioners_in_audits",
        label="Audit with the practitioner",
        unit="%",
        min=0,
        max=100,
        default=0,
        step=10,
        moves=("practitioner_involved_rate",),
        apply=_involve("practitioner_involved", "practitioners_in_audits"),
        help="Brings the practitioner into the audit conversation for this share of the audits that left them out.",
        tables=AUDIT_TABLES,
    ),
    Lever(
        id="families_in_audits",
        label="Audit with the family",
        unit="%",
        min=0,
        max=100,
        default=0,
        step=10,
        moves=("family_involved_rate",),
        apply=_involve("family_involved", "families_in_audits"),
        help="Involves the child or family in this share of the audits that did not involve them.",
        tables=AUDIT_TABLES,
    ),
    Lever(
        id="practice_focused_audits",
        label="Audit practice, not compliance",
        unit="%",
        min=0,
        max=100,
        default=0,
        step=10,
        moves=("practice_focus_share",),
        apply=practice_focus,
        help="Turns this share of compliance audits into conversations about practice.",
        tables=AUDIT_TABLES,
    ),
)
