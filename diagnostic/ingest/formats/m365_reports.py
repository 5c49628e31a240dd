"""Microsoft 365 usage reports, user detail (formats.md e1, e2): activity totals per person.

The admin centre's "Email activity" and "Microsoft Teams user activity" exports (and the same
CSV from Microsoft Graph) give one row per account with counts for the whole report period.
They become ``volumes``: volume only, no sender-recipient pairs, so no network.

Since 2021 many tenants conceal names in these reports: the User Principal Name and Display Name
are 32-character hex codes. We detect that, key people on the code as an opaque name, and say
plainly that the file then cannot be joined to any other.
"""

from __future__ import annotations

import csv
import re

import pandas as pd

from diagnostic.dataset import TZ
from diagnostic.dates import decide_dayfirst, parse_datetimes
from diagnostic.errors import InputError
from diagnostic.ingest.base import Format, LoadContext
from diagnostic.ingest.formats.teams_attendance import GUEST_UPN
from diagnostic.ingest.headers import normalise_header
from diagnostic.ingest.rawfile import RawFile
from diagnostic.ingest.vocabulary import agree, counted

CONCEALED = re.compile(r"^[0-9A-F]{32}$")  # a concealed UPN or display name
CONCEALED_SHARE = 0.5  # above this share of codes, the report is concealed
LOCALE_DATES = ("lastactivitydate", "deleteddate")  # not read, but they share the refresh date's day/month order
TRUE_WORDS = frozenset({"true", "yes", "1"})
EMAIL_REQUIRED = frozenset({"reportrefreshdate", "userprincipalname", "sendcount", "receivecount", "readcount"})
TEAMS_REQUIRED = frozenset({"reportrefreshdate", "userprincipalname", "teamchatmessagecount", "privatechatmessagecount"})
TEAMS_BONUS = frozenset({"meetingcount", "callcount", "reportperiod"})
REQUIRED_COLUMNS = {"reportrefreshdate": "Report Refresh Date", "userprincipalname": "User Principal Name", "reportperiod": "Report Period"}
REPORTS_SOURCE = "Microsoft 365 admin centre > Reports > Usage > {report} > User details > Export (needs a reports reader or admin role)."
# Reports that sit beside the per-person ones in the admin centre: daily totals for the whole
# organisation ("activity counts", "user counts"), device and app usage. Recognised by headers
# their user-detail reports never have, so the user is told which report to export instead.
# (what the file is, headers that mark it (all needed), the user-details report to export)
OTHER_REPORTS: tuple[tuple[str, frozenset[str], str], ...] = (
    (
        "the Microsoft Teams “activity counts” or “user counts” report",
        frozenset({"reportdate", "teamchatmessages"}),
        "Microsoft Teams user activity",
    ),
    (
        "the Microsoft Teams “activity counts” or “user counts” report",
        frozenset({"reportdate", "privatechatmessages"}),
        "Microsoft Teams user activity",
    ),
    ("the email “activity counts” or “user counts” report", frozenset({"reportdate", "send", "receive"}), "Email activity"),
    ("the Microsoft Teams device usage report", frozenset({"web", "windows", "mac", "ios"}), "Microsoft Teams user activity"),
    ("the Microsoft Teams device usage report", frozenset({"usedweb", "usedwindows"}), "Microsoft Teams user activity"),
    ("the email app usage report", frozenset({"outlookforwindows"}), "Email activity"),
    ("the email app usage report", frozenset({"outlookformac"}), "Email activity"),
    ("the Microsoft 365 active users report", frozenset({"exchange", "onedrive", "sharepoint"}), "Email activity"),
)
BOTH_REPORTS = "Email activity or Microsoft Teams user activity"
CONCEALED_ACTION = (
    "To join it, a Microsoft 365 admin can turn off “Display concealed user, group, and site names in all reports” "
    "(admin centre > Settings > Org settings > Reports) and export it again. Otherwise use it on its own."
)


def column(frame: pd.DataFrame, *names: str) -> pd.Series | None:
    """The first column whose normalised header is one of ``names`` (None if none is there)."""
    by_header = {normalise_header(c): c for c in reversed(frame.columns)}
    for name in names:
        if name in by_header:
            return frame[by_header[name]]
    return None


def read_table(raw: RawFile) -> pd.DataFrame:
    """The file as a table of strings; anything pandas cannot parse becomes a plain :class:`InputError`."""
    try:
        return raw.table()
    except (pd.errors.EmptyDataError, pd.errors.ParserError, csv.Error, ValueError):
        raise InputError(f"{raw.name}: this file cannot be read as a table. Export it again without editing it.") from None


