"""Email indicators (catalogue A2) worked out again from the sample's two message traces.

``message_trace.csv`` is a PowerShell ``Get-MessageTraceV2`` export (one row per recipient, UTC
times written day first); ``message_trace_summary.csv`` an enhanced summary report (UTF-16, one
row per message, recipients packed as ``addr##Receive, Deliver;addr2##Receive, Send``).

Rules copied from the package's definitions, re-implemented here:

- a recipient counts when the message reached them: PowerShell status other than Failed,
  FilteredAsSpam, Quarantined or Expanded (a distribution list, whose members have rows of their
  own); summary events with Deliver or Send (Send: it left the organisation), not Expand, and not
  Fail/Quarantine/Drop or no event at all;
- a message is its MessageId (the network message id where that is blank); each recipient counts
  once per message, whichever file or row repeats it;
- "sent" means from an internal sender (staff list or the organisation's domain) and reaching
  at least one recipient; the time is the trace's UTC time on the UK wall clock;
- recipients per message are capped at 50 (a larger count is a list or a broadcast).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.recount_common import SAMPLES, Recount, Staff, in_working_hours

LONDON = ZoneInfo("Europe/London")
PERCENT = 100.0
RECIPIENT_CAP = 50
NOT_REACHED_STATUSES = {"failed", "filteredasspam", "quarantined", "expanded"}
REACHED_EVENTS = {"DELIVER", "SEND"}
NOT_REACHED_EVENTS = {"FAIL", "QUARANTINE", "DROP", "EXPAND"}


@dataclass
class Message:
    sender: str
    sent: datetime  # UK wall clock
    recipients: set[str] = field(default_factory=set)


def _local(utc: datetime) -> datetime:
    return utc.replace(tzinfo=UTC).astimezone(LONDON).replace(tzinfo=None)


def _reached(events: str) -> bool:
    words = {w.strip().upper() for w in events.split(",")} - {""}
    if words & REACHED_EVENTS:
        return True
    return bool(words) and not words & NOT_REACHED_EVENTS  # still on its way (Receive only): accepted


def _add(messages: dict[str, Message], key: str, sender: str, sent: datetime, recipient: str) -> None:
    message = messages.setdefault(key, Message(sender.strip().lower(), sent))  # the first row of a message gives its sender and time
    message.recipients.add(recipient.strip().lower())


def read_traces(folder: Path = SAMPLES) -> dict[str, Message]:
    """Every message of both traces with the recipients it reached."""
    messages: dict[str, Message] = {}
    with (folder / "message_trace.csv").open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["Status"].strip().lower() in NOT_REACHED_STATUSES or not row["RecipientAddress"].strip():
                continue
            sent = _local(datetime.strptime(row["Received"].strip(), "%d/%m/%Y %H:%M:%S"))
            _add(messages, row["MessageId"].strip(), row["SenderAddress"], sent, row["RecipientAddress"])
    text = (folder / "message_trace_summary.csv").read_bytes().decode("utf-16-le")
    for row in csv.DictReader(io.StringIO(text, newline="")):
        sent = _local(
            datetime.fromisoformat(row["origin_timestamp_utc"].strip().replace("Z", "+00:00")).astimezone(UTC).replace(tzinfo=None)
        )
        key = row["message_id"].strip() or row["network_message_id"].strip()
        for entry in row["recipient_status"].split(";"):
            address, _, events = entry.strip().partition("##")
            if address.strip() and _reached(events):
                _add(messages, key, row["sender_address"], sent, address)
    return messages


def sent_by_staff(messages: dict[str, Message], staff: Staff) -> list[Message]:
    return [m for m in messages.values() if staff.is_internal(m.sender) and m.recipients]


def after_hours_email_share(sent: list[Message]) -> Recount:
    """Messages from staff sent outside working hours (weekends and bank holidays included), in %."""
    outside = sum(1 for m in sent if not in_working_hours(m.sent))
    return Recount(PERCENT * outside / len(sent), len(sent))


def mean_recipients_per_message(sent: list[Message]) -> Recount:
    """Recipients reached per message from staff, each message's count capped at 50."""
    return Recount(sum(min(len(m.recipients), RECIPIENT_CAP) for m in sent) / len(sent), len(sent))
