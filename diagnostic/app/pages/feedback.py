"""Feedback: the feedback domain's charts and indicators."""

from diagnostic.app import domain_view

domain_view.render(
    "feedback",
    "Feedback",
    "What happens to feedback from children, parents, carers and staff, and whether they hear back, is where trust is built or lost.",
)