def other_report(raw: RawFile) -> tuple[str, str] | None:
    """(message, action) for a Microsoft 365 usage report we do not read, naming the report to
    export instead and where; None for any other file."""
    header = set(raw.header)
    if "reportrefreshdate" not in header and "reportdate" not in header:
        return None
    found = next(((what, report) for what, marks, report in OTHER_REPORTS if marks <= header), None)
    if found is None and ("reportrefreshdate" not in header or "userprincipalname" in header):
        return None  # a per-person report in a layout we do not know: the column-mapping step may read it
    what, report = found or ("a Microsoft 365 usage report", BOTH_REPORTS)
    return (
        f"This is {what} from Microsoft 365: it holds totals for the whole organisation (by day, by device or by app), "
        "not each person's activity, so we cannot use it.",
        f"Export the per-person “User details” table of the {report} report instead: {REPORTS_SOURCE.format(report=report)}",
    )


def _detect(required: frozenset[str], bonus: frozenset[str] = frozenset()):
    def detect(raw: RawFile) -> float:
        header = set(raw.header)
        if not required <= header:
            return 0.8 * len(required & header) / len(required)
        return 0.9 + 0.1 * (len(bonus & header) / len(bonus) if bonus else 1.0)

    return detect


def _counts(values: pd.Series | None, n: int) -> pd.Series:
    if values is None:
        return pd.Series(pd.NA, index=range(n), dtype="Float64")
    return pd.to_numeric(values.astype("string").str.strip().str.replace(",", "", regex=False), errors="coerce").astype("Float64")


def _is_true(values: pd.Series | None, n: int) -> pd.Series:
    if values is None:
        return pd.Series(False, index=range(n))
    return values.astype("string").str.strip().str.casefold().isin(TRUE_WORDS).fillna(False)


def _people(frame: pd.DataFrame, ctx: LoadContext) -> pd.Series:
    """Pseudonyms from the UPN (and display name for aliases), or from concealed codes as opaque names."""
    upn = column(frame, "userprincipalname")
    name = column(frame, "displayname")
    present = upn.dropna().astype("string").str.strip()
    codes = present.str.fullmatch(CONCEALED.pattern).fillna(False)
    if len(present) and codes.mean() > CONCEALED_SHARE:
        ctx.warn("Names in this report are concealed (shown as codes), so it cannot be joined to your other files.", CONCEALED_ACTION)
        return ctx.identify(names=upn.astype("string").str.strip())
    # a guest's sign-in name ("x_gmail.com#EXT#@tenant.onmicrosoft.com") is their own address in disguise
    guests = upn.astype("string").str.strip().str.replace(GUEST_UPN, r"\g<local>@\g<domain>", regex=True)
    return ctx.identify(emails=guests, names=name)


def _periods(frame: pd.DataFrame, ctx: LoadContext) -> tuple[pd.Series, pd.Series]:
    """[start, end): the ``Report Period`` days up to and including the ``Report Refresh Date``.

    The end is the midnight after the refresh date, so ``end - start`` is the period exactly.
    """
    refreshed = column(frame, "reportrefreshdate").astype("string").str.strip().str[:10]
    days = _counts(column(frame, "reportperiod"), len(frame))
    day = parse_datetimes(refreshed, dayfirst=_dayfirst(frame, refreshed, ctx)).dt.tz_localize(None).dt.normalize()
    end_day = day + pd.Timedelta(days=1)  # calendar arithmetic on dates, then London midnights (clock changes)
    start_day = end_day - pd.to_timedelta(days.astype("float64"), unit="D").to_numpy()
    start, end = (d.dt.tz_localize(TZ, ambiguous="NaT", nonexistent="shift_forward") for d in (start_day, end_day))
    bad = (end.isna() | start.isna()).to_numpy()
    if bad.any():
        ctx.warn(
            f"{counted(int(bad.sum()), 'row')} {agree(int(bad.sum()), 'has', 'have')} no readable Report Refresh Date or Report Period, "
            f"so {agree(int(bad.sum()), 'it was', 'they were')} skipped.",
            "Export the report again from the admin centre without editing it.",
            rows=[int(i) + 2 for i in bad.nonzero()[0]],
        )
    return start, end


def _dayfirst(frame: pd.DataFrame, refreshed: pd.Series, ctx: LoadContext) -> bool:
    """Day-first or month-first for the whole report. Every row shares one refresh date, which
    rarely settles it; the activity dates, written in the same locale, usually do."""
    evidence = [refreshed, *(c for c in (column(frame, name) for name in LOCALE_DATES) if c is not None)]
    return decide_dayfirst(pd.concat([c.astype("string") for c in evidence], ignore_index=True), ctx.settings.dayfirst)


