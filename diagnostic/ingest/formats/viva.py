"""Microsoft Viva Insights queries (formats.md d and g): person, person-to-person and meeting.

Viva exports are already aggregated and de-identified: ``PersonId`` is a GUID, never a name or an
address, so people are keyed on it as an opaque name and cannot be joined to other exports.
Teams come from the HR attributes the tenant uploaded (``Organization``, else ``FunctionType``),
never from names.

Header spellings vary (``After_hours_collaboration_hours`` in Microsoft's samples,
``After-hours collaboration hours`` in raw downloads); matching uses the project's normalised
headers, which treat ``%`` as "percent" and ignore every other non-alphanumeric character, as
vivainsights' own importer does. ``MetricDate`` is ``M/D/YYYY`` unless the values prove
otherwise (a file re-saved by Excel in the UK becomes day-first).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from diagnostic.classify import classify_meetings
from diagnostic.dataset import TZ
from diagnostic.dates import bad_rows, decide_dayfirst, parse_datetimes
from diagnostic.errors import InputError
from diagnostic.ingest.base import Format, LoadContext, meeting_ids
from diagnostic.ingest.formats.m365_reports import column, read_table
from diagnostic.ingest.rawfile import RawFile
from diagnostic.ingest.vocabulary import agree, counted

VIVA_DAYFIRST = False  # Viva writes M/D/YYYY; the values can still prove a file day-first
WEEK = pd.DateOffset(days=7)  # calendar days: a week across the clock change still ends at midnight
MONTH_GAP_DAYS = 28  # dates this far apart, all on the 1st, are monthly periods
TRUE_WORDS = frozenset({"true", "yes", "1"})
FALSE_WORDS = frozenset({"false", "no", "0"})
MANAGER_WORDS = ("manager", "mgr", "people manager", "supervisor")
CONTRIBUTOR_WORDS = ("ic", "individual contributor", "non-manager", "non manager")
PERSON_METRICS: dict[str, tuple[str, ...]] = {  # volumes column -> normalised Viva metric names
    "emails_sent": ("emailssent",),
    "meetings": ("meetings",),
    "meeting_hours": ("meetinghours",),
    "chats_sent": ("chatssent", "instantmessagessent"),
    "after_hours_hours": ("afterhourscollaborationhours",),
    "email_hours": ("emailhours",),
    "collaboration_hours": ("collaborationhours",),
}
TIE_SCORES = ("strongtiescore", "diversetiescore")  # the first present weighs each pair
VIVA_SOURCE = "Viva Insights > Analyst > Query designer > {query} > download the results (needs the Insights Analyst role)."


def _text(values: pd.Series | None, n: int) -> pd.Series:
    if values is None:
        return pd.Series(pd.NA, index=range(n), dtype="string")
    text = values.astype("string").str.strip()
    return text.mask(text == "")


def _number(values: pd.Series | None, n: int) -> pd.Series:
    return pd.to_numeric(_text(values, n).str.replace(",", "", regex=False), errors="coerce").astype("Float64")


def _flag(values: pd.Series | None, n: int) -> pd.Series:
    """TRUE/FALSE (any case, or yes/no, 1/0) -> boolean; anything else NA."""
    text = _text(values, n).str.casefold()
    out = pd.Series(pd.NA, index=text.index, dtype="boolean")
    out[text.isin(TRUE_WORDS).fillna(False)] = True
    out[text.isin(FALSE_WORDS).fillna(False)] = False
    return out


def _is_manager(values: pd.Series | None, n: int) -> pd.Series:
    """``SupervisorIndicator``: Manager, Manager+, Mgr+ -> True; IC, Individual Contributor -> False."""
    text = _text(values, n).str.casefold().str.rstrip("+ ")
    out = pd.Series(pd.NA, index=text.index, dtype="boolean")
    out[text.isin(CONTRIBUTOR_WORDS).fillna(False)] = False
    out[text.str.startswith(MANAGER_WORDS).fillna(False)] = True
    return out


def hr_attributes(frame: pd.DataFrame, prefix: str = "") -> pd.DataFrame:
    """team, role and is_manager from HR attribute columns (``<prefix>Organization`` and so on)."""
    n = len(frame)
    team = _text(column(frame, prefix + "organization"), n).fillna(_text(column(frame, prefix + "functiontype"), n))
    return pd.DataFrame(
        {
            "team": team.to_numpy(),
            "role": _text(column(frame, prefix + "leveldesignation"), n).to_numpy(),
            "is_manager": _is_manager(column(frame, prefix + "supervisorindicator"), n).to_numpy(),
        }
    )


def _people(ids: pd.Series, attributes: pd.DataFrame, periods: pd.Series) -> pd.DataFrame:
    """One row per person: the latest known value of each HR attribute (they can change over time).

    Rows of one period that disagree are settled by their values: the row last when sorted on the
    attributes (team, then role, then manager or not), its blanks filled from the others, so the
    rows' order in the file decides nothing.
    """
    frame = attributes.assign(person_id=ids.to_numpy(), _period=periods.to_numpy()).dropna(subset=["person_id"])
    frame = frame.sort_values(["_period", *attributes.columns], kind="stable", na_position="first").drop(columns="_period")
    return frame.groupby("person_id", as_index=False, sort=True).last()


def _metric_dates(frame: pd.DataFrame, ctx: LoadContext) -> pd.Series:
    """``MetricDate`` as London midnights; day/month decided from every value in the file."""
    text = _text(column(frame, "metricdate"), len(frame))
    dayfirst = decide_dayfirst(text.dropna().unique().tolist(), VIVA_DAYFIRST)
    dates = parse_datetimes(text, dayfirst=dayfirst).dt.normalize()
    failed = bad_rows(text, dates)
    if failed:
        ctx.warn(
            f"{counted(len(failed), 'row')} {agree(len(failed), 'has', 'have')} a MetricDate that could not be read, so {agree(len(failed), 'it was', 'they were')} skipped.",
            "Check MetricDate holds dates such as 1/5/2025.",
            column="MetricDate",
            rows=failed,
        )
    return dates


def period_ends(starts: pd.Series) -> pd.Series:
    """The end of each period (exclusive midnight): monthly queries are dated on the 1st, weekly
    ones on the Sunday that starts the week."""
    days = pd.Series(starts.dropna().unique()).sort_values()
    gaps = days.diff().dropna()
    on_first = bool(len(days)) and bool((days.dt.day == 1).all())
    monthly = on_first and (bool((gaps >= pd.Timedelta(days=MONTH_GAP_DAYS)).all()) if len(gaps) else days.iloc[0].weekday() != 6)
    if monthly:
        return starts + pd.DateOffset(months=1)
    return starts + WEEK


def _detect_person(raw: RawFile) -> float:
    header = set(raw.header)
    if not {"personid", "metricdate"} <= header:
        return 0.0
    metrics = sum(bool(header & set(names)) for names in PERSON_METRICS.values())
    return 0.45 if metrics == 0 else min(1.0, 0.9 + 0.03 * metrics)


def parse_person_query(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """Person query -> ``volumes`` (person x week or month) and ``people`` (teams from HR attributes).

    Weeks flagged ``IsActive = FALSE`` (leave, or no activity) are left out, counted, so they do
    not pull the typical week down.
    """
    frame = read_table(raw)
    ctx.rows_read = len(frame)
    n = len(frame)
    if column(frame, "personid") is None:
        raise InputError(f"{raw.name}: the PersonId column is missing, so the rows cannot be told apart.")
    starts = _metric_dates(frame, ctx)
    inactive = _flag(column(frame, "isactive"), n).eq(False).fillna(False).to_numpy()
    if inactive.any():
        k = int(inactive.sum())
        ctx.warn(
            f"{counted(k, 'person-period')} {agree(k, 'is', 'are')} marked inactive (IsActive is FALSE), so {agree(k, 'it was', 'they were')} left out."
        )
    keep = ~inactive & starts.notna().to_numpy()
    frame, starts = frame[keep].reset_index(drop=True), starts[keep].reset_index(drop=True)
    n = len(frame)
    ids = ctx.identify(names=_text(column(frame, "personid"), n))
    volumes = pd.DataFrame(
        {"person_id": ids, "period_start": starts, "period_end": period_ends(starts), "source_format": "viva_person_query"}
    )
    for target, names in PERSON_METRICS.items():
        volumes[target] = _number(column(frame, *names), n)
    return {"volumes": volumes, "people": _people(ids, hr_attributes(frame), starts)}


def parse_p2p_query(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """Person-to-person query -> ``ties`` (kind collaboration, one row per directed pair and period).

    The weight is the strong tie score (else the diverse tie score, else 1 per pair); pairs whose
    score is missing or 0 are not ties and are left out, counted.
    """
    frame = read_table(raw)
    ctx.rows_read = len(frame)
    n = len(frame)
    primary = column(frame, "primarycollaboratorpersonid")
    secondary = column(frame, "secondarycollaboratorpersonid")
    if primary is None or secondary is None:
        raise InputError(f"{raw.name}: the PrimaryCollaborator_PersonId and SecondaryCollaborator_PersonId columns are both needed.")
    period = _metric_dates(frame, ctx)
    score = next((s for s in (column(frame, name) for name in TIE_SCORES) if s is not None), None)
    weight = _number(score, n) if score is not None else pd.Series(1.0, index=range(n), dtype="Float64")
    no_tie = ~(weight > 0).fillna(False).to_numpy()
    if no_tie.any():
        k = int(no_tie.sum())
        ctx.warn(
            f"{counted(k, 'pair')} {agree(k, 'has', 'have')} no tie score above 0, so {agree(k, 'it is not counted as a tie', 'they are not counted as ties')}."
        )
    keep = ~no_tie & period.notna().to_numpy()
    frame = frame[keep].reset_index(drop=True)
    n = len(frame)
    a = ctx.identify(names=_text(column(frame, "primarycollaboratorpersonid"), n))
    b = ctx.identify(names=_text(column(frame, "secondarycollaboratorpersonid"), n))
    ties = pd.DataFrame(
        {"person_a": a, "person_b": b, "weight": weight[keep].to_numpy(), "kind": "collaboration", "period": period[keep].to_numpy()}
    )
    # a person's attributes from every row that names them, on either side, latest period first
    people = _people(
        pd.concat([a, b], ignore_index=True),
        pd.concat([hr_attributes(frame, "primarycollaborator"), hr_attributes(frame, "secondarycollaborator")], ignore_index=True),
        pd.concat([ties["period"], ties["period"]], ignore_index=True),
    )
    return {"ties": ties, "people": people}


def _detect_meeting(raw: RawFile) -> float:
    header = set(raw.header)
    checks = (
        "meetingid" in header,
        bool(header & {"numberofattendees", "attendees"}),
        bool(header & {"collaborationstarttime", "startdate"}),
        bool(header & {"organizer", "organizerpersonid"}),
    )
    return sum(checks) / len(checks)


def _local_times(text: pd.Series, zones: pd.Series | None) -> pd.Series:
    """Naive local times -> Europe/London, each row in its own ``TimeZone`` when the query has one."""
    dayfirst = decide_dayfirst(text.dropna().unique().tolist(), VIVA_DAYFIRST)
    naive = pd.to_datetime(text, errors="coerce", dayfirst=dayfirst, format="mixed")
    out = pd.Series(pd.NaT, index=text.index, dtype=f"datetime64[us, {TZ}]")
    zone = (zones.astype("string").str.strip() if zones is not None else pd.Series(pd.NA, index=text.index, dtype="string")).fillna(TZ)
    for name, rows in naive.groupby(zone, sort=False).groups.items():
        try:
            tz = ZoneInfo(str(name))
        except (ZoneInfoNotFoundError, ValueError):
            tz = ZoneInfo(TZ)
        out[rows] = naive[rows].dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward").dt.tz_convert(TZ)
    return out


def _meeting_times(frame: pd.DataFrame, ctx: LoadContext) -> tuple[pd.Series, pd.Series]:
    """(start, end): ``Collaboration_start_time`` plus ``Duration`` hours, or the legacy UTC columns."""
    n = len(frame)
    hours = _number(column(frame, "duration", "durationhours"), n)
    collaboration = column(frame, "collaborationstarttime")
    if collaboration is not None:
        text = _text(collaboration, n)
        start = _local_times(text, column(frame, "timezone"))
        name = "Collaboration_start_time"
    else:
        text = _text(column(frame, "startdate"), n).str.cat(_text(column(frame, "starttimeutc"), n), sep=" ", na_rep="").str.strip()
        dayfirst = decide_dayfirst(text.dropna().unique().tolist(), VIVA_DAYFIRST)
        start = parse_datetimes(text, dayfirst=dayfirst, utc=True)
        name = "StartDate"
    failed = bad_rows(text, start)
    if failed:
        k = len(failed)
        ctx.warn(
            f"{counted(k, 'meeting')} {agree(k, 'has', 'have')} a start time that could not be read, so {agree(k, 'it was', 'they were')} skipped.",
            column=name,
            rows=failed,
        )
    end = start + pd.to_timedelta(hours.astype("float64"), unit="h").to_numpy()
    end_text = _text(column(frame, "enddate"), n).str.cat(_text(column(frame, "endtimeutc"), n), sep=" ", na_rep="").str.strip()
    if column(frame, "endtimeutc") is not None:
        stated = parse_datetimes(end_text, dayfirst=decide_dayfirst(end_text.dropna().unique().tolist(), VIVA_DAYFIRST), utc=True)
        end = stated.fillna(end)
    return start, end


def parse_meeting_query(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """Meeting query -> ``meetings`` (no attendee list, so no network; ``attendee_hours`` instead).

    The subject decides the kind and the direct-work flag, then is dropped unless the user opted
    in to free text. Cancelled meetings are left out, counted.
    """
    frame = read_table(raw)
    ctx.rows_read = len(frame)
    n = len(frame)
    cancelled = _flag(column(frame, "cancelled", "iscancelled"), n).fillna(False).to_numpy(dtype=bool)
    if cancelled.any():
        k = int(cancelled.sum())
        ctx.warn(f"{counted(k, 'cancelled meeting')} {agree(k, 'was', 'were')} left out.")
    frame = frame[~cancelled].reset_index(drop=True)
    start, end = _meeting_times(frame, ctx)
    timed = start.notna().to_numpy()
    frame, start, end = frame[timed].reset_index(drop=True), start[timed].reset_index(drop=True), end[timed].reset_index(drop=True)
    n = len(frame)
    subject = _text(column(frame, "subject"), n)
    organiser = ctx.identify(names=_text(column(frame, "organizer", "organizerpersonid"), n))
    raw_id = _text(column(frame, "meetingid"), n)
    fallback = subject.fillna("") + "|" + start.astype("string").fillna("") + "|" + organiser.fillna("")
    meeting_id = meeting_ids("viva:" + raw_id.fillna(fallback), ctx.settings.salt)
    kinds = classify_meetings(subject, ctx.settings)
    meetings = pd.DataFrame(
        {
            "meeting_id": meeting_id,
            "start": start,
            "end": end,
            "organiser_id": organiser,
            "is_recurring": _flag(column(frame, "recurring", "isrecurring"), n),
            "invitees": _number(column(frame, "numberofattendees", "attendees"), n).round().astype("Int64"),
            "kind": kinds["kind"].to_numpy(),
            "direct_work": kinds["direct_work"].to_numpy(),
            "source_format": "viva_meeting_query",
            "all_day": _flag(column(frame, "alldaymeeting"), n),
            "attendee_hours": _number(column(frame, "attendeemeetinghours"), n),
        }
    )
    if ctx.settings.show_text:
        meetings["subject"] = subject.to_numpy()
    attributes = (
        hr_attributes(frame, "organizer")
        if column(frame, "organizerorganization", "organizerfunctiontype") is not None
        else hr_attributes(frame)
    )
    return {"meetings": meetings, "people": _people(organiser, attributes, start)}


FORMATS = (
    Format(
        id="viva_person_query",
        kind="collaboration",
        label="Viva Insights person query",
        detect=_detect_person,
        parse=parse_person_query,
        source=VIVA_SOURCE.format(query="Person query"),
    ),
    Format(
        id="viva_p2p_query",
        kind="collaboration",
        label="Viva Insights person-to-person query",
        detect=lambda raw: float({"primarycollaboratorpersonid", "secondarycollaboratorpersonid", "metricdate"} <= set(raw.header)),
        parse=parse_p2p_query,
        source=VIVA_SOURCE.format(query="Person-to-person query"),
    ),
    Format(
        id="viva_meeting_query",
        kind="meetings",
        label="Viva Insights meeting query",
        detect=_detect_meeting,
        parse=parse_meeting_query,
        source=VIVA_SOURCE.format(query="Meeting query"),
    ),
)
