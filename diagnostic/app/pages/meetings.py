"""Meetings: the meetings domain's charts and indicators."""

from diagnostic.app import domain_view

domain_view.render(
    "meetings",
    "Meetings",
    "How meetings are run shapes how much time and attention is left for children and families. Fewer, smaller, shorter and better-chaired meetings leave room for relationships.",
)
