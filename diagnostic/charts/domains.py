"""Which charts each domain page shows, in reading order.

The builders live in one module per page (:mod:`~diagnostic.charts.scorecard`,
:mod:`~diagnostic.charts.meetings`, :mod:`~diagnostic.charts.email`, :mod:`~diagnostic.charts.audits`,
:mod:`~diagnostic.charts.feedback`), in Altair. Each builder returns a :class:`~diagnostic.charts.spec.ChartSpec`: the chart (titled, with a
one-line subtitle saying what it shows, axis titles with units, colour-blind safe colours from
:mod:`diagnostic.charts.theme`), its reading, a text alternative and the small frame it was drawn
from, so the app can offer the figures as a table. A builder returns None when the data cannot
support its chart. Nothing here shows a person: team figures come from the indicators (already
merged below the minimum group size) and every count below that minimum is left out and said so.
"""

from __future__ import annotations

from collections.abc import Callable

from diagnostic.charts.audits import audit_focus, audit_involvement
from diagnostic.charts.email import after_hours_heatmap, recipients_distribution
from diagnostic.charts.feedback import complaint_response_days, feedback_voices, you_said_we_did
from diagnostic.charts.meetings import meeting_hours_by_kind, meeting_lengths
from diagnostic.charts.scorecard import team_chart
from diagnostic.charts.spec import ChartSpec
from diagnostic.dataset import Dataset
from diagnostic.scorecard import Scorecard
from diagnostic.settings import Settings

TEAM_CHARTS = {
    "meetings": "meeting_hours_per_person",
    "email": "after_hours_email_share",
    "audits": "practitioner_involved_rate",
    "feedback": "closed_loop_rate",
}


Builder = Callable[[Dataset, Settings], ChartSpec | None]

DOMAIN_BUILDERS: dict[str, tuple[Builder, ...]] = {
    "meetings": (meeting_hours_by_kind, meeting_lengths),
    "email": (after_hours_heatmap, recipients_distribution),
    "audits": (audit_involvement, audit_focus),
    "feedback": (complaint_response_days, feedback_voices, you_said_we_did),
}


def domain_charts(domain: str, dataset: Dataset, card: Scorecard, settings: Settings) -> list[ChartSpec]:
    """The charts of a domain page, in reading order: the data charts, then the team view."""
    specs = [builder(dataset, settings) for builder in DOMAIN_BUILDERS.get(domain, ())]
    if domain in TEAM_CHARTS:
        specs.append(team_chart(card, TEAM_CHARTS[domain]))
    return [spec for spec in specs if spec is not None]
