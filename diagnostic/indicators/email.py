"""Email (indicators.md A2): the load, the hours, and the habits of copying and reporting up.

The finest source wins: a message trace (``messages``: one row per message and recipient) before
activity totals (``volumes``: Microsoft 365 email activity or Viva Insights person query). Only
messages from internal senders are counted as "sent". Unless an indicator says otherwise,
``coverage`` is the share of the internal people the files know of who appear in the source used.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from diagnostic.columns import positions
from diagnostic.dataset import Dataset
from diagnostic.indicators.base import Indicator, Measurement, not_computed
from diagnostic.indicators.common import DAYS_PER_WEEK, PERCENT, by_team, enough, measured, of_all, of_staff, too_few
from diagnostic.indicators.email_rows import CC, TO, EmailRows, email_rows
from diagnostic.indicators.people import ROSTER_NEEDED, chains_above, practitioners
from diagnostic.indicators.viva_measures import VIVA, finer_first, internal_volumes, person_rate, person_share, working_days
from diagnostic.indicators.worktime import in_working_hours, period_days, working_day_count, working_days_in_periods
from diagnostic.roster import roster
from diagnostic.settings import Settings

SEND_MINUTES = 5.0  # assumed time to write one message
READ_MINUTES = 2.5  # assumed time to read one message
MINUTES_PER_HOUR = 60.0
RECIPIENT_CAP = 50  # beyond this a message is a broadcast or an expanded list; counted as 50

NO_TRACE = "Load an Exchange message trace (it records who sent what to whom, and when)."


def _trace(dataset: Dataset, settings: Settings, why: str) -> EmailRows | Measurement:
    """The message trace as numbers, or the reason it is missing or too small."""
    er = email_rows(dataset, settings)
    if er is None or er.sent.empty:
        return not_computed(f"Not computed: {why} {NO_TRACE}")
    senders = int(er.sent["sender"].nunique())
    if not enough(senders, settings):
        return not_computed(too_few(senders, "internal senders", settings), senders, "people")
    return er


def _per_sender(er: EmailRows, sender: np.ndarray, num: np.ndarray, den: np.ndarray) -> pd.DataFrame:
    """Sums of ``num`` and ``den`` per sender, with the sender's team.

    A team's ratio of sums is the same from these sums as from the raw rows, and the team view
    then works on a thousand rows instead of a million.
    """
    size = len(er.persons.ids)
    nums = np.bincount(sender, weights=num, minlength=size)
    dens = np.bincount(sender, weights=den, minlength=size)
    who = np.flatnonzero(dens > 0)
    return pd.DataFrame({"sender": who, "num": nums[who], "den": dens[who], "team": er.persons.team(who)})


def _sender_ratio(er: EmailRows, settings: Settings, sender: np.ndarray, num: np.ndarray, den: np.ndarray, scale: float = PERCENT):
    """Overall ratio of sums (times ``scale``) and its team view."""
    per = _per_sender(er, sender, num.astype(float), den.astype(float))
    value = scale * per["num"].sum() / per["den"].sum()
    return value, by_team(per, settings, "num", "den", size_col="sender", scale=scale)


def _sender_coverage(er: EmailRows) -> float:
    senders = er.sent["sender"].nunique()
    return senders / er.people_known if er.people_known else 1.0


def _per_person_median(frame: pd.DataFrame, num: str, den: str, dataset: Dataset, settings: Settings, note: str) -> Measurement:
    """Median over people of each person's total ``num`` over total ``den``, with a team view."""
    per = frame.groupby("person_id", sort=True).agg(num=(num, "sum"), den=(den, "sum"), team=("team", "first"))
    per = per[per["den"] > 0]
    if not enough(len(per), settings):
        return not_computed(too_few(len(per), "people with email counts", settings), len(per), "people")
    per["value"] = per["num"] / per["den"]
    known = int(roster(dataset, settings)["internal"].sum())
    teams = by_team(per.reset_index(), settings, "value", how="median")
    return measured(per["value"].median(), len(per), "people", len(per) / known if known else 1.0, teams, note, of_staff(known))


