"""Microsoft Viva Insights queries (formats.md d and g): what every query shares, and the person query.

Viva exports are already aggregated and de-identified: ``PersonId`` is a GUID, never a name or an
address, so people are keyed on it as an opaque name and cannot be joined to other exports.
Every HR attribute a query carries (``Organization``, ``FunctionType``, ``LevelDesignation``,
``GroupName``, ...) is kept in the ``attributes`` table; none of them is the team unless the user
chose it (``Settings.team_attribute``): a department of 300 people is not a team of 8.

Header spellings vary (``After_hours_collaboration_hours`` in Microsoft's samples,
``After-hours collaboration hours`` in raw downloads, ``PersonID``); matching uses the project's
normalised headers, which treat ``%`` as "percent" and ignore every other non-alphanumeric
character, as vivainsights' own importer does. ``MetricDate`` is ``M/D/YYYY`` unless the values
prove otherwise (a file re-saved by Excel in the UK becomes day-first). The meeting query is read
in :mod:`~diagnostic.ingest.formats.viva_meetings`, the collaboration queries between people and
groups in :mod:`~diagnostic.ingest.formats.viva_groups`.
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from diagnostic.dates import bad_rows, decide_dayfirst, parse_datetimes
from diagnostic.errors import InputError, PeriodNeeded
from diagnostic.ingest.base import Format, LoadContext
from diagnostic.ingest.formats.m365_reports import column, read_table
from diagnostic.ingest.headers import normalise_header
from diagnostic.ingest.rawfile import RawFile
from diagnostic.ingest.vocabulary import agree, counted, translate
from diagnostic.periods import parse_period
from diagnostic.schema.spec import TZ
from diagnostic.schema.vocabularies import DONT_KNOW, LIKERT

VIVA_DAYFIRST = False  # Viva writes M/D/YYYY; the values can still prove a file day-first
WEEK = pd.DateOffset(days=7)  # calendar days: a week across the clock change still ends at midnight
MONTH_GAP_DAYS = 28  # dates this far apart, all on the 1st, are monthly periods
TRUE_WORDS = frozenset({"true", "yes", "1"})
FALSE_WORDS = frozenset({"false", "no", "0"})
MANAGER_WORDS = ("manager", "mgr", "people manager", "supervisor")
CONTRIBUTOR_WORDS = ("ic", "individual contributor", "non-manager", "non manager")
DATE_COLUMNS = ("metricdate", "date", "weekstarting")  # Microsoft's name first, then what a re-saved table may call it
# volumes column -> normalised Viva metric names (Microsoft's underscored names and display names
# normalise alike), the first present wins. Each is Viva's own metric, by Viva's definition.
PERSON_METRICS: dict[str, tuple[str, ...]] = {
    "emails_sent": ("emailssent",),
    "emails_read": ("emailsread",),
    "meetings": ("meetings", "meetingcount"),
    "meeting_hours": ("meetinghours",),
    "chats_sent": ("chatssent", "instantmessagessent"),
    "after_hours_hours": ("afterhourscollaborationhours",),
    "email_hours": ("emailhours",),
    "collaboration_hours": ("collaborationhours",),
    "after_hours_meeting_hours": ("afterhoursmeetinghours",),
    "after_hours_email_hours": ("afterhoursemailhours",),
    "weekend_hours": ("weekendcollaborationhours",),
    "conflicting_meeting_hours": ("conflictingmeetinghours",),
    "large_long_meeting_hours": ("largeandlongmeetinghours",),
    "multitasking_hours": ("multitaskinghours", "multitaskingmeetinghours"),
    "manager_1to1_hours": ("meetingandcallhourswithmanager11", "meetinghourswithmanager11", "meetingandcallhourswithmanager1on1"),
    "external_collaboration_hours": ("externalcollaborationhours",),
    "focus_hours": ("availabletofocushours", "uninterruptedhours"),
    "internal_network_size": ("internalnetworksize",),
    "external_network_size": ("externalnetworksize",),
    "collaboration_span": ("collaborationspan",),
}
# volumes column -> normalised headers of staff-survey items a person query may carry per person:
# Glint or Pulse results the analyst joined as organisational data (Microsoft's sample spells them
# Speak_My_Mind and Workload; display names "Speak my mind"). Answers are 1 (strongly disagree) to
# 5 (strongly agree) with the statement in the comment; the first header present wins.
SURVEY_ITEMS: dict[str, tuple[str, ...]] = {
    "speak_my_mind": ("speakmymind", "ifeelfreetospeakmymind", "freetospeakmymind"),  # I feel free to speak my mind
    "workload_rating": ("workload", "manageableworkload", "myworkloadismanageable"),  # My workload is manageable
}
SCALE = (1, 5)  # the agreement scale of the survey items
METRIC_NAMES = frozenset(name for names in (*PERSON_METRICS.values(), *SURVEY_ITEMS.values()) for name in names)
# Columns of Viva queries that are not HR attributes, whatever their values look like.
NOT_ATTRIBUTES = frozenset(
    {"personid", "isactive", "metricdate", "date", "weekstarting", "meetingid", "subject", "organizer", "organizerpersonid", "timezone"}
    | {"collaborationstarttime", "startdate", "starttimeutc", "enddate", "endtimeutc", "zid", "hiredate", "domain"}
)
IDENTIFIER_PEOPLE = 10  # from this many people, a value each person has alone is an identifier
CODE = r"[0-9A-Fa-f-]{16,}"  # a GUID or hash: an identifier, not a group
TIE_SCORES = ("strongtiescore", "diversetiescore")  # the first present weighs each pair
VIVA_SOURCE = "Viva Insights > Analyst > Query designer > {query} > download the results (needs the Insights Analyst role)."
PERSON_QUERY = "viva_person_query"  # the format id, and the source_format of its rows


def text(values: pd.Series | None, n: int) -> pd.Series:
    """Stripped text, blanks and missing columns as NA."""
    if values is None:
        return pd.Series(pd.NA, index=range(n), dtype="string")
    out = values.astype("string").str.strip()
    return out.mask(out.isin(["", "NA"]))


def number(values: pd.Series | None, n: int) -> pd.Series:
    return pd.to_numeric(text(values, n).str.replace(",", "", regex=False), errors="coerce").astype("Float64")


def flag(values: pd.Series | None, n: int) -> pd.Series:
    """TRUE/FALSE (any case, or yes/no, 1/0) -> boolean; anything else NA."""
    words = text(values, n).str.casefold()
    out = pd.Series(pd.NA, index=words.index, dtype="boolean")
    out[words.isin(TRUE_WORDS).fillna(False)] = True
    out[words.isin(FALSE_WORDS).fillna(False)] = False
    return out


def survey_answers(frame: pd.DataFrame, names: tuple[str, ...], ctx: LoadContext) -> pd.Series:
    """One survey item's answers from 1 to 5: numbers, or agreement words ("Agree" is 4).

    "Don't know" is no answer, never 3. Anything else (a 0-100 score, a fraction) is left out and
    said once, naming the column.
    """
    found = column(frame, *names)
    cells = text(found, len(frame))
    words, _ = translate(cells, LIKERT, "Float64")
    answers = number(found, len(frame)).fillna(words)
    dont_know = cells.str.casefold().str.fullmatch(DONT_KNOW).fillna(False)
    off = cells.notna() & ~dont_know & ~answers.isin(range(SCALE[0], SCALE[1] + 1)).fillna(False)
    if off.any():
        k = int(off.sum())
        ctx.warn(
            f"{counted(k, 'survey answer')} {agree(k, 'is', 'are')} not a whole number from {SCALE[0]} to {SCALE[1]} "
            f"or an agreement such as “Agree”, so {agree(k, 'it was', 'they were')} left out.",
            f"Join the survey results as answers from {SCALE[0]} (strongly disagree) to {SCALE[1]} (strongly agree).",
            column=str(found.name),
        )
    return answers.mask(off | dont_know)


def _is_manager(values: pd.Series | None, n: int) -> pd.Series:
    """``SupervisorIndicator``: Manager, Manager+, Mgr+ -> True; IC, Individual Contributor -> False."""
    words = text(values, n).str.casefold().str.rstrip("+ ")
    out = pd.Series(pd.NA, index=words.index, dtype="boolean")
    out[words.isin(CONTRIBUTOR_WORDS).fillna(False)] = False
    out[words.str.startswith(MANAGER_WORDS).fillna(False)] = True
    return out


def attribute_columns(frame: pd.DataFrame, people: int, prefix: str = "") -> list[str]:
    """The headers of ``frame`` that are HR attributes of a person (``<prefix>Organization`` and so on).

    An attribute is text that groups people: not a metric, not a number, a date or a yes/no, no address,
    no GUID, and fewer values than people (a value each person has alone is an identifier, not a group).
    """
    found = []
    for header in frame.columns:
        key = normalise_header(header)
        if not key.startswith(prefix) or key[len(prefix) :] in NOT_ATTRIBUTES | METRIC_NAMES or not key[len(prefix) :]:
            continue
        values = text(frame[header], len(frame)).dropna()
        if values.empty or values.str.contains("@", regex=False).any():
            continue
        if values.str.casefold().isin(TRUE_WORDS | FALSE_WORDS).all():
            continue
        numeric = pd.to_numeric(values.str.replace(",", "", regex=False), errors="coerce").notna().mean()
        dated = pd.to_datetime(values.head(50), errors="coerce", format="mixed").notna().mean()
        coded = values.str.fullmatch(CODE).mean()
        if numeric > 0.5 or dated > 0.5 or coded > 0.5 or values.nunique() >= people >= IDENTIFIER_PEOPLE:
            continue
        found.append(header)
    return found


def hr_attributes(frame: pd.DataFrame, ids: pd.Series, periods: pd.Series, ctx: LoadContext, prefix: str = "") -> dict[str, pd.DataFrame]:
    """``people`` (team, role, is_manager) and ``attributes`` from the HR attribute columns of ``frame``.

    Each person's latest value of each attribute wins (they can change over time); rows of one
    period that disagree are settled by their values, so the rows' order decides nothing. The team
    is the attribute the user chose (``team_attribute``), or none.
    """
    n = len(frame)
    long = [
        pd.DataFrame({"person_id": ids.to_numpy(), "_period": periods.to_numpy(), "attribute": without_prefix(header, prefix)}).assign(
            value=text(frame[header], n).to_numpy()
        )
        for header in attribute_columns(frame, int(ids.nunique()), prefix)
    ]
    attributes = pd.concat(long, ignore_index=True) if long else pd.DataFrame(columns=["person_id", "_period", "attribute", "value"])
    attributes = attributes.dropna(subset=["person_id", "value"])
    attributes = attributes.sort_values(["person_id", "attribute", "_period", "value"], kind="stable", na_position="first")
    attributes = attributes.groupby(["person_id", "attribute"], as_index=False, sort=True)["value"].last()
    facts = pd.DataFrame(
        {
            "role": text(column(frame, prefix + "leveldesignation"), n).to_numpy(),
            "is_manager": _is_manager(column(frame, prefix + "supervisorindicator"), n).to_numpy(),
        }
    )
    people = _latest(ids, periods, facts)
    people["team"] = people["person_id"].map(chosen_values(attributes, ctx.settings.team_attribute)).astype("string")
    return {"people": people, "attributes": attributes}


def chosen_values(attributes: pd.DataFrame, team_attribute: str) -> pd.Series:
    """person_id -> the value of the attribute chosen as team (empty when none is chosen or the file lacks it)."""
    chosen = normalise_header(team_attribute)
    if not chosen:
        return pd.Series(dtype="string")
    rows = attributes[attributes["attribute"].map(normalise_header) == chosen]
    return rows.set_index("person_id")["value"]


def without_prefix(header: str, prefix: str) -> str:
    """``header`` without its normalised ``prefix`` (``PrimaryCollaborator_Organization`` -> ``Organization``)."""
    seen = 0
    for i, ch in enumerate(header):
        if seen == len(prefix):
            return header[i:].lstrip("_ -.")
        seen += ch.isalnum()
    return header


def _latest(ids: pd.Series, periods: pd.Series, values: pd.DataFrame) -> pd.DataFrame:
    """One row per person: the latest known value of each column of ``values``, blanks filled from earlier rows.

    Ties within a period are settled by the values (sorted), never by the rows' order.
    """
    frame = values.assign(person_id=ids.to_numpy(), _period=periods.to_numpy()).dropna(subset=["person_id"])
    frame = frame.sort_values(["_period", *values.columns], kind="stable", na_position="first").drop(columns="_period")
    return frame.groupby("person_id", as_index=False, sort=True).last()


def metric_dates(frame: pd.DataFrame, ctx: LoadContext) -> pd.Series | None:
    """``MetricDate`` as London midnights (day/month decided from every value), or None when the query has none."""
    found = column(frame, *DATE_COLUMNS)
    if found is None:
        return None
    values = text(found, len(frame))
    dayfirst = decide_dayfirst(values.dropna().unique().tolist(), VIVA_DAYFIRST)
    dates = parse_datetimes(values, dayfirst=dayfirst).dt.normalize()
    failed = bad_rows(values, dates)
    if failed:
        ctx.warn(
            f"{counted(len(failed), 'row')} {agree(len(failed), 'has', 'have')} a MetricDate that could not be read, so {agree(len(failed), 'it was', 'they were')} skipped.",
            "Check MetricDate holds dates such as 1/5/2025.",
            column="MetricDate",
            rows=failed,
        )
    return dates


def undated(n: int, ctx: LoadContext) -> pd.Series:
    """No MetricDate: the query is one period over its whole date range, which the file does not say; said once."""
    ctx.warn(
        "This query has no MetricDate column, so it was read as one period covering the whole date range the query was run over. "
        "It counts in every figure that is not about change over time, and is left out of the Change over time page.",
        "To see change over time, run the query again grouped by week or month.",
        column="MetricDate",
    )
    return pd.Series(pd.NaT, index=range(n), dtype="datetime64[us, Europe/London]")


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
    if "personid" not in header:
        return 0.0
    metrics = sum(bool(header & set(names)) for names in PERSON_METRICS.values())
    dated = bool(header & set(DATE_COLUMNS))
    if metrics == 0:
        return 0.45 if dated else 0.0
    return min(1.0, 0.9 + 0.03 * metrics) if dated else min(0.8, 0.5 + 0.1 * metrics)


def parse_person_query(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """Person query -> ``volumes`` (person x week or month), ``people`` and their HR ``attributes``.

    Weeks flagged ``IsActive = FALSE`` (leave, or no activity) are left out, counted, so they do
    not pull the typical week down. A person query without dates cannot say how many weeks its
    hours cover: it is read as one period over the analysis period the user gave, and refused with
    what to do when none was given.
    """
    frame = read_table(raw)
    ctx.rows_read = len(frame)
    n = len(frame)
    if column(frame, "personid") is None:
        raise InputError(f"{raw.name}: the PersonId column is missing, so the rows cannot be told apart.")
    starts = metric_dates(frame, ctx)
    ends = None
    if starts is None:
        starts, ends = _over_the_period_given(raw.name, n, ctx)
    inactive = flag(column(frame, "isactive"), n).eq(False).fillna(False).to_numpy()
    if inactive.any():
        k = int(inactive.sum())
        ctx.warn(
            f"{counted(k, 'person-period')} {agree(k, 'is', 'are')} marked inactive (IsActive is FALSE), so {agree(k, 'it was', 'they were')} left out."
        )
    keep = ~inactive & starts.notna().to_numpy()
    frame, starts = frame[keep].reset_index(drop=True), starts[keep].reset_index(drop=True)
    n = len(frame)
    ids = ctx.identify(names=text(column(frame, "personid"), n))
    volumes = pd.DataFrame(
        {
            "person_id": ids,
            "period_start": starts,
            "period_end": period_ends(starts) if ends is None else ends[keep].reset_index(drop=True),
            "source_format": PERSON_QUERY,
        }
    )
    for target, names in PERSON_METRICS.items():
        volumes[target] = number(column(frame, *names), n)
    for target, names in SURVEY_ITEMS.items():
        volumes[target] = survey_answers(frame, names, ctx)
    return {"volumes": volumes, **hr_attributes(frame, ids, starts, ctx)}


def _over_the_period_given(name: str, n: int, ctx: LoadContext) -> tuple[pd.Series, pd.Series]:
    """A person query run over one whole period, dated by the analysis period the user gave (said once).

    Its hours are totals over that period, so the period's length is what turns them into hours
    per week; without it they would be divided by a guess.
    """
    given = parse_period(ctx.settings.period)
    if given is None:
        raise PeriodNeeded(
            f"{name}: this person query has no MetricDate column, so the weeks its hours cover are not known. "
            "Run the query again grouped by week (the default) and load that download, or give the period the query "
            "was run over: on Home under Analysis period, or --period FROM:TO on the command line."
        )
    ctx.warn(
        f"This person query has no MetricDate column, so it was read as one period covering the analysis period you gave "
        f"({given.label()}), and its hours were spread over that period's weeks.",
        "Check the query was run over exactly that period; to see change over time, run it again grouped by week.",
        column="MetricDate",
    )
    first = pd.Timestamp(given.first).tz_localize(TZ)
    last = pd.Timestamp(given.last + timedelta(days=1)).tz_localize(TZ)
    return pd.Series(first, index=range(n)), pd.Series(last, index=range(n))


FORMATS = (
    Format(
        id=PERSON_QUERY,
        kind="collaboration",
        label="Viva Insights person query",
        detect=_detect_person,
        parse=parse_person_query,
        source=VIVA_SOURCE.format(query="Person query"),
    ),
)
