"""Problems found in user input, collected rather than raised one at a time.

Every loader reports what it could not use as :class:`Issue` records so the user sees all of them
together (the pandera "lazy validation" habit). :class:`InputError` is the one exception the
package raises for bad input; the CLI and the app turn it into a plain sentence, never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from diagnostic.privacy import hide_emails

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """One problem in one file, said so that a person can act on it.

    ``rows`` are 1-based line or row numbers as the user sees them in a spreadsheet (header = row 1),
    so "row 7" is the seventh row of the file. ``severity`` is ``error`` when the file (or a whole
    table in it) could not be used, ``warning`` when something was skipped or assumed.
    """

    file: str
    message: str
    action: str = ""
    column: str | None = None
    rows: tuple[int, ...] = ()
    severity: str = WARNING

    def __str__(self) -> str:
        where = [hide_emails(self.file)]
        if self.rows:
            where.append(_describe_rows(self.rows))
        if self.column:
            where.append(f"column “{self.column}”")
        text = f"{', '.join(where)}: {self.message}"
        if self.action:
            text += f" {self.action}"
        return text


def _describe_rows(rows: Sequence[int], shown: int = 5) -> str:
    rows = sorted(set(rows))
    head = ", ".join(str(r) for r in rows[:shown])
    if len(rows) == 1:
        return f"row {head}"
    more = f" and {len(rows) - shown} more" if len(rows) > shown else ""
    return f"rows {head}{more} ({len(rows)} rows)"


class InputError(Exception):
    """Input that cannot be used at all. ``str(error)`` is a complete sentence for the user."""

    def __init__(self, message: str, issues: Iterable[Issue] = ()):
        super().__init__(message)
        self.issues = tuple(issues)


class PeriodNeeded(InputError):
    """Input that can be read once the user gives the period it covers (a query run over one whole
    period, which its rows do not date): refused until then, and read again when a period is given."""