def emails_received_per_day(dataset: Dataset, settings: Settings) -> Measurement:
    """Emails received per working day; median over people.

    A count of volume, so the mailbox totals of the Microsoft 365 Email activity report come first
    (``Receive Count`` over the working days of the report period): they are complete, whereas a
    message trace is usually a filtered or paged extract (5,000 rows per query) that undercounts.
    Without the report, the trace is used (distinct messages to each internal recipient over its
    working days). Coverage: share of known internal people counted.
    """
    v = internal_volumes(dataset, settings, "emails_received")
    if v is not None:
        frame = v.assign(den=working_days_in_periods(v["period_start"], v["period_end"], settings).astype(float))
        note = "From activity totals (Microsoft 365 Email activity report). Counts include automatic alerts from case-management systems."
        return _per_person_median(frame, "emails_received", "den", dataset, settings, note)
    er = email_rows(dataset, settings)
    if er is None or not len(er.received):
        note = (
            f"Lower bound: {VIVA} counts emails read, not received, so unread mail (alerts, lists) is missing. "
            "The Microsoft 365 Email activity report counts every email received."
        )
        return finer_first(
            not_computed(
                f"Not computed: no count of emails received was loaded. {NO_TRACE} Or load the Microsoft 365 Email activity report."
            ),
            lambda: person_rate(dataset, settings, "emails_read", working_days, note),
        )
    days = working_day_count(er.first_day, er.last_day, settings)
    if days == 0:
        return not_computed("Not computed: the message trace covers no working day. Load a trace that spans a working week.")
    frame = er.received.assign(den=float(days))
    note = (
        f"From the message trace, over {days} working days. A trace is often a filtered extract, so this may undercount; "
        "the Microsoft 365 Email activity report gives complete totals. Counts include automatic alerts."
    )
    return _per_person_median(frame, "received", "den", dataset, settings, note)


def email_hours_estimate(dataset: Dataset, settings: Settings) -> Measurement:
    """Hours a week on email; median over people.

    Viva Insights' measured email hours when loaded; otherwise an estimate from activity totals,
    (sent x 5 min + read x 2.5 min) / 60 per week. A message trace alone cannot give it: it does
    not record reading. Coverage: share of known internal people in the activity report.
    """
    v = internal_volumes(dataset, settings, "email_hours")
    if v is not None:
        frame = v.assign(weeks=period_days(v["period_start"], v["period_end"]) / DAYS_PER_WEEK)
        return _per_person_median(
            frame, "email_hours", "weeks", dataset, settings, "Measured by Viva Insights (email hours), not estimated."
        )
    v = internal_volumes(dataset, settings, "emails_sent", "emails_read")
    if v is None:
        return not_computed(
            "Not computed: needs the Send and Read counts of the Microsoft 365 Email activity report (User details), "
            "or Viva Insights email hours. A message trace records sending, not reading."
        )
    minutes = v["emails_sent"].astype(float) * SEND_MINUTES + v["emails_read"].astype(float) * READ_MINUTES
    frame = v.assign(hours=minutes / MINUTES_PER_HOUR, weeks=period_days(v["period_start"], v["period_end"]) / DAYS_PER_WEEK)
    note = f"Estimate: {SEND_MINUTES:g} minutes per message sent and {READ_MINUTES:g} minutes per message read."
    return _per_person_median(frame, "hours", "weeks", dataset, settings, note)


def after_hours_email_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of messages from internal senders sent outside working hours (settings; bank holidays count as outside).

    Coverage: share of known internal people who sent a message in the trace.
    """
    er = _trace(dataset, settings, "needs the time each message was sent; activity totals only count messages.")
    if isinstance(er, Measurement):
        return finer_first(er, lambda: _viva_after_hours(dataset, settings))
    sent = er.sent
    out = ~in_working_hours(sent["wall_s"].to_numpy(), settings)
    value, teams = _sender_ratio(er, settings, sent["sender"].to_numpy(), out, np.ones(len(sent)))
    hours = f"Working hours {settings.work_start}–{settings.work_end}."
    return measured(value, len(sent), "messages", _sender_coverage(er), teams, hours, of_staff(er.people_known))


def _viva_after_hours(dataset: Dataset, settings: Settings) -> Measurement | None:
    """Viva's after-hours email hours over email hours, else its after-hours collaboration over collaboration hours."""
    note = (
        f"{VIVA}' after-hours email hours over email hours: time, not messages, outside each person's own Outlook working "
        "hours; ours counts messages sent outside the working hours in the settings."
    )
    found = person_share(dataset, settings, "after_hours_email_hours", "email_hours", note)
    if found is not None:
        return found
    note = (
        f"{VIVA}' after-hours collaboration hours over collaboration hours: meetings, chat and calls as well as email, outside "
        "each person's own Outlook working hours (the query has no after-hours email hours); ours counts email sent."
    )
    return person_share(dataset, settings, "after_hours_hours", "collaboration_hours", note)


