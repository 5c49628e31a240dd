"""Email: the email domain's charts and indicators."""

from diagnostic.app import domain_view

domain_view.render(
    "email",
    "Email",
    "Email shows how a team communicates: how much, to how many people and at what hours. Constant copying and late-night email are concrete.",
)
