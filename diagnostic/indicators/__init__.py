"""The indicator registry: every indicator of every domain, in display order.

Adding an indicator: declare it in its domain's module (one entry in that module's ``INDICATORS``)
and add a test. The registry tests walk this tuple.
"""

from __future__ import annotations

from diagnostic.indicators import audits, email, feedback, language, meetings, network, self_assessment
from diagnostic.indicators.base import DOMAINS, Indicator, Measurement, band, not_computed, score_value

REGISTRY: tuple[Indicator, ...] = (
    *meetings.INDICATORS,
    *email.INDICATORS,
    *audits.INDICATORS,
    *feedback.INDICATORS,
    *network.INDICATORS,
    *self_assessment.INDICATORS,
    *language.INDICATORS,
)

BY_ID: dict[str, Indicator] = {i.id: i for i in REGISTRY}

__all__ = ["BY_ID", "DOMAINS", "REGISTRY", "Indicator", "Measurement", "band", "not_computed", "score_value"]