def emails_sent_per_day(dataset: Dataset, settings: Settings) -> Measurement:
    """Emails sent per working day; median over people, from activity totals (Microsoft 365 Send Count or Viva emails sent).

    A trace is usually a filtered extract, so it is not used for a count of volume.
    """
    note = "From activity totals (Microsoft 365 Email activity report or Viva Insights emails sent), over the working days of each period."
    found = person_rate(dataset, settings, "emails_sent", working_days, note)
    if found is None:
        return not_computed(
            "Not computed: needs the Send Count of the Microsoft 365 Email activity report, or a Viva Insights person query."
        )
    return found


def mean_recipients_per_message(dataset: Dataset, settings: Settings) -> Measurement:
    """Recipients per message from internal senders (trace rows per message, capped at 50).

    Coverage: share of known internal people who sent a message in the trace.
    """
    er = _trace(dataset, settings, "needs each message's recipients; activity totals only count messages.")
    if isinstance(er, Measurement):
        return er
    sent = er.sent[er.sent["recipients"] > 0]
    capped = np.minimum(sent["recipients"].to_numpy(), RECIPIENT_CAP)
    broadcasts = int((sent["recipients"] > RECIPIENT_CAP).sum())
    note = (
        f"{broadcasts} messages went to more than {RECIPIENT_CAP} people (likely lists) and count as {RECIPIENT_CAP}." if broadcasts else ""
    )
    value, teams = _sender_ratio(er, settings, sent["sender"].to_numpy(), capped, np.ones(len(sent)), scale=1.0)
    return measured(value, len(sent), "messages", _sender_coverage(er), teams, note, of_staff(er.people_known))


def cc_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of To and Cc recipients who were copied (Cc). Needs a header export that says which.

    Coverage: share of trace rows from internal senders whose recipient type is recorded.
    """
    er = _trace(dataset, settings, "needs the To and Cc of each message.")
    if isinstance(er, Measurement):
        return er
    kinds = er.rows["rtype"].to_numpy()
    known = (kinds == TO) | (kinds == CC)
    if not known.any():
        return not_computed(
            "Not computed: the message trace does not say which recipients were copied (Cc). "
            "A message header export with To and Cc columns would make it computable."
        )
    value, teams = _sender_ratio(er, settings, er.rows["sender"].to_numpy()[known], kinds[known] == CC, np.ones(int(known.sum())))
    messages = int(np.count_nonzero(np.bincount(er.rows["msg"].to_numpy()[known])))
    return measured(value, messages, "messages", known.mean(), teams, coverage_of=of_all(len(known), "message recipients"))


def _chain_pairs(dataset: Dataset, settings: Settings) -> pd.DataFrame:
    """(practitioner, manager-or-above) pairs following the roster's manager chain upwards."""
    people = roster(dataset, settings)
    prac = practitioners(dataset, settings)["person_id"]
    ids = pd.Index(people.index)
    start, above = chains_above(ids, people["manager_id"], positions(ids, prac))
    return pd.DataFrame({"person_id": prac.to_numpy(dtype=object)[start], "above": above})


