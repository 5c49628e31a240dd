"""Exchange Online message traces (formats.md f1 and f3).

``Get-MessageTraceV2 | Export-Csv -Encoding UTF8`` in Windows PowerShell 5.1: UTF-8 with a BOM,
every field quoted, CRLF, one row per recipient, newest first, ``Received`` in UTC written in the
en-GB culture. A message to a team list gives an ``Expanded`` row for the list and one row per
member. The enhanced summary report: UTF-16LE without a BOM, all fields quoted, one row per
message, every recipient packed into ``recipient_status`` as ``addr##Receive, Deliver;...``.
"""

from __future__ import annotations

import random
from datetime import UTC

from diagnostic.samples.clock import to_utc
from diagnostic.samples.mail import Message
from diagnostic.samples.organisation import Person
from diagnostic.samples.random_tools import guid
from diagnostic.samples.writers.text import quote_all

TRACE_HEADERS = (
    "Received",
    "SenderAddress",
    "RecipientAddress",
    "Subject",
    "Status",
    "ToIP",
    "FromIP",
    "Size",
    "MessageId",
    "MessageTraceId",
)
SUMMARY_HEADERS = (
    "origin_timestamp_utc",
    "sender_address",
    "recipient_status",
    "message_subject",
    "total_bytes",
    "message_id",
    "network_message_id",
    "original_client_ip",
    "directionality",
    "connector_id",
    "delivery_priority",
)
CLIENT_IPS = ("10.41.2.17", "10.41.2.58", "10.41.3.102", "10.41.7.9", "2a02:c7c:8d21:4e00::1a")
PARTNER_MX = {"nhs": "52.101.68.12", "police": "52.101.73.40", "school": "52.101.66.81", "voluntary": "52.101.64.5"}
OUTBOUND_CONNECTOR = "To_DefaultOpportunisticTLS"


def _mx(p: Person) -> str:
    return next((ip for key, ip in PARTNER_MX.items() if key in p.domain), "52.101.64.1")


def _trace_rows(m: Message, rng: random.Random) -> list[list[object]]:
    received = f"{to_utc(m.sent).astimezone(UTC):%d/%m/%Y %H:%M:%S}"
    sender_ip = rng.choice(CLIENT_IPS) if m.sender.internal else _mx(m.sender)
    trace_id = guid(rng)
    base = [received, m.sender.email]
    if m.status == "Failed":
        return [[*base, m.failed_address, m.subject, "Failed", "", sender_ip, m.size, m.message_id, trace_id]]
    rows = []
    if m.distribution_list:
        rows.append([*base, m.distribution_list, m.subject, "Expanded", "", sender_ip, m.size, m.message_id, trace_id])
    for p in m.to:
        to_ip = "" if p.internal else _mx(p)
        rows.append([*base, p.email, m.subject, m.status, to_ip, sender_ip, m.size, m.message_id, trace_id])
    return rows


def write_message_trace(messages: list[Message], rng: random.Random) -> bytes:
    lines = [quote_all(list(TRACE_HEADERS))]
    for m in sorted(messages, key=lambda m: (m.sent, m.message_id), reverse=True):
        lines += [quote_all(r) for r in _trace_rows(m, rng)]
    return b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _recipient_status(m: Message) -> str:
    parts = []
    if m.distribution_list:
        parts.append(f"{m.distribution_list}##Receive, Expand")
    if m.status == "Failed":
        parts.append(f"{m.failed_address}##Receive, Fail")
    for p in m.to:
        parts.append(f"{p.email}##Receive, {'Deliver' if p.internal else 'Send'}")
    return ";".join(parts)


def write_summary_report(messages: list[Message], rng: random.Random) -> bytes:
    """One row per message; mail the filter quarantined as spam is not in this report."""
    lines = [quote_all(list(SUMMARY_HEADERS))]
    for m in sorted(messages, key=lambda m: (m.sent, m.message_id), reverse=True):
        if m.status == "FilteredAsSpam":
            continue
        utc = to_utc(m.sent)
        stamp = f"{utc:%Y-%m-%dT%H:%M:%S}.{rng.randint(0, 9_999_999):07d}Z"
        outbound = m.sender.internal and any(not p.internal for p in m.to)
        row = [
            stamp,
            m.sender.email,
            _recipient_status(m),
            m.subject,
            m.size,
            m.message_id,
            m.network_id,
            rng.choice(CLIENT_IPS) if m.sender.internal else _mx(m.sender),
            "Originating" if m.sender.internal else "Incoming",
            OUTBOUND_CONNECTOR if outbound else "",
            "Normal",
        ]
        lines.append(quote_all(row))
    return ("\r\n".join(lines) + "\r\n").encode("utf-16-le")
