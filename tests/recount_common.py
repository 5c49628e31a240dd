"""What every recount shares: the sample's folder, the staff list, working days and working hours.

Written from the definitions in the indicator catalogue, not from the package: nothing here imports
``diagnostic``. Bank holidays are typed in from the gov.uk list rather than taken from a library,
so a wrong holiday table in the package would show as a difference.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"

WORK_START = time(8, 0)  # the settings' default working day: 08:00 to 18:00
WORK_END = time(18, 0)
WORK_DAYS = (0, 1, 2, 3, 4)  # Monday to Friday
DAYS_PER_WORKING_WEEK = len(WORK_DAYS)

# England and Wales bank holidays around the sample's window (gov.uk/bank-holidays).
BANK_HOLIDAYS = frozenset(
    {
        date(2024, 1, 1),
        date(2024, 3, 29),
        date(2024, 4, 1),
        date(2024, 5, 6),
        date(2024, 5, 27),
        date(2024, 8, 26),
        date(2024, 12, 25),
        date(2024, 12, 26),
        date(2025, 1, 1),
        date(2025, 4, 18),
        date(2025, 4, 21),
        date(2025, 5, 5),
        date(2025, 5, 26),
        date(2025, 8, 25),
        date(2025, 12, 25),
        date(2025, 12, 26),
    }
)
COVERED_YEARS = (2024, 2025)  # the holiday list above is complete for these years only


@dataclass(frozen=True)
class Recount:
    """An indicator worked out again: its value and the count it rests on (the package's ``n``)."""

    value: float
    n: int


def is_working_day(day: date) -> bool:
    """A weekday in the working week that is not a bank holiday."""
    if day.year not in COVERED_YEARS:
        raise ValueError(f"no bank holiday list for {day.year}")
    return day.weekday() in WORK_DAYS and day not in BANK_HOLIDAYS


def working_days(first: date, last: date) -> int:
    """Working days from ``first`` to ``last``, both included."""
    return sum(is_working_day(first + timedelta(days=i)) for i in range((last - first).days + 1))


def in_working_hours(local: datetime) -> bool:
    """A local wall-clock moment inside working hours (the start minute counts, the end minute does not)."""
    return is_working_day(local.date()) and WORK_START <= local.time() < WORK_END


def sheet_rows(path: Path) -> list[dict[str, object]]:
    """The first sheet of a workbook as dicts keyed by its header row (blank rows left out)."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    return [dict(zip(header, row)) for row in rows[1:] if any(v is not None and str(v).strip() for v in row)]


@dataclass(frozen=True)
class Staff:
    """The roster's addresses, and the organisation's own email domain."""

    emails: frozenset[str]
    domain: str

    def is_internal(self, email: str | None) -> bool:
        """Roster staff, or anyone writing from the organisation's own domain.

        The package takes the commonest domain outside the partner list as the internal one; on
        the sample that is the roster's domain. Someone with no address (a phone dial-in) is not
        a member of staff.
        """
        if not email:
            return False
        return email in self.emails or email.rsplit("@", 1)[-1] == self.domain


def read_staff(folder: Path = SAMPLES) -> Staff:
    """The staff list: lower-cased addresses and their commonest domain."""
    emails = frozenset(str(r["Email"]).strip().lower() for r in sheet_rows(folder / "roster.xlsx") if r.get("Email"))
    domain = Counter(e.rsplit("@", 1)[-1] for e in emails).most_common(1)[0][0]
    return Staff(emails, domain)
