"""Audits: the audits domain's charts and indicators."""

from diagnostic.app import domain_view

domain_view.render(
    "audits",
    "Audits",
    "Audits can be done *to* practitioners or *with* them and with families. Audits about practice, done together, are compost.",
)
