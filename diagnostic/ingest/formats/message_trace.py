"""Exchange Online message traces (formats.md f1, f2, f3): who emailed whom, and when.

Three layouts become one ``messages`` table (one row per message x recipient). Traces do not say
whether a recipient was on To or Cc, so ``recipient_type`` stays NA.

A 12-week trace for a large council is millions of rows, so it is read in blocks and each block
is reduced at once to small numbers (:mod:`diagnostic.ingest.trace`). This module holds what
differs between the three layouts: their columns, what their statuses and events mean, and how
their rows are fed to :class:`~diagnostic.ingest.trace.rows.TraceRows`.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from diagnostic.ingest.base import Format, LoadContext
from diagnostic.ingest.rawfile import RawFile
from diagnostic.ingest.trace.reading import collect, detector, small_lookup
from diagnostic.ingest.trace.rows import DELIVERED, FAILED, LISTED, TraceRows
from diagnostic.ingest.vocabulary import agree, counted

NOT_DELIVERED_STATUSES = frozenset({"failed", "filteredasspam", "quarantined"})  # PowerShell Status
LIST_STATUS = "expanded"  # a distribution list; each member follows on a row of its own
DELIVERY_EVENTS = frozenset({"DELIVER", "SEND"})  # events that reach a recipient (SEND: left the organisation)
NOT_DELIVERED_EVENTS = frozenset({"FAIL", "QUARANTINE", "DROP"})
RECEIVE_EVENT = "RECEIVE"

# header as the export writes it -> short name (matching ignores case, spaces and punctuation)
POWERSHELL_COLUMNS = {
    "Received": "when",
    "SenderAddress": "sender",
    "RecipientAddress": "recipient",
    "MessageId": "message",
    "Status": "status",
}
SUMMARY_COLUMNS = {
    "origin_timestamp_utc": "when",
    "sender_address": "sender",
    "recipient_status": "recipients",
    "message_id": "message",
    "network_message_id": "network_message",
}
DETAIL_COLUMNS = {
    "date_time_utc": "when",
    "event_id": "event",
    "sender_address": "sender",
    "recipient_address": "recipient",
    "message_id": "message",
    "network_message_id": "network_message",
}


# ---- the three layouts ----------------------------------------------------------------------


def _status_class(value: str | None) -> int:
    text = (value or "").strip().casefold()
    if text in NOT_DELIVERED_STATUSES:
        return FAILED
    if text == LIST_STATUS:
        return LISTED
    return DELIVERED  # Delivered, and Pending/GettingStatus: accepted for this person


def _feed_powershell(blocks: Iterator[tuple[pa.RecordBatch, int]], rows: TraceRows) -> None:
    for block, first_row in blocks:
        n = block.num_rows
        names = block.schema.names
        status = small_lookup(block.column("status"), _status_class) if "status" in names else np.full(n, DELIVERED, np.int8)
        rows.add(
            when=block.column("when"),
            sender=block.column("sender"),
            recipient=block.column("recipient"),
            message=block.column("message"),
            status=status,
            row=np.arange(first_row, first_row + n),
        )


def parse_powershell(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """``Get-MessageTraceV2 | Export-Csv`` (or V1): already one row per recipient."""
    return {"messages": collect(raw, ctx, POWERSHELL_COLUMNS, ("when", "sender", "recipient", "message"), _feed_powershell)}


def _entry_class(events: str | None) -> int:
    """``Receive, Deliver`` or ``Receive, Send`` reached someone; ``Receive, Expand`` is a list."""
    words = {w.strip().upper() for w in (events or "").split(",")} - {""}
    if words & DELIVERY_EVENTS:
        return DELIVERED
    if "EXPAND" in words:
        return LISTED
    if not words or words & NOT_DELIVERED_EVENTS:
        return FAILED
    return DELIVERED  # still on its way (e.g. Receive only): accepted for this person


def _message_key(block: pa.RecordBatch) -> pa.Array:
    """``message_id``, or the network message id where the message id is missing."""
    names = block.schema.names
    message = block.column("message") if "message" in names else pa.nulls(block.num_rows, pa.string())
    if "network_message" in names:
        message = pc.coalesce(message, block.column("network_message"))
    return message


def _feed_summary(blocks: Iterator[tuple[pa.RecordBatch, int]], rows: TraceRows) -> None:
    for block, first_row in blocks:
        entries = pc.split_pattern(pc.fill_null(block.column("recipients"), ""), ";")
        parent = pc.list_parent_indices(entries)
        parts = pc.split_pattern(pc.utf8_trim_whitespace(pc.list_flatten(entries)), "##", max_splits=1)
        events = pc.list_element(pc.list_slice(parts, 1, 2, return_fixed_size_list=True), 0)
        rows.add(
            when=pc.take(block.column("when"), parent),
            sender=pc.take(block.column("sender"), parent),
            recipient=pc.list_element(parts, 0),
            message=pc.take(_message_key(block), parent),
            status=small_lookup(events, _entry_class),
            row=first_row + parent.to_numpy(zero_copy_only=False).astype(np.int64),
        )


def parse_summary(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """Enhanced summary report: one row per message, recipients packed in ``recipient_status``
    as ``addr##Receive, Deliver;addr2##Receive, Send``."""
    return {"messages": collect(raw, ctx, SUMMARY_COLUMNS, ("when", "sender", "recipients"), _feed_summary)}


