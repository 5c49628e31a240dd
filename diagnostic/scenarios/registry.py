"""Every lever, in the order the app shows them and ``apply_scenario`` applies them."""

from __future__ import annotations

from diagnostic.scenarios import audits, email, feedback, meetings, structure
from diagnostic.scenarios.lever import Lever

LEVERS: tuple[Lever, ...] = (*meetings.LEVERS, *email.LEVERS, *feedback.LEVERS, *audits.LEVERS, *structure.LEVERS)

BY_ID: dict[str, Lever] = {lever.id: lever for lever in LEVERS}
