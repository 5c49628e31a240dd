"""Audit and feedback indicators (catalogue A3, A4) worked out again from the sample's spreadsheets.

Rules, from the catalogue and the decisions recorded for this sample:

- child's voice: only "Yes" is evidenced; "Partly" and "No" are not, and every audit is in the
  denominator;
- practice focus: the audit type names practice ("Practice", "Collaborative", "Thematic", ...)
  rather than compliance ("Compliance", "Dip sample", ...);
- children's share of feedback: every item of every feedback source is in the denominator
  (complaints log rows, young people's form responses, staff survey responses); an item from a
  child, a young person or an advocate on a child's behalf is the child's;
- stage 1 complaints: working days run from the day after receipt to the day of response,
  weekends and England and Wales bank holidays left out. A complaint still open counts once it
  has waited more than 10 working days to the latest date anywhere in the feedback loaded (then
  it is late); before that it is not yet decided and is left out.
"""

from __future__ import annotations

import csv
import re
from datetime import date, datetime, timedelta
from pathlib import Path

from tests.recount_common import SAMPLES, Recount, is_working_day, sheet_rows

PERCENT = 100.0
STAGE1_DAYS = 10
PRACTICE = re.compile(r"practice|thematic|collaborative|reflective|observation|deep[\s-]*dive|appreciative|learning", re.I)
COMPLIANCE = re.compile(r"compliance|dip[\s-]*sampl|audit of records|desk[\s-]*top|qa check|quality check", re.I)
CHILD = re.compile(r"\b(child|children|young (person|people))\b|advocate", re.I)


def audits(folder: Path = SAMPLES) -> list[dict[str, object]]:
    return sheet_rows(folder / "case_audits.xlsx")


def child_voice_rate(rows: list[dict[str, object]]) -> Recount:
    """Audits that found the child's voice evidenced ("Yes"), over all audits, in %."""
    yes = sum(1 for r in rows if str(r["Voice of the child evidenced"] or "").strip().lower() == "yes")
    return Recount(PERCENT * yes / len(rows), len(rows))


def practice_focus_share(rows: list[dict[str, object]]) -> Recount:
    """Audits about practice, over audits whose type says practice or compliance, in %.

    Compliance words are tried first: a "Compliance" audit is never practice.
    """
    kinds = [str(r["Audit type"] or "") for r in rows]
    focus = ["compliance" if COMPLIANCE.search(k) else "practice" if PRACTICE.search(k) else None for k in kinds]
    recorded = [f for f in focus if f is not None]
    return Recount(PERCENT * recorded.count("practice") / len(recorded), len(recorded))


def day_of(value: object, dayfirst: bool = True) -> date | None:
    """A spreadsheet cell as a date (None when blank); text is read day first, or month first for US exports."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for layout in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y") if dayfirst else ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            continue
    raise ValueError(f"unreadable date {text!r}")


def working_days_after(start: date, end: date) -> int:
    """Working days from the day after ``start`` up to and including ``end``."""
    return sum(is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))


def feedback_items(folder: Path = SAMPLES) -> list[dict[str, object]]:
    """Every feedback item: ``source`` (who gave it), ``kind``, ``stage``, ``received`` and ``responded`` dates."""
    items = []
    for r in sheet_rows(folder / "complaints_log.xlsx"):
        items.append(
            {
                "source": str(r["Complainant Type"] or ""),
                "kind": str(r["Record Type"] or "").strip().lower(),
                "stage": str(r["Stage"] or "").strip().lower(),
                "received": day_of(r["Date Received"]),
                "responded": day_of(r["Date Responded"]),
            }
        )
    for r in sheet_rows(folder / "young_people_feedback_forms.xlsx"):
        items.append(
            {
                "source": str(r["Who are you?"] or ""),
                "kind": "survey",
                "stage": "",
                "received": day_of(r["Completion time"]),
                "responded": None,
            }
        )
    with (folder / "staff_survey_surveymonkey.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    for row in rows[2:]:  # SurveyMonkey writes two header rows
        if not any(c.strip() for c in row):
            continue
        cell = dict(zip(header, row))
        items.append(
            {"source": "staff", "kind": "survey", "stage": "", "received": day_of(cell["End Date"], dayfirst=False), "responded": None}
        )
    return items


def child_feedback_share(items: list[dict[str, object]]) -> Recount:
    """Items from children and young people (advocates included) over all items, in %."""
    child = sum(1 for i in items if CHILD.search(str(i["source"])))
    return Recount(PERCENT * child / len(items), len(items))


def complaint_stage1_in_10wd(items: list[dict[str, object]]) -> Recount:
    """Stage 1 complaints answered within 10 working days, over stage 1 complaints already decided, in %."""
    latest = max(d for i in items for d in (i["received"], i["responded"]) if d is not None)
    on_time = decided = 0
    for i in items:
        if i["kind"] != "complaint" or i["stage"] != "stage 1" or i["received"] is None:
            continue
        if i["responded"] is not None:
            decided += 1
            on_time += working_days_after(i["received"], i["responded"]) <= STAGE1_DAYS
        elif working_days_after(i["received"], latest) > STAGE1_DAYS:
            decided += 1  # open and already past 10 working days: late
    return Recount(PERCENT * on_time / decided, decided)