def _feed_detail(blocks: Iterator[tuple[pa.RecordBatch, int]], rows: TraceRows) -> None:
    """Extended report: one row per event. DELIVER and SEND name who the message reached.

    The message's time is its earliest event (when Exchange received it). A message whose
    delivery rows name nobody takes the recipients of its RECEIVE event instead.
    """
    frames = [
        pd.DataFrame(
            {
                "when": block.column("when").to_pandas(),
                "event": pc.utf8_upper(pc.utf8_trim_whitespace(pc.fill_null(block.column("event"), ""))).to_pandas(),
                "sender": block.column("sender").to_pandas(),
                "recipient": block.column("recipient").to_pandas(),
                "message": _message_key(block).to_pandas(),
                "row": np.arange(first_row, first_row + block.num_rows),
            }
        )
        for block, first_row in blocks
    ]
    if not frames:
        return
    events = pd.concat(frames, ignore_index=True)
    events = events[events["message"].notna()]
    events = events.assign(recipient=events["recipient"].astype("string").str.split(";")).explode("recipient")
    events["recipient"] = events["recipient"].astype("string").str.strip().replace("", pd.NA)  # all blank: no text type
    delivery = events[events["event"].isin(DELIVERY_EVENTS)]
    named = set(delivery.loc[delivery["recipient"].notna(), "message"])
    unnamed = set(delivery["message"]) - named
    fallback = events[(events["event"] == RECEIVE_EVENT) & events["message"].isin(unnamed) & events["recipient"].notna()]
    reached = pd.concat([delivery[delivery["recipient"].notna()], fallback], ignore_index=True)
    undelivered = len(set(events["message"]) - set(delivery["message"]))
    if undelivered:
        rows.ctx.warn(
            f"{counted(undelivered, 'message')} {agree(undelivered, 'has', 'have')} no delivery event (failed, quarantined or still on "
            f"{agree(undelivered, 'its', 'their')} way), so {agree(undelivered, 'it is', 'they are')} not counted as communication."
        )
    first = events.sort_values("when").groupby("message").agg(first_when=("when", "first"), first_sender=("sender", "first"))
    reached = reached.join(first, on="message")
    rows.add(
        when=pa.array(reached["first_when"], pa.string()),
        sender=pa.array(reached["sender"].fillna(reached["first_sender"]), pa.string()),
        recipient=pa.array(reached["recipient"], pa.string()),
        message=pa.array(reached["message"], pa.string()),
        status=np.full(len(reached), DELIVERED, dtype=np.int8),
        row=reached["row"].to_numpy(dtype=np.int64),
    )


def parse_detail(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """Extended report (``-ReportType MessageTraceDetail``): one row per event."""
    return {"messages": collect(raw, ctx, DETAIL_COLUMNS, ("when", "event", "sender", "recipient"), _feed_detail)}


TRACE_SOURCE = "Exchange admin centre > Mail flow > Message trace; needs an Exchange administrator."
FORMATS = (
    Format(
        id="message_trace_powershell",
        kind="email",
        label="Exchange message trace (PowerShell export)",
        detect=detector({"received", "senderaddress", "recipientaddress", "messageid"}, bonus={"status", "messagetraceid"}),
        parse=parse_powershell,
        source="Exchange Online PowerShell: Get-MessageTraceV2 (or Get-MessageTrace) piped to Export-Csv; needs an Exchange administrator.",
    ),
    Format(
        id="message_trace_summary",
        kind="email",
        label="Exchange message trace (summary report)",
        detect=detector({"origintimestamputc", "senderaddress", "recipientstatus", "messageid"}),
        parse=parse_summary,
        source=TRACE_SOURCE + " Ask for the enhanced summary report and download the CSV.",
    ),
    Format(
        id="message_trace_detail",
        kind="email",
        label="Exchange message trace (extended report)",
        detect=detector({"datetimeutc", "eventid", "senderaddress", "recipientaddress", "messageid"}),
        parse=parse_detail,
        source=TRACE_SOURCE + " Ask for the extended report and download the CSV.",
    ),
)
