"""The dates of a Teams attendance report, read once for the whole report (formats.md, MEETINGS b).

Teams writes a report's dates in the organiser's setting, with a two-digit year: ``15/11/22,
09:30:17`` (English, UK), ``11/26/25, 4:16:54 PM`` (English, US) and, in Japanese, year first:
``22/7/11 18:29:28`` is 11 July 2022. Day or month first is decided from the values as for every
other file (:func:`diagnostic.dates.decide_dayfirst`), which would read ``22/7/11`` as 22 July 2011.
Two facts about Teams settle the year-first case here, once for the report, so that every time
in it (summary, joins and leaves) is read the same way:

- Teams made no attendance reports before 2020. When every ``a/b/c`` date read day or month
  first falls before then, while read year first each falls between 2020 and today, the report
  is written year first.
- When both readings are possible (``25/3/24``), the way the dates are written decides: Japanese
  reports write the month and day without leading zeros and put no comma between the date and
  the time (``22/7/11 18:29:28``, formats.md; ``2026/1/15 19:00:00`` in the Japanese reports read
  by nuitsjp/teams-board, src/services/csv-transformer.js), where English ones put a comma after
  the date (``15/11/22, 09:30:17``, ``1/15/26, 8:01:35 AM``). Such a report is read year first;
  any other keeps the day/month decision.

Either way the load says so in a warning, with an example, so a wrong reading is never silent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from diagnostic.dates import decide_dayfirst, parse_datetimes
from diagnostic.ingest.base import LoadContext
from diagnostic.ingest.formats import teams_terms as terms

# The first year of Teams attendance reports: the 2020 attendance list is the oldest layout
# (formats.md, MEETINGS b), and Microsoft's page on downloading it was out by May 2020 (its
# Japanese copy, MicrosoftDocs/OfficeDocs-SkypeForBusiness-pr.ja-JP,
# Teams/teams-analytics-and-reports/meeting-attendance-report.md, is marked "ms.lasthandoff: 05/15/2020").
FIRST_REPORT_YEAR = 2020
CENTURY = 2000
# a date of three one- or two-digit fields ("20/11/4" is 20 November 2004 read day first)
# (ASCII digits only: ``\d`` would also take other scripts' digits, which are no date here)
_SHORT_DATE = re.compile(r"^\s*([0-9]{1,2})/([0-9]{1,2})/([0-9]{1,2})(?![0-9])")
_COMMA_AFTER_DATE = re.compile(r"^\s*[0-9]{1,2}/[0-9]{1,2}/[0-9]{1,2}\s*,")
_YEAR_FIRST_DATE = re.compile(r"^(\s*)([0-9]{2})/([0-9]{1,2})/([0-9]{1,2})(?![0-9])")


@dataclass(frozen=True)
class YearFirst:
    """Why a report is read year first, and one of its dates to show as an example."""

    written: str  # the date as the report writes it ("22/7/11")
    meaning: date  # what it means read year first
    by_style: bool  # decided by the way the dates are written, not by the years alone


def read_times(texts: pd.Series, ctx: LoadContext, column: str) -> pd.Series:
    """Every time of one report, parsed with one decision for the whole report: year first when
    :func:`year_first` says so (with a warning naming ``column``), else day or month first as
    :func:`diagnostic.dates.decide_dayfirst` decides from the values."""
    plain = terms.time_text(texts)
    decided = year_first(texts)
    if decided is None:
        return parse_datetimes(plain, dayfirst=decide_dayfirst(plain.dropna().tolist(), ctx.settings.dayfirst))
    _say_year_first(decided, ctx, column)
    four_digit = plain.str.replace(_YEAR_FIRST_DATE, lambda m: f"{m[1]}{CENTURY + int(m[2])}/{m[3]}/{m[4]}", regex=True)
    return parse_datetimes(four_digit, dayfirst=False)


def year_first(texts: pd.Series) -> YearFirst | None:
    """Whether a report's ``a/b/c`` dates are written year, month, day (module docstring); None
    when they are not, or when the report has no such dates.

    Decided from the distinct dates alone, so the rows' order changes nothing.
    """
    written = texts.dropna().astype("string").str.extract(_SHORT_DATE).dropna().drop_duplicates()
    if written.empty:
        return None
    first, second, third = (written[i].astype(int) for i in range(3))
    meaning = pd.to_datetime(pd.DataFrame({"year": CENTURY + first, "month": second, "day": third}), errors="coerce")  # read year first
    today = pd.Timestamp(date.today())
    if not (meaning.notna() & (meaning.dt.year >= FIRST_REPORT_YEAR) & (meaning <= today)).all():
        return None
    too_early = bool((CENTURY + third < FIRST_REPORT_YEAR).all())  # the year read day or month first
    if not too_early and not _written_the_japanese_way(texts, written):
        return None
    # the earliest date as the example, the same whatever the rows' order ("22/7/11" before "22/07/11")
    example = written.assign(meaning=meaning).sort_values(["meaning", 0, 1, 2]).iloc[0]
    return YearFirst(f"{example[0]}/{example[1]}/{example[2]}", example["meaning"].date(), by_style=not too_early)


def _written_the_japanese_way(texts: pd.Series, fields: pd.DataFrame) -> bool:
    """Month and day without leading zeros (at least one of one digit, none padded) and no comma
    between the date and the time, as Teams writes dates in Japanese (module docstring)."""
    days_months = pd.concat([fields[1], fields[2]])
    unpadded = not days_months.str.startswith("0").any() and bool((days_months.str.len() == 1).any())
    return unpadded and not texts.dropna().astype("string").str.contains(_COMMA_AFTER_DATE).any()


def _say_year_first(decided: YearFirst, ctx: LoadContext, column: str) -> None:
    when = f"{decided.meaning.day} {decided.meaning:%B %Y}"
    why = (
        "They are written as Teams writes dates in Japanese: no leading zeros, and no comma before the time."
        if decided.by_style
        else f"Read day first, they would fall before {FIRST_REPORT_YEAR}, before Teams made attendance reports."
    )
    ctx.warn(
        f"Dates in this report are written year first ({decided.written} is {when}), so every date in it was read that way. {why}",
        "If that is wrong, download the attendance report again with Teams set to English and load that instead.",
        column=column,
    )