def upward_email_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of practitioners' messages with any recipient who is their roster manager or above.

    Needs the roster. Coverage: share of roster practitioners who sent a message in the trace.
    """
    er = _trace(dataset, settings, "needs who wrote to whom.")
    if isinstance(er, Measurement):
        return er
    prac = practitioners(dataset, settings)
    if prac.empty:
        return not_computed(f"Not computed: needs to know who the practitioners and their managers are. {ROSTER_NEEDED}")
    pairs = _chain_pairs(dataset, settings)
    if pairs.empty:
        return not_computed(f"Not computed: the roster names no manager for any practitioner. {ROSTER_NEEDED}")
    codes = er.persons.codes(prac["person_id"])
    prac_codes = codes[codes >= 0]
    sent = er.sent[np.isin(er.sent["sender"].to_numpy(), prac_codes)]
    senders = int(sent["sender"].nunique())
    if not enough(senders, settings):
        return not_computed(too_few(senders, "practitioners who sent email", settings), senders, "people")
    width = np.int64(len(er.persons.ids) + 1)
    a = er.persons.codes(pairs["person_id"])
    b = er.persons.codes(pairs["above"])
    keys = a[(a >= 0) & (b >= 0)].astype(np.int64) * width + b[(a >= 0) & (b >= 0)]
    rows = er.rows[np.isin(er.rows["sender"].to_numpy(), prac_codes)]
    up = np.isin(rows["sender"].to_numpy(dtype=np.int64) * width + rows["recipient"].to_numpy(dtype=np.int64), keys)
    upward_msgs = np.unique(rows["msg"].to_numpy()[up])
    up_msg = np.isin(sent["msg"].to_numpy(), upward_msgs)
    value, teams = _sender_ratio(er, settings, sent["sender"].to_numpy(), up_msg, np.ones(len(sent)))
    return measured(value, len(sent), "messages", senders / len(prac), teams, coverage_of=of_all(len(prac), "practitioners in the roster"))


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        id="emails_received_per_day",
        domain="email",
        title="Inbound email load",
        question="How many emails does a typical person receive each working day?",
        unit="emails/day",
        concrete_at=100.0,
        compost_at=40.0,
        source=(
            'Microsoft Work Trend Index special report (2025, "the infinite workday"): the average worker receives about 117 '
            "emails a day, used as the typical knowledge-work anchor for the concrete end; the compost end is judgement."
        ),
        seed='"the emails or Teams messages we write" (Dove, 2024)',
        caveat="Counts include automatic alerts from case-management systems: concrete in themselves, but label them.",
        needs=("volumes", "messages"),
        compute=emails_received_per_day,
    ),
    Indicator(
        id="email_hours_estimate",
        domain="email",
        title="Estimated email time",
        question="Roughly how many hours a week does a typical person spend on email?",
        unit="hours/week",
        concrete_at=10.0,
        compost_at=4.0,
        source=(
            "Judgement: assumed times per message (5 minutes to write, 2.5 minutes to read). Viva Insights measures email time "
            "from activity signals, which an upload cannot reproduce."
        ),
        seed='"work being too bureaucratic" (Centre for Public Impact)',
        caveat="An estimate, unless Viva Insights email hours were loaded. Do not compare it with measured time.",
        needs=("volumes", "messages"),
        compute=email_hours_estimate,
        estimate=True,
    ),
    Indicator(
        id="emails_sent_per_day",
        domain="email",
        title="Outbound email load",
        question="How many emails does a typical person send each working day?",
        unit="emails/day",
        concrete_at=40.0,
        compost_at=15.0,
        source='Judgement, beside the inbound load; Viva Insights "emails sent" and the Microsoft 365 Send Count (definitions).',
        seed='"the emails or Teams messages we write" (Dove, 2024)',
        caveat="Replies to families and partners are direct work by email; read the volume with who it goes to.",
        needs=("volumes",),
        compute=emails_sent_per_day,
    ),
    Indicator(
        id="after_hours_email_share",
        domain="email",
        title="Email sent out of hours",
        question="What share of email is sent outside working hours?",
        unit="%",
        concrete_at=10.0,
        compost_at=3.0,
        source=(
            'Viva Insights "after-hours email hours" (definition); Work Trend Index 2025: about 3 in 10 workers are back in '
            "email by 10 pm. Thresholds are judgement."
        ),
        seed='"better relationships lead to … more manageable workloads" (Barking and Dagenham)',
        caveat="Part-time and flexible patterns differ: read at team level only, never for one person.",
        needs=("messages", "volumes"),
        compute=after_hours_email_share,
    ),
    Indicator(
        id="mean_recipients_per_message",
        domain="email",
        title="Recipients per message",
        question="To how many people does a typical message go?",
        unit="recipients",
        concrete_at=4.0,
        compost_at=1.8,
        source="Judgement.",
        seed='"What is my communication practice currently creating?" (Kay, 2015)',
        caveat="Distribution lists expand to one row per member in a message trace; messages to more than 50 people count as 50.",
        needs=("messages", "volumes"),
        compute=mean_recipients_per_message,
    ),
    Indicator(
        id="cc_share",
        domain="email",
        title="Defensive copying",
        question="What share of recipients are copied in rather than addressed?",
        unit="%",
        concrete_at=40.0,
        compost_at=15.0,
        source="Judgement.",
        seed='"a culture of mistrust of the social worker" (Centre for Public Impact)',
        caveat="A standard message trace does not separate To from Cc: it needs a header export, otherwise it is not computed.",
        needs=("messages", "volumes"),
        compute=cc_share,
    ),
    Indicator(
        id="upward_email_share",
        domain="email",
        title="Reporting up",
        question="What share of practitioners' email goes to their manager or someone above them?",
        unit="%",
        concrete_at=40.0,
        compost_at=15.0,
        source="Judgement.",
        seed='"command-and-control culture" (Centre for Public Impact)',
        caveat="Needs the roster. Seeking advice is healthy; high values suggest seeking permission.",
        needs=("messages", "volumes"),
        reads=("people", "messages", "volumes"),  # follows the manager chain
        compute=upward_email_share,
    ),
)