def _usable_rows(frame: pd.DataFrame, ctx: LoadContext, noun: tuple[str, str]) -> pd.Series:
    """Rows for live, licensed accounts: deleted accounts and shared mailboxes are left out, counted."""
    n = len(frame)
    deleted = _is_true(column(frame, "isdeleted"), n)
    products = column(frame, "assignedproducts")
    unlicensed = (
        products.isna() | (products.astype("string").str.strip() == "") if products is not None else pd.Series(False, index=frame.index)
    )
    unlicensed = unlicensed.fillna(True) & ~deleted
    if deleted.any():
        ctx.warn(f"{counted(int(deleted.sum()), 'deleted account')} {agree(int(deleted.sum()), 'was', 'were')} left out.")
    if unlicensed.any():
        n = int(unlicensed.sum())
        ctx.warn(f"{counted(n, *noun)} with no licence (shared mailboxes, rooms or equipment) {agree(n, 'was', 'were')} left out.")
    return ~(deleted | unlicensed)


def _read(raw: RawFile, ctx: LoadContext, noun: tuple[str, str]) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """The rows that count, with their periods; everyone else is left out before pseudonymising."""
    frame = read_table(raw)
    ctx.rows_read = len(frame)
    missing = [label for key, label in REQUIRED_COLUMNS.items() if column(frame, key) is None]
    if missing:
        raise InputError(
            f"{raw.name}: the {' and '.join(missing)} {agree(len(missing), 'column is', 'columns are')} missing. "
            "Export the report again from the admin centre without editing it."
        )
    start, end = _periods(frame, ctx)
    keep = (_usable_rows(frame, ctx, noun) & start.notna()).to_numpy()
    return frame[keep].reset_index(drop=True), start[keep].reset_index(drop=True), end[keep].reset_index(drop=True)


def parse_email_activity(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """Email activity user detail -> ``volumes`` (sent, received, read for the report period).

    ``Meeting Created Count`` and ``Meeting Interacted Count`` are calendar clicks, not meetings
    held, so ``meetings`` stays NA here.
    """
    frame, start, end = _read(raw, ctx, ("mailbox", "mailboxes"))
    n = len(frame)
    volumes = pd.DataFrame(
        {
            "person_id": _people(frame, ctx),
            "period_start": start,
            "period_end": end,
            "emails_sent": _counts(column(frame, "sendcount"), n),
            "emails_received": _counts(column(frame, "receivecount"), n),
            "emails_read": _counts(column(frame, "readcount"), n),
            "source_format": "m365_email_activity",
        }
    )
    return {"volumes": volumes}


def _sum_present(a: pd.Series, b: pd.Series) -> pd.Series:
    """a + b, where one missing value counts as 0 unless both are missing."""
    total = a.fillna(0) + b.fillna(0)
    return total.mask(a.isna() & b.isna())


def parse_teams_activity(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """Teams user activity user detail -> ``volumes``: chat messages sent (team + private) and meetings.

    ``Meeting Count`` is preferred; older or newer exports without it give ``Meetings Attended Count``.
    """
    frame, start, end = _read(raw, ctx, ("account", "accounts"))
    n = len(frame)
    meetings = _counts(column(frame, "meetingcount"), n)
    attended = _counts(column(frame, "meetingsattendedcount"), n)
    volumes = pd.DataFrame(
        {
            "person_id": _people(frame, ctx),
            "period_start": start,
            "period_end": end,
            "meetings": meetings.fillna(attended),
            "chats_sent": _sum_present(
                _counts(column(frame, "teamchatmessagecount"), n), _counts(column(frame, "privatechatmessagecount"), n)
            ),
            "source_format": "m365_teams_activity",
        }
    )
    return {"volumes": volumes}


FORMATS = (
    Format(
        id="m365_email_activity",
        kind="email",
        label="Microsoft 365 email activity report",
        detect=_detect(EMAIL_REQUIRED, frozenset({"reportperiod", "displayname"})),
        parse=parse_email_activity,
        source=REPORTS_SOURCE.format(report="Email activity"),
    ),
    Format(
        id="m365_teams_activity",
        kind="collaboration",
        label="Microsoft Teams user activity report",
        detect=_detect(TEAMS_REQUIRED, TEAMS_BONUS),
        parse=parse_teams_activity,
        source=REPORTS_SOURCE.format(report="Microsoft Teams user activity"),
    ),
)
