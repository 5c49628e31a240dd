"""Message traces larger than memory: ties and volumes straight from the file on disk, in DuckDB.

:func:`aggregate_trace` never loads the rows into pandas. DuckDB reads the CSV in parallel
streams and spills to a temporary folder when a step outgrows memory, so the file can be larger
than the machine's RAM. Only the results (one row per sender-recipient pair and week, one row per
person) come back to Python.

Pseudonyms: the first pass collects each distinct address (thousands, however many rows); Python
pseudonymises them once, with the same salted hash as every loader
(:meth:`diagnostic.ingest.base.LoadContext.identify`), and hands DuckDB a small mapping table of
address -> integer code. The second pass joins on it, so addresses never leave DuckDB except as
those few distinct values, and the results carry only pseudonyms. Ties from this path therefore
join to people from any other file.

Covers the PowerShell layout (``Get-MessageTraceV2`` / ``Get-MessageTrace | Export-Csv``,
selected columns or the whole V1 object, a ``#TYPE`` line or not) in UTF-8 with or without BOM,
UTF-16 or Windows-1252, in any day/month order. It does not cover the summary and extended
report layouts (read those with :func:`diagnostic.ingest.load_file`; they are capped at
100,000 rows anyway), spreadsheets, or row-by-row warnings: unreadable rows are dropped,
not itemised. It yields no ``messages`` table, so indicators that need single messages (the
after-hours share, recipients per message) need :func:`load_file` on the same file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa

from diagnostic.dataset import TZ, Dataset, conform
from diagnostic.dates import FORMAT_SAMPLE
from diagnostic.errors import InputError
from diagnostic.ingest.base import LoadContext
from diagnostic.ingest.formats.message_trace import LIST_STATUS, NOT_DELIVERED_STATUSES, POWERSHELL_COLUMNS
from diagnostic.ingest.rawfile import HEAD_BYTES, RawFile
from diagnostic.ingest.trace.dates import time_format
from diagnostic.ingest.trace.reading import column_positions, header_line
from diagnostic.ingest.trace.rows import clean_address
from diagnostic.settings import Settings

BULK_RECIPIENTS = 10  # a message to more than this many people weighs 1/n per recipient (as the network does)
MEMORY_LIMIT = "2GB"  # DuckDB spills to disk beyond this
DUCKDB_ENCODINGS = {"utf-8": "utf-8", "utf-16-le": "utf-16", "utf-16-be": "utf-16", "cp1252": "latin-1"}
SKIPPED_STATUSES = tuple(sorted(NOT_DELIVERED_STATUSES | {LIST_STATUS}))


def aggregate_trace(path: Path, settings: Settings) -> Dataset:
    """``ties`` (kind email, weekly) and ``volumes`` (sent and received for the whole window) from a
    PowerShell message trace on disk, plus the ``people`` it mentions.

    Rows count as in :mod:`diagnostic.ingest.formats.message_trace`: failed, spam, quarantined and
    distribution-list rows are left out, and each recipient counts once per message. A tie's
    weight is its messages, each counting 1/n when it went to more than ten people.
    """
    path = Path(path)
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    raw = RawFile(name=path.name, data=head)
    skip, cells, delimiter = header_line(raw)
    columns = {short: position for position, short in column_positions(cells, POWERSHELL_COLUMNS).items()}
    if {"when", "sender", "recipient", "message"} - set(columns):
        raise InputError(
            f"{path.name}: this is not a PowerShell message trace (it needs Received, SenderAddress, RecipientAddress and MessageId). "
            "Load other layouts with the usual loader."
        )
    codec, _ = raw.encoding
    source = _source(path, len(cells), skip, delimiter, DUCKDB_ENCODINGS.get(codec, "utf-8"))
    with tempfile.TemporaryDirectory(prefix="trace-spill-") as spill:
        db = _connect(spill)
        try:
            return _aggregate(db, source, columns, path.name, settings)
        finally:
            db.close()


def _connect(spill: str):
    import duckdb

    db = duckdb.connect()
    db.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    db.execute("SET temp_directory = ?", [spill])
    db.execute("SET preserve_insertion_order = false")
    db.execute("SET enable_progress_bar = false")
    return db


def _source(path: Path, width: int, skip: int, delimiter: str, encoding: str) -> str:
    """A ``read_csv`` call with fixed names ``c0 … cN`` (headers vary) and every value as text."""
    names = ", ".join(f"'c{i}'" for i in range(width))
    quoted = str(path).replace("'", "''")
    return (
        f"read_csv('{quoted}', header = true, skip = {skip}, names = [{names}], all_varchar = true, delim = '{delimiter}', "
        f"quote = '\"', escape = '\"', encoding = '{encoding}', null_padding = true, ignore_errors = true, strict_mode = false)"
    )


def _aggregate(db, source: str, columns: dict[str, str], name: str, settings: Settings) -> Dataset:
    status = f"lower(trim({columns['status']}))" if "status" in columns else "NULL"
    # the one pass over the file: rows that count, with the message id already hashed to 8 bytes
    db.execute(
        f"""
        CREATE TEMP TABLE rows AS
        SELECT w, s, r, hash(coalesce(m, s || '|' || w)) AS mid
        FROM (SELECT trim({columns["when"]}) AS w, {columns["sender"]} AS s, {columns["recipient"]} AS r,
                     {columns["message"]} AS m, {status} AS st FROM {source})
        WHERE coalesce(st, '') NOT IN {SKIPPED_STATUSES} AND s IS NOT NULL AND r IS NOT NULL
        """
    )
    # the times that show the layout are the lowest in sorted order, as the in-memory reader starts
    # its sample (diagnostic.dates.spread_sample): their values decide, never the rows' places
    sample = db.sql(f"SELECT DISTINCT w FROM rows WHERE w IS NOT NULL ORDER BY w LIMIT {FORMAT_SAMPLE}").fetchnumpy()["w"]
    days = db.sql("SELECT DISTINCT left(w, 10) AS day FROM rows WHERE w IS NOT NULL").fetchnumpy()["day"]
    fmt = time_format(list(sample), list(days), settings.dayfirst)
    # in address order, so each address's code (and the sender kept for a message id two senders share) never depends on row order
    addresses = db.sql("SELECT s AS a FROM rows UNION SELECT r FROM rows ORDER BY a").fetchnumpy()["a"].tolist()
    ctx = LoadContext(file=name, settings=settings)
    ids = ctx.identify(emails=pd.Series([clean_address(a) for a in addresses], dtype="string"))
    codes, distinct = pd.factorize(ids)
    db.register("address_codes", pa.table({"address": pa.array(addresses, pa.string()), "code": pa.array(codes, pa.int32())}))

    # one row per message and recipient, compact: integer codes, hashed id, time
    parsed = f"try_strptime(w, '{fmt}')" if fmt else "try_cast(replace(w, 'Z', '') AS TIMESTAMP)"
    db.execute(
        f"""
        CREATE TEMP TABLE once AS
        SELECT mid, rc.code AS b, min(sc.code) AS a, min({parsed}) AS sent
        FROM rows JOIN address_codes AS sc ON rows.s = sc.address JOIN address_codes AS rc ON rows.r = rc.address
        WHERE sc.code >= 0 AND rc.code >= 0
        GROUP BY mid, b
        HAVING sent IS NOT NULL
        """
    )
    db.execute("DROP TABLE rows")
    first, last = db.sql("SELECT min(sent), max(sent) FROM once").fetchall()[0]
    if first is None:
        return Dataset(people=conform("people", ctx.people_table()))
    db.register("weeks", _weeks(pd.Timestamp(first), pd.Timestamp(last)))
    ties = db.sql(
        f"""
        WITH sized AS (SELECT mid, count(*) AS n FROM once GROUP BY mid)
        SELECT a, b, week, sum(CASE WHEN n > {BULK_RECIPIENTS} THEN 1.0 / n ELSE 1.0 END) AS weight
        FROM once JOIN sized USING (mid) JOIN weeks ON date_trunc('hour', once.sent) = weeks.hour
        WHERE a <> b
        GROUP BY a, b, week
        """
    ).df()
    totals = db.sql(
        """
        SELECT code, sum(sent_count) AS sent_count, sum(received) AS received FROM (
            SELECT a AS code, count(DISTINCT mid) AS sent_count, 0 AS received FROM once GROUP BY a
            UNION ALL
            SELECT b AS code, 0, count(*) FROM once GROUP BY b
        ) GROUP BY code
        """
    ).df()
    return _dataset(ties, totals, (first, last), distinct, ctx)


def _weeks(first: pd.Timestamp, last: pd.Timestamp) -> pa.Table:
    """UTC hour -> the Monday (London time) that starts its week: a small lookup instead of a
    time-zone conversion on every row."""
    hours = pd.date_range(first.floor("h"), last.ceil("h"), freq="h", tz="UTC")
    local = hours.tz_convert(TZ).tz_localize(None)  # wall-clock time, so date arithmetic ignores clock changes
    monday = local.normalize() - pd.to_timedelta(local.day_of_week, unit="D")
    return pa.table({"hour": pa.array(hours.tz_localize(None).to_numpy()), "week": pa.array(monday.to_numpy())})


def _dataset(ties: pd.DataFrame, totals: pd.DataFrame, window: tuple, distinct: pd.Index, ctx: LoadContext) -> Dataset:
    ids = pd.Series(pd.array(distinct, dtype="string"))
    first, last = (pd.Timestamp(t).tz_localize("UTC").tz_convert(TZ) for t in window)
    start = first.normalize()
    end = (last.tz_localize(None).normalize() + pd.Timedelta(days=1)).tz_localize(TZ)  # the next midnight, whatever the clocks did
    return Dataset(
        people=conform("people", ctx.people_table()),
        ties=conform(
            "ties",
            pd.DataFrame(
                {
                    "person_a": ids.take(ties["a"].to_numpy()).to_numpy(),
                    "person_b": ids.take(ties["b"].to_numpy()).to_numpy(),
                    "weight": ties["weight"].to_numpy(),
                    "kind": "email",
                    "period": pd.to_datetime(ties["week"]).dt.tz_localize(TZ, ambiguous="NaT", nonexistent="shift_forward"),
                }
            ),
        ),
        volumes=conform(
            "volumes",
            pd.DataFrame(
                {
                    "person_id": ids.take(totals["code"].to_numpy()).to_numpy(),
                    "period_start": start,
                    "period_end": end,
                    "emails_sent": totals["sent_count"].to_numpy(dtype=float),
                    "emails_received": totals["received"].to_numpy(dtype=float),
                    "source_format": "message_trace_powershell",
                }
            ),
        ),
    )
