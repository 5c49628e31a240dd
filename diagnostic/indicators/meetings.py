"""Meetings (indicators.md A1): how much of the working week the calendar takes, and in what shape.

Every indicator starts from :func:`diagnostic.indicators.meeting_rows.meeting_rows`: meetings with two or
more attendees, all-day items left out (they mark leave and training days, not meetings). Direct
work with children and families (``direct_work``) is never counted in a "concrete" numerator: it
is the roses, not the concrete. It stays in the denominators, so more direct work lowers them.

Unless an indicator says otherwise, ``coverage`` is the share of the internal people the loaded
files know of who appear in the calendar data, and ``by_team`` gives the same figure for each team
of the roster (small teams merged into "Other teams").
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.indicators.base import Indicator, Measurement, not_computed
from diagnostic.indicators.common import DAYS_PER_WEEK, PERCENT, SECONDS_PER_HOUR, by_team, enough, measured, of_all, of_staff, too_few
from diagnostic.indicators.meeting_rows import AGGREGATE_NOTE, NO_CALENDAR, MeetingRows, meeting_rows, share_of_attendee_hours, usable_rows
from diagnostic.indicators.meeting_times import after_hours_meeting_share, back_to_back_share, conflicting_meeting_share, focus_block_share
from diagnostic.indicators.supervision import management_meeting_share, manager_1to1_cadence
from diagnostic.indicators.viva_measures import VIVA, finer_first, person_share
from diagnostic.indicators.worktime import period_days
from diagnostic.roster import roster
from diagnostic.settings import Settings

LARGE_MEETING = 9  # attendees, organiser included: Viva Insights' "more than 8"
LONG_MEETING_S = 60 * 60  # longer than one hour


def _share_of_meetings(mr: MeetingRows, settings: Settings, flag_col: str, direct_counts: bool) -> tuple[float, pd.DataFrame | None]:
    """Share of meetings with ``flag_col`` set, in %, overall and per team (a team's meetings are those its people attend)."""
    meetings = mr.meetings
    hit = meetings[flag_col].to_numpy(dtype=bool)
    if not direct_counts:
        hit = hit & ~meetings["direct"].to_numpy(dtype=bool)
    value = PERCENT * hit.mean() if len(meetings) else 0.0
    teams = None
    if mr.per_person:
        lookup = np.zeros(len(mr.meeting_ids), dtype=float)
        lookup[meetings["meeting_id"].to_numpy()] = hit
        rows = mr.rows[["meeting_id", "person_id", "team"]].assign(num=lookup[mr.rows["meeting_id"].to_numpy()], one=1.0)
        teams = by_team(rows, settings, "num", "one", distinct="meeting_id", scale=PERCENT)
    return value, teams


def meeting_hours_per_person(dataset: Dataset, settings: Settings) -> Measurement:
    """Internal meeting hours per person per week (direct work left out).

    Finest source first: the attendee list (hours per attendee over the working weeks of the
    calendar window, mean over the people who appear); else activity totals (``volumes``:
    Microsoft 365 or Viva meeting hours per person, which cannot separate direct work); else
    Viva meeting-query attendee-hours over the people the files know of. Coverage: share of known
    internal people who appear in the source used.
    """
    mr = meeting_rows(dataset, settings)
    if mr is not None and mr.per_person:
        if not enough(mr.people_seen, settings):
            return not_computed(too_few(mr.people_seen, "people with meetings", settings), mr.people_seen, "people")
        rows = mr.rows
        hours = np.where(rows["direct"].to_numpy(dtype=bool), 0.0, rows["attendee_s"].to_numpy()) / SECONDS_PER_HOUR
        person = rows["person_id"].to_numpy()
        codes = np.flatnonzero(np.bincount(person))  # everyone with a meeting, in code order
        per_person = np.bincount(person, weights=hours)[codes] / mr.weeks
        frame = pd.DataFrame({"person_id": codes, "value": per_person, "team": mr.persons.team(codes)})
        teams = by_team(frame, settings, "value", how="mean")
        note = f"Over {mr.weeks:.1f} working weeks of calendar data."
        return measured(per_person.mean(), len(per_person), "people", mr.coverage, teams, note, mr.coverage_of)
    volumes = _volume_meeting_hours(dataset, settings)
    if volumes is not None:
        return volumes
    if mr is not None:
        known = roster(dataset, settings)["internal"].sum()
        if not enough(int(known), settings):
            return not_computed(
                "Not computed: the meeting totals loaded have no attendee list, and no staff list says how many people "
                "share those hours. Load the staff roster, or calendar exports with attendees."
            )
        hours = np.where(mr.meetings["direct"].to_numpy(dtype=bool), 0.0, mr.meetings["attendee_s"].to_numpy()).sum() / SECONDS_PER_HOUR
        note = f"Estimate: meeting-level attendee-hours (no attendee list) shared over the {int(known)} people in the files loaded."
        return measured(hours / known / mr.weeks, len(mr.meetings), "meetings", None, None, note)
    return not_computed(NO_CALENDAR)


def _volume_meeting_hours(dataset: Dataset, settings: Settings) -> Measurement | None:
    """Meeting hours per person per week from activity totals, or None when they carry none."""
    v = dataset.volumes
    if v is None or v.empty or v["meeting_hours"].isna().all():
        return None
    v = v.dropna(subset=["person_id", "meeting_hours", "period_start", "period_end"])
    people = roster(dataset, settings)
    internal = v["person_id"].map(people["internal"]).fillna(True).astype(bool).to_numpy()
    v = v[internal]
    weeks = period_days(v["period_start"], v["period_end"]) / DAYS_PER_WEEK
    frame = pd.DataFrame({"person_id": v["person_id"].to_numpy(), "hours": v["meeting_hours"].to_numpy(dtype=float), "weeks": weeks})
    per = frame.groupby("person_id", sort=True)[["hours", "weeks"]].sum()
    per = per[per["weeks"] > 0]
    if not enough(len(per), settings):
        return not_computed(too_few(len(per), "people in the activity report", settings), len(per), "people")
    values = per["hours"] / per["weeks"]
    out = pd.DataFrame({"person_id": values.index, "value": values.to_numpy()})
    out["team"] = out["person_id"].map(people["team"])
    known = int(people["internal"].sum())
    note = "From activity totals (Microsoft 365 or Viva Insights meeting hours). They include time with families, which these reports cannot separate."
    return measured(
        values.mean(),
        len(values),
        "people",
        len(values) / known if known else 1.0,
        by_team(out, settings, "value", how="mean"),
        note,
        of_staff(known),
    )


def large_meeting_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of attendee-hours spent in meetings of nine or more attendees (organiser included).

    Coverage: people in the calendar data (or 1 for meeting-level totals).
    """
    found = share_of_attendee_hours(dataset, settings, lambda r: r["size"].to_numpy() >= LARGE_MEETING)
    note = (
        f"{VIVA}' large and long meeting hours over meeting hours: Viva counts meetings of more than 8 people that also last "
        "over an hour; ours counts every meeting of nine or more, so this is a lower bound."
    )
    return finer_first(found, lambda: person_share(dataset, settings, "large_long_meeting_hours", "meeting_hours", note))


def long_meeting_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of meetings longer than one hour (direct work is never counted as long).

    Per team: share of the meetings that team's people attend. Coverage: people in the calendar data.
    """
    mr = usable_rows(dataset, settings)
    if isinstance(mr, Measurement):
        return mr
    meetings = mr.meetings.assign(long=mr.meetings["dur_s"].to_numpy() > LONG_MEETING_S)
    value, teams = _share_of_meetings(replace(mr, meetings=meetings), settings, "long", direct_counts=False)
    return measured(value, len(meetings), "meetings", mr.coverage, teams, "" if mr.per_person else AGGREGATE_NOTE, mr.coverage_of)


def recurring_large_long_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of attendee-hours in recurring meetings that are large (9+) or long (over an hour).

    Coverage: people in the calendar data.
    """

    def flag(rows: pd.DataFrame) -> np.ndarray:
        big = (rows["size"].to_numpy() >= LARGE_MEETING) | (rows["dur_s"].to_numpy() > LONG_MEETING_S)
        return rows["recurring"].to_numpy(dtype=bool) & big

    return share_of_attendee_hours(dataset, settings, flag)


def partner_meeting_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of meetings with at least one attendee from a partner agency (settings' partner-domain map).

    Only meetings whose attendees were seen with email addresses can show a partner, so only they
    count. Coverage: share of meetings with addressed attendees.
    """
    mr = usable_rows(dataset, settings, per_person=True)
    if isinstance(mr, Measurement):
        note = (
            f"{VIVA}' external collaboration hours over collaboration hours: time with anyone outside the organisation, in email, "
            "chat, calls and meetings; ours is the share of meetings with someone from a partner agency."
        )
        return finer_first(mr, lambda: person_share(dataset, settings, "external_collaboration_hours", "collaboration_hours", note))
    addressed = mr.meetings["addressed"].to_numpy(dtype=bool)
    if not addressed.any():
        return not_computed(
            "Not computed: the calendar export names attendees without email addresses, so partner agencies cannot be told apart. "
            "Load an export that lists addresses (Teams attendance report or .ics file)."
        )
    if not enough(int(addressed.sum()), settings):
        return not_computed(too_few(int(addressed.sum()), "meetings with attendee addresses", settings), int(addressed.sum()), "meetings")
    listed = np.zeros(len(mr.meeting_ids), dtype=bool)
    listed[mr.meetings["meeting_id"].to_numpy()[addressed]] = True
    rows = mr.rows[["meeting_id", "person_id", "team"]]  # all that the share per team reads
    sub = replace(mr, rows=rows[listed[rows["meeting_id"].to_numpy()]], meetings=mr.meetings[addressed])
    value, teams = _share_of_meetings(sub, settings, "partner", direct_counts=True)
    return measured(value, int(addressed.sum()), "meetings", addressed.mean(), teams, coverage_of=of_all(len(addressed), "meetings"))


def multitasking_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of meeting hours in which people also wrote email or chat (Viva Insights' multitasking hours); mean over people.

    Only Viva measures it: a calendar or a message trace cannot tell who was writing during a meeting.
    """
    note = f"{VIVA}' multitasking hours (meeting hours in which the person also sent email or chat) over meeting hours."
    found = person_share(dataset, settings, "multitasking_hours", "meeting_hours", note)
    if found is None:
        return not_computed("Not computed: needs Viva Insights multitasking hours. Load a Viva person query that includes them.")
    return found


def weekend_collaboration_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of collaboration hours (meetings, calls, chat, email) at weekends (Viva Insights' weekend collaboration hours); mean over people."""
    note = (
        f"{VIVA}' weekend collaboration hours over collaboration hours: meetings, calls, chat and email with at least one other "
        "person on Saturday or Sunday. Out-of-hours duty with families counts too: Viva cannot tell it apart."
    )
    found = person_share(dataset, settings, "weekend_hours", "collaboration_hours", note)
    if found is None:
        return not_computed("Not computed: needs Viva Insights weekend collaboration hours. Load a Viva person query that includes them.")
    return found


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        id="meeting_hours_per_person",
        domain="meetings",
        title="Internal meeting hours per person per week",
        question="How many hours a week does each person spend in meetings with colleagues?",
        unit="hours/week",
        concrete_at=15.0,
        compost_at=6.0,
        source=(
            "Judgement, anchored on a 37-hour week: a DfE survey (via the Centre for Public Impact) puts 29 hours a week (65%) "
            "at a computer or on paperwork already; Rogelberg (2019): non-managers attend about 8 meetings a week, managers about 12."
        ),
        seed='"the way we run meetings" (Dove, 2024); "29 hours a week" (Centre for Public Impact)',
        caveat="Invited is not attended; only accepted meetings count when the export has response status.",
        needs=("attendance", "meetings", "volumes"),
        compute=meeting_hours_per_person,
    ),
    Indicator(
        id="large_meeting_share",
        domain="meetings",
        title="Share of meeting hours in large meetings",
        question="How much meeting time is spent in meetings of nine or more people?",
        unit="%",
        concrete_at=40.0,
        compost_at=15.0,
        source=(
            'Viva Insights metric definitions: "large" means more than 8 attendees (nine or more including the organiser); '
            "thresholds are judgement."
        ),
        seed='"fewer meetings required as more focused and purposeful" (Kay, 2015)',
        caveat="Statutory forums such as child protection conferences and panels are legitimately large; read them separately.",
        needs=("meetings", "volumes"),
        compute=large_meeting_share,
    ),
    Indicator(
        id="long_meeting_share",
        domain="meetings",
        title="Share of meetings longer than one hour",
        question="How many meetings run for more than an hour?",
        unit="%",
        concrete_at=30.0,
        compost_at=10.0,
        source=(
            'Viva Insights: "long" means more than one hour; Rogelberg (2019): durations follow the calendar\'s 30- and 60-minute '
            "defaults rather than need. Thresholds are judgement."
        ),
        seed='"meetings are more effectively chaired and result in more direct action" (Kay, 2015)',
        caveat="Training and group supervision are long by design; look at the meeting kinds before drawing conclusions.",
        needs=("meetings",),
        compute=long_meeting_share,
    ),
    Indicator(
        id="recurring_large_long_share",
        domain="meetings",
        title="Recurring large or long meetings",
        question="How much meeting time goes on recurring meetings that are large or long?",
        unit="%",
        concrete_at=30.0,
        compost_at=10.0,
        source='Viva Insights "large and long recurring meeting hours" and its recurring-meeting audit (definition); thresholds are judgement.',
        seed='"the stuff we take for granted. The invisible water we swim in" (Dove, 2024)',
        caveat="Small recurring huddles and supervision are fine and are deliberately not counted.",
        needs=("meetings",),
        compute=recurring_large_long_share,
    ),
    Indicator(
        id="conflicting_meeting_share",
        domain="meetings",
        title="Double-booked meeting hours",
        question="How much of each person's meeting time is double-booked?",
        unit="%",
        concrete_at=15.0,
        compost_at=3.0,
        source='Viva Insights "conflicting meeting hours" (definition); thresholds are judgement.',
        seed='"increasing management demands and processes" (Centre for Public Impact)',
        caveat="Without response status, double invitations overstate conflict.",
        needs=("attendance", "volumes"),
        compute=conflicting_meeting_share,
    ),
    Indicator(
        id="back_to_back_share",
        domain="meetings",
        title="Back-to-back meetings",
        question="How often does a meeting start less than 10 minutes after the last one ended?",
        unit="%",
        concrete_at=40.0,
        compost_at=10.0,
        source=(
            "Microsoft Human Factors Lab (April 2021, EEG study of 14 people): four back-to-back 30-minute meetings raised "
            "stress-related brain activity; 10-minute breaks prevented the build-up. Thresholds are judgement."
        ),
        seed='"roses can\'t grow in concrete" (Dove, 2024)',
        caveat="All-day items are left out; tentative items cannot be told apart unless the export records responses.",
        needs=("attendance",),
        compute=back_to_back_share,
    ),
    Indicator(
        id="after_hours_meeting_share",
        domain="meetings",
        title="Meetings outside working hours",
        question="How much meeting time falls outside working hours?",
        unit="%",
        concrete_at=5.0,
        compost_at=1.0,
        source=(
            "Viva Insights \"after-hours meeting hours\" (it uses each person's Outlook working hours; this uses the organisation's "
            "setting); thresholds are judgement."
        ),
        seed='"more manageable workloads" (Barking and Dagenham)',
        caveat="Out-of-hours duty and evening family work are direct work and are left out; part-time patterns differ.",
        needs=("meetings", "volumes"),
        compute=after_hours_meeting_share,
    ),
    Indicator(
        id="focus_block_share",
        domain="meetings",
        title="Open time for families",
        question="How much of the working week is free of meetings in blocks of two hours or more?",
        unit="%",
        concrete_at=30.0,
        compost_at=60.0,
        source='Viva Insights "open 2-hour blocks" and focus hours (definition of a 2-hour block); thresholds are judgement.',
        seed='"prioritises relationships and time spent with children and families" (Centre for Public Impact)',
        caveat="A free calendar is not family time; it is the capacity for it. Leave and sickness look like open time.",
        needs=("attendance", "volumes"),
        compute=focus_block_share,
    ),
    Indicator(
        id="manager_1to1_cadence",
        domain="meetings",
        title="Regular supervision or 1:1",
        question="Does every practitioner meet their manager one-to-one at least every four weeks?",
        unit="%",
        concrete_at=50.0,
        compost_at=90.0,
        source=(
            "Typical local authority supervision policies (at least monthly, more often for newly qualified social workers); "
            'LGA "Standards for employers of social workers in England" (2020), which include time for supervision; '
            'Viva Insights "manager 1:1 meeting hours" (definition).'
        ),
        seed='"where we have high challenge, we need support and vice versa" (Kay, 2015)',
        caveat="Needs the roster. Supervision that is not in the calendar is invisible: then it is reported, not scored 0.",
        needs=("attendance", "volumes"),
        compute=manager_1to1_cadence,
        joins=("teams",),
    ),
    Indicator(
        id="management_meeting_share",
        domain="meetings",
        title="Time in manager-only meetings",
        question="How much meeting time is spent in meetings attended only by managers?",
        unit="%",
        concrete_at=40.0,
        compost_at=15.0,
        source="Judgement; the Centre for Public Impact finds one in three social workers sit under three to five management layers.",
        seed='"excessive layers of management and oversight" (Centre for Public Impact)',
        caveat=(
            "Needs the roster; some management forums are necessary. A meeting counts when everyone from the council who came "
            "(declined invitations and all-day items left out) is a roster manager: the same meetings the fortnightly and "
            "management-layer levers change."
        ),
        needs=("attendance",),
        compute=management_meeting_share,
        joins=("teams",),
    ),
    Indicator(
        id="partner_meeting_share",
        domain="meetings",
        title="Multi-agency meetings",
        question="How many meetings include someone from health, police, schools or another partner?",
        unit="%",
        concrete_at=5.0,
        compost_at=25.0,
        source="Judgement (Working Together to Safeguard Children 2023: safeguarding is the shared responsibility of the partners).",
        seed='"the responsibilities of all our partners in protecting children" (Grant, 2023)',
        caveat="Meetings hosted by partners on their own systems may be missing from the export.",
        needs=("attendance", "volumes"),
        compute=partner_meeting_share,
    ),
    Indicator(
        id="multitasking_share",
        domain="meetings",
        title="Meetings spent on other work",
        question="How much meeting time do people spend also writing email or chat?",
        unit="%",
        concrete_at=30.0,
        compost_at=10.0,
        source='Viva Insights "multitasking hours" (definition); thresholds are judgement.',
        seed='"fewer meetings required as more focused and purposeful" (Kay, 2015)',
        caveat="Needs a Viva Insights person query. Taking notes in a chat or answering a family's urgent email counts too.",
        needs=("volumes",),
        compute=multitasking_share,
    ),
    Indicator(
        id="weekend_collaboration_share",
        domain="meetings",
        title="Weekend working",
        question="How much of people's meetings, calls, chat and email happens at the weekend?",
        unit="%",
        concrete_at=5.0,
        compost_at=1.0,
        source='Viva Insights "weekend collaboration hours" (definition); thresholds are judgement, as for meetings outside working hours.',
        seed='"more manageable workloads" (Barking and Dagenham)',
        caveat="Needs a Viva Insights person query. Weekend duty rotas and part-time patterns are legitimate; read with the rota.",
        needs=("volumes",),
        compute=weekend_collaboration_share,
    ),
)
