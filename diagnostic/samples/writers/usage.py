"""Microsoft 365 admin centre usage reports: Email activity and Teams user activity, user details
(formats.md e1, e2).

UTF-8 with a BOM, CRLF, unquoted header and values, ISO dates, ``True``/``False`` (``Yes``/``No``
for the Teams flags), whole-period counts for a 90-day period, products joined with ``+``. Shared
mailboxes appear with no products; a leaver keeps ``Is Deleted`` and a ``Deleted Date``.
Email counts are full volumes (the trace files are thinned); meeting counts come from the diary.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from diagnostic.samples.clock import Window
from diagnostic.samples.habits import KIND_BY_NAME
from diagnostic.samples.meeting_records import Meeting
from diagnostic.samples.organisation import COUNCIL, DOMAIN, Organisation, Person
from diagnostic.samples.random_tools import guid

PERIOD_DAYS = 90
PRODUCTS = "MICROSOFT 365 E3"
ANALYST_PRODUCTS = "MICROSOFT 365 E3+POWER BI PRO"
SHARED_MAILBOXES = (("mash.referrals", "MASH referrals"), ("complaints", "Complaints and compliments"))
EMAIL_HEADERS = (
    "Report Refresh Date",
    "User Principal Name",
    "Display Name",
    "Is Deleted",
    "Deleted Date",
    "Last Activity Date",
    "Send Count",
    "Receive Count",
    "Read Count",
    "Meeting Created Count",
    "Meeting Interacted Count",
    "Assigned Products",
    "Report Period",
)
TEAMS_HEADERS = (
    "Report Refresh Date",
    "Tenant Display Name",
    "Shared Channel Tenant Display Names",
    "User Id",
    "User Principal Name",
    "Last Activity Date",
    "Is Deleted",
    "Deleted Date",
    "Assigned Products",
    "Team Chat Message Count",
    "Private Chat Message Count",
    "Call Count",
    "Meeting Count",
    "Post Messages",
    "Reply Messages",
    "Urgent Messages",
    "Meetings Organized Count",
    "Meetings Attended Count",
    "Ad Hoc Meetings Organized Count",
    "Ad Hoc Meetings Attended Count",
    "Scheduled One-time Meetings Organized Count",
    "Scheduled One-time Meetings Attended Count",
    "Scheduled Recurring Meetings Organized Count",
    "Scheduled Recurring Meetings Attended Count",
    "Audio Duration",
    "Video Duration",
    "Screen Share Duration",
    "Audio Duration In Seconds",
    "Video Duration In Seconds",
    "Screen Share Duration In Seconds",
    "Has Other Action",
    "Is Licensed",
    "Report Period",
)


@dataclass
class MeetingCounts:
    organised_one_off: int = 0
    organised_recurring: int = 0
    attended_one_off: int = 0
    attended_recurring: int = 0
    online_minutes: int = 0
    created: int = 0
    interacted: int = 0  # every occurrence in the diary, online or in a room


def meeting_counts(meetings: list[Meeting]) -> dict[str, MeetingCounts]:
    """Per person, what the diary says about their meetings (online ones count for Teams)."""
    counts: dict[str, MeetingCounts] = {}
    for m in meetings:
        if m.all_day or m.organiser is None:
            continue
        occurrences = m.occurrences()
        minutes = sum(int((e - s).total_seconds() // 60) for _, s, e in occurrences)
        c = counts.setdefault(m.organiser.email, MeetingCounts())
        c.created += 1
        for p in m.people:
            c = counts.setdefault(p.email, MeetingCounts())
            c.interacted += len(occurrences)
            organised = p is m.organiser
            if not m.online:
                continue
            if m.series is None:
                c.organised_one_off += organised
                c.attended_one_off += 1
            else:
                c.organised_recurring += organised * len(occurrences)
                c.attended_recurring += len(occurrences)
            c.online_minutes += minutes
    return counts


def _iso_duration(seconds: int) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return "PT" + "".join(f"{v}{u}" for v, u in ((h, "H"), (m, "M"), (s, "S")) if v) if seconds else "PT0S"


def _csv(header: tuple[str, ...], rows: list[list[object]]) -> bytes:
    lines = [",".join(header)] + [",".join(str(v) for v in r) for r in rows]
    return b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _period(window: Window) -> tuple[date, int]:
    """(refresh date, working days in the 90 days before it)."""
    refresh = window.end + timedelta(days=2)
    days = [refresh - timedelta(days=i) for i in range(1, PERIOD_DAYS + 1)]
    return refresh, sum(window.is_working_day(d) for d in days)


def _products(p: Person) -> str:
    return ANALYST_PRODUCTS if p.title == "Performance analyst" else PRODUCTS


def _scale(window: Window) -> float:
    return PERIOD_DAYS / (7 * window.weeks)


def write_email_activity(org: Organisation, window: Window, meetings: list[Meeting], rng: random.Random) -> bytes:
    refresh, working = _period(window)
    counts = meeting_counts(meetings)
    scale = _scale(window)
    rows = []
    for p in org.staff:
        h = KIND_BY_NAME[p.kind].email
        factor = 0.3 if p.isolated else (1.3 if p.level not in ("practitioner", "staff") else 1.0)
        received = round(h.report_received * factor * working * rng.uniform(0.8, 1.2))
        sent = round(h.report_sent * factor * working * rng.uniform(0.7, 1.3))
        read = round(received * min(1.0, h.report_read_share * rng.uniform(0.9, 1.1)))
        c = counts.get(p.email, MeetingCounts())
        last = refresh - timedelta(days=rng.choice((1, 1, 1, 2, 3)))
        interacted = round(c.interacted * scale)
        rows.append(
            [
                refresh,
                p.email,
                p.name,
                False,
                "",
                last,
                sent,
                received,
                read,
                round(c.created * scale),
                interacted,
                _products(p),
                PERIOD_DAYS,
            ]
        )
    for local, name in SHARED_MAILBOXES:
        received = round(rng.uniform(60, 140) * working)
        rows.append(
            [
                refresh,
                f"{local}@{DOMAIN}",
                name,
                False,
                "",
                refresh - timedelta(days=1),
                round(received * 0.2),
                received,
                round(received * 0.9),
                0,
                0,
                "",
                PERIOD_DAYS,
            ]
        )
    leaver = org.staff[len(org.staff) // 3]
    deleted = window.start + timedelta(days=20)
    rows.append(
        [
            refresh,
            f"former.{leaver.local}@{DOMAIN}",
            f"{leaver.first} {leaver.last} (left)",
            True,
            deleted,
            deleted - timedelta(days=1),
            310,
            2210,
            1900,
            3,
            40,
            "",
            PERIOD_DAYS,
        ]
    )
    return _csv(EMAIL_HEADERS, rows)


def write_teams_activity(org: Organisation, window: Window, meetings: list[Meeting], rng: random.Random) -> bytes:
    refresh, working = _period(window)
    counts = meeting_counts(meetings)
    scale = _scale(window)
    rows = []
    for p in org.staff:
        h = KIND_BY_NAME[p.kind].email
        factor = 0.3 if p.isolated else 1.0
        c = counts.get(p.email, MeetingCounts())
        org_one, org_rec = round(c.organised_one_off * scale), round(c.organised_recurring * scale)
        att_one, att_rec = round(c.attended_one_off * scale), round(c.attended_recurring * scale)
        ad_hoc = rng.randint(0, 6)
        seconds = round(c.online_minutes * 60 * scale * 0.85)
        video, share = round(seconds * rng.uniform(0.1, 0.5)), round(seconds * rng.uniform(0.02, 0.12))
        row = [
            refresh,
            COUNCIL,
            "",
            guid(rng),
            p.email,
            refresh - timedelta(days=rng.choice((1, 1, 2, 4))),
            False,
            "",
            _products(p),
            round(rng.uniform(1, 5) * working * factor),
            round(h.report_sent * 1.5 * working * factor * rng.uniform(0.7, 1.3)),
            round(rng.uniform(0.2, 1.5) * working * factor),
            att_one + att_rec + ad_hoc,
            rng.randint(0, 20),
            rng.randint(0, 40),
            rng.randint(0, 2),
            org_one + org_rec + ad_hoc // 2 + rng.randint(0, 3),
            att_one + att_rec + ad_hoc,
            ad_hoc // 2,
            ad_hoc,
            org_one,
            att_one,
            org_rec,
            att_rec,
            _iso_duration(seconds),
            _iso_duration(video),
            _iso_duration(share),
            seconds,
            video,
            share,
            "Yes" if rng.random() < 0.6 else "No",
            "Yes",
            PERIOD_DAYS,
        ]
        rows.append(row)
    return _csv(TEAMS_HEADERS, rows)
