"""Ingest benchmark: how fast and how lean is loading a large Exchange message trace?

Run ``python benchmarks/ingest.py`` (``--people``, ``--weeks``, ``--seed`` to vary the data). It
writes a seeded, synthetic PowerShell-layout message trace (``Get-MessageTraceV2 | Export-Csv``,
en-GB dates, every field quoted, UTF-8 with BOM, CRLF) into a temporary folder that is deleted
afterwards, then measures, each in a fresh process so that one step's memory cannot hide
another's:

(a) a plain ``pyarrow.csv.read_csv`` of the file: the floor any CSV loader is measured against;
(b) ``diagnostic.ingest.load_file`` into canonical tables (file read included);
(c) ``diagnostic.ingest.stream.aggregate_trace`` (DuckDB over the file on disk: ties and volumes).

Peak memory comes from ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` in a small wrapper
process that runs exactly one worker, so every figure is that worker's own peak (Python and the
imported libraries included). Targets: (b) within 3 times (a)'s time, and peak memory within
3 times the file size.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parents[1]
TIME_TARGET = 3.0  # load time within this multiple of the plain pyarrow parse
MEMORY_TARGET = 3.0  # peak memory within this multiple of the file size
FIRST_DAY = date(2025, 1, 6)  # a Monday; 12 weeks from here stay in GMT, so local time is UTC
FIRST_DAY_S = np.datetime64(FIRST_DAY, "s")
WEEK = np.timedelta64(7 * 86400, "s")
MESSAGES_PER_DAY = 7.0  # sent per person per working day (Poisson mean)
EXTRA_RECIPIENT_P = 0.55  # recipients per message: 1 + geometric(p) - 1, mean about 1.8
TEAM_SIZE = 10
INCOMING_PER_DAY = 1.0  # messages from partner agencies per person per working day
LIST_SHARE = 0.004  # share of messages sent to a distribution list (rows expand to every member)
STATUS_SHARES = {"Failed": 0.01, "FilteredAsSpam": 0.004, "Quarantined": 0.002, "Pending": 0.001}

FIRST_NAMES = [
    "ann",
    "amir",
    "beth",
    "bilal",
    "carys",
    "chen",
    "dafydd",
    "deepa",
    "eleanor",
    "emeka",
    "fatima",
    "finn",
    "grace",
    "hamza",
    "imogen",
    "isaac",
    "jade",
    "jamal",
    "kate",
    "kwame",
    "leah",
    "liam",
    "maria",
    "mohammed",
    "niamh",
    "oliver",
    "priya",
    "rhys",
    "sara",
    "tariq",
    "una",
    "victor",
    "wen",
    "yusuf",
    "zoe",
]
SURNAMES = [
    "adams",
    "ahmed",
    "baker",
    "begum",
    "campbell",
    "chowdhury",
    "davies",
    "evans",
    "fraser",
    "green",
    "hughes",
    "hussain",
    "jones",
    "khan",
    "lewis",
    "morgan",
    "nguyen",
    "obi",
    "owen",
    "patel",
    "price",
    "roberts",
    "singh",
    "smith",
    "taylor",
    "thomas",
    "walker",
    "williams",
    "wright",
    "young",
]
PARTNER_DOMAINS = {
    "northbridge.nhs.example": 200,
    "northbridge.police.example": 100,
    "voluntary.example": 60,
}
SCHOOLS = ("oakfield", "riverside", "st-marys", "hillcrest", "northbridge-academy", "meadow", "parkside", "elm-grove")
SUBJECTS = (
    "Core group minutes",
    "RE: Strategy discussion",
    "Supervision notes",
    "Referral update",
    "FW: School attendance",
    "Court bundle",
    "Team meeting agenda",
    "Performance data for the month",
    "RE: Home visit",
    "Panel papers",
)


def addresses(people: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Internal addresses (``first.last@northbridge.gov.uk``), partner addresses, and list members."""
    seen: dict[str, int] = {}
    internal = []
    for first, last in zip(rng.choice(FIRST_NAMES, people), rng.choice(SURNAMES, people)):
        local = f"{first}.{last}"
        seen[local] = seen.get(local, 0) + 1
        internal.append(f"{local}{seen[local] if seen[local] > 1 else ''}@northbridge.gov.uk")
    partners = [
        f"{first}.{last}{i}@{domain}"
        for domain, n in PARTNER_DOMAINS.items()
        for i, (first, last) in enumerate(zip(rng.choice(FIRST_NAMES, n), rng.choice(SURNAMES, n)))
    ]
    partners += [f"{role}@{school}.school.example" for school in SCHOOLS for role in ("head", "dsl", "senco", "office")]
    lists = [rng.choice(people, int(rng.integers(15, 40)), replace=False) for _ in range(max(1, people // 125))]
    return np.array(internal, dtype=object), np.array(partners, dtype=object), lists


def working_days(weeks: int) -> np.ndarray:
    days = [FIRST_DAY + timedelta(days=d) for d in range(weeks * 7)]
    return np.array([np.datetime64(d) for d in days if d.weekday() < 5], dtype="datetime64[s]")


def sent_times(n: int, days: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Mostly office hours; a few in the evening and at weekends (the after-hours indicator needs them)."""
    day = days[rng.integers(0, len(days), n)]
    seconds = rng.normal(12.5 * 3600, 2.4 * 3600, n).clip(7 * 3600, 18.5 * 3600)
    late = rng.random(n) < 0.05
    seconds[late] = rng.uniform(18.5 * 3600, 23 * 3600, late.sum())
    weekend = rng.random(n) < 0.02
    monday = FIRST_DAY_S + ((day[weekend] - FIRST_DAY_S) // WEEK) * WEEK
    day[weekend] = monday + np.timedelta64(86400, "s") * rng.integers(5, 7, weekend.sum())
    return day + seconds.astype("timedelta64[s]")


def generate(path: Path, people: int, weeks: int, seed: int) -> dict:
    """Write the trace and return its shape (rows, messages, bytes)."""
    rng = np.random.default_rng(seed)
    internal, partners, lists = addresses(people, rng)
    days = working_days(weeks)
    team_of = np.arange(people) // TEAM_SIZE

    # messages sent by staff
    n_sent = int(rng.poisson(MESSAGES_PER_DAY * people * len(days)))
    sender = rng.integers(0, people, n_sent)
    n_rcpt = rng.geometric(EXTRA_RECIPIENT_P, n_sent)
    msg = np.repeat(np.arange(n_sent), n_rcpt)
    row_sender = sender[msg]
    pick = rng.random(len(msg))
    teammate = team_of[row_sender] * TEAM_SIZE + rng.integers(0, TEAM_SIZE, len(msg))
    anyone = rng.integers(0, people, len(msg))
    rcpt_internal = np.where(pick < 0.6, np.minimum(teammate, people - 1), anyone)
    to_partner = pick > 0.9
    rcpt = internal[rcpt_internal]
    rcpt[to_partner] = partners[rng.integers(0, len(partners), to_partner.sum())]
    sender_addr = internal[row_sender]
    status = np.full(len(msg), "Delivered", dtype=object)

    # a few messages go to distribution lists: one Expanded row for the list, one row per member
    list_msgs = np.flatnonzero(rng.random(n_sent) < LIST_SHARE)
    list_ids = rng.integers(0, len(lists), len(list_msgs))
    sizes = np.array([len(lists[i]) + 1 for i in list_ids])
    l_msg = np.repeat(list_msgs, sizes)
    l_rcpt = (
        np.concatenate([np.concatenate([[f"cs-list-{i:03d}@northbridge.gov.uk"], internal[lists[i]]]) for i in list_ids])
        if len(list_ids)
        else np.array([], dtype=object)
    )
    l_status = (
        np.concatenate([["Expanded"] + ["Delivered"] * (s - 1) for s in sizes]).astype(object) if len(sizes) else np.array([], dtype=object)
    )

    # messages from partner agencies to staff
    n_in = int(rng.poisson(INCOMING_PER_DAY * people * len(days)))
    in_msg = n_sent + np.arange(n_in)

    all_msg = np.concatenate([msg, l_msg, in_msg])
    all_sender = np.concatenate([sender_addr, internal[sender[l_msg]], partners[rng.integers(0, len(partners), n_in)]])
    all_rcpt = np.concatenate([rcpt, l_rcpt, internal[rng.integers(0, people, n_in)]])
    all_status = np.concatenate([status, l_status, np.full(n_in, "Delivered", dtype=object)])
    for name, share in STATUS_SHARES.items():
        hit = (rng.random(len(all_msg)) < share) & (all_status == "Delivered")
        all_status[hit] = name

    n_msgs = n_sent + n_in
    when = sent_times(n_msgs, days, rng)[all_msg]
    order = np.argsort(when, kind="stable")[::-1]  # PowerShell lists the newest first
    msg_ids = pa.array(rng.integers(0, 2**62, n_msgs)).cast(pa.string())
    trace_ids = pa.array(rng.integers(0, 2**62, n_msgs)).cast(pa.string())
    o_msg = pa.array(all_msg[order])
    table = pa.table(
        {
            "Received": pc.strftime(pa.array(when[order]), format="%d/%m/%Y %H:%M:%S"),
            "SenderAddress": pa.array(all_sender[order], pa.string()),
            "RecipientAddress": pa.array(all_rcpt[order], pa.string()),
            "Subject": pa.array(np.array(SUBJECTS, dtype=object)[rng.integers(0, len(SUBJECTS), len(order))]),
            "Status": pa.array(all_status[order], pa.string()),
            "ToIP": pa.repeat("", len(order)),
            "FromIP": pa.array(np.array(["10.12.0.4", "10.12.0.5", "192.0.2.10"], dtype=object)[rng.integers(0, 3, len(order))]),
            "Size": pa.array(rng.integers(4_000, 900_000, len(order))),
            "MessageId": pc.binary_join_element_wise(
                "<DB9PR01MB", pc.take(msg_ids, o_msg), "@DB9PR01MB7890.eurprd01.prod.outlook.com>", ""
            ),
            "MessageTraceId": pc.binary_join_element_wise("a1f3c4e2-", pc.take(trace_ids, o_msg), ""),
        }
    )
    with path.open("wb") as fh:
        fh.write(b"\xef\xbb\xbf")  # Windows PowerShell 5.1: Export-Csv -Encoding UTF8
        pacsv.write_csv(table, fh, pacsv.WriteOptions(quoting_style="all_valid", eol="\r\n"))
    return {"rows": table.num_rows, "messages": n_msgs, "bytes": path.stat().st_size}


# ---- workers: each runs in its own process and prints one JSON line --------------------------


def timed(run) -> tuple[object, dict]:
    """Wall-clock and CPU seconds of one call (CPU counts every thread; it is steadier on a busy machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = run()
    return out, {"seconds": time.perf_counter() - wall, "cpu": time.process_time() - cpu}


def work_pyarrow(path: Path) -> dict:
    table, times = timed(lambda: pacsv.read_csv(path))
    return {**times, "rows": table.num_rows}


def work_load(path: Path) -> dict:
    sys.path.insert(0, str(ROOT))
    from diagnostic.ingest import load_file
    from diagnostic.settings import Settings

    settings = Settings(salt="benchmark-salt")
    result, times = timed(lambda: load_file(path.read_bytes(), path.name, settings))
    messages = result.dataset.messages
    return {
        **times,
        "rows": 0 if messages is None else len(messages),
        "format": result.format,
        "errors": result.errors,
        "warnings": result.warnings,
    }


def work_aggregate(path: Path) -> dict:
    sys.path.insert(0, str(ROOT))
    from diagnostic.ingest.stream import aggregate_trace
    from diagnostic.settings import Settings

    dataset, times = timed(lambda: aggregate_trace(path, Settings(salt="benchmark-salt")))
    return {**times, "rows": len(dataset.ties), "volumes": len(dataset.volumes)}


def work_imports(path: Path) -> dict:
    """The memory floor: Python with the libraries the loader imports, nothing read."""
    sys.path.insert(0, str(ROOT))
    import diagnostic.ingest  # noqa: F401
    import diagnostic.ingest.stream  # noqa: F401

    return {"seconds": 0.0, "cpu": 0.0, "rows": 0}


# ---- calendar case: a large .ics beside pyarrow's parse of a CSV of the same size ----------------

CALENDAR_PEOPLE, CALENDAR_WEEKS = 3000, 4  # the sample writer's calendar at this size is about 13 MB
CALENDAR_TARGET_MB_S = 20.0


def work_calendar(path: Path) -> dict:
    """load_file on the .ics (file read included), and, in the same process, the reader alone
    (bytes to every occurrence and invitation, before pseudonymising and classifying subjects)."""
    sys.path.insert(0, str(ROOT))
    from diagnostic.ingest import load_file
    from diagnostic.ingest.base import LoadContext
    from diagnostic.ingest.formats.meetings_ics import collect
    from diagnostic.ingest.rawfile import RawFile
    from diagnostic.settings import Settings

    settings = Settings(salt="benchmark-salt")
    (got, _), reader = timed(lambda: collect(RawFile(name=path.name, data=path.read_bytes()), LoadContext(path.name, settings)))
    result, times = timed(lambda: load_file(path.read_bytes(), path.name, settings))
    meetings = result.dataset.meetings
    return {
        **times,
        "reader_seconds": reader["seconds"],
        "reader_cpu": reader["cpu"],
        "rows": 0 if meetings is None else len(meetings),
        "errors": result.errors,
    }


def calendar_case(repeats: int) -> str:
    """Write the sample organisation's files (3,000 people, 4 weeks), then time its calendar's load
    and pyarrow's parse of the first lines of its message trace cut to the calendar's size."""
    with tempfile.TemporaryDirectory(prefix="calendar-benchmark-") as folder:
        out = Path(folder)
        command = [sys.executable, "-m", "diagnostic", "sample", "--out", str(out / "org"), "--people", str(CALENDAR_PEOPLE)]
        subprocess.run([*command, "--weeks", str(CALENDAR_WEEKS)], cwd=ROOT, check=True, capture_output=True)
        ics = out / "org" / "calendar_northbridge.ics"
        size = ics.stat().st_size
        trace = (out / "org" / "message_trace.csv").read_bytes()
        csv = out / "same_size.csv"
        csv.write_bytes(trace[: trace.rfind(b"\n", 0, size) + 1])
        base = median_run("pyarrow", csv, repeats)
        load = median_run("calendar", ics, repeats)
    mb = size / 1e6
    reader = {"seconds": load["reader_seconds"], "cpu": load["reader_cpu"], "peak_bytes": load["peak_bytes"]}
    rows = [("pyarrow", base), ("calendar reader", reader), ("calendar load", load)]
    return "\n".join(
        [
            f"Calendar: {mb:,.1f} MB .ics, {load['rows']:,} meetings out; pyarrow parses a CSV of the same size",
            f"{'step':<17}{'seconds':>9}{'MB/s':>8}{'CPU s':>8}{'CPU MB/s':>10}{'x pyarrow':>11}",
            *(
                f"{name:<17}{r['seconds']:>9.2f}{mb / r['seconds']:>8.1f}{r['cpu']:>8.2f}{mb / r['cpu']:>10.1f}{r['seconds'] / base['seconds']:>11.1f}"
                for name, r in rows
            ),
            f"Peak memory of the calendar worker: {load['peak_bytes'] / 2**20:,.0f} MiB.",
            *(
                f"Target for the {name}: at least {CALENDAR_TARGET_MB_S:g} MB/s "
                f"({'met' if mb / r['seconds'] >= CALENDAR_TARGET_MB_S else 'NOT met'}: {mb / r['seconds']:.1f} MB/s)."
                for name, r in rows[1:]
            ),
            *(f"calendar error: {e}" for e in load["errors"]),
        ]
    )


WORKERS = {"pyarrow": work_pyarrow, "load_file": work_load, "aggregate_trace": work_aggregate, "imports": work_imports}
WORKERS["calendar"] = work_calendar


def measure(step: str, path: Path) -> dict:
    """Run one worker inside a fresh wrapper process and return its result plus its peak memory."""
    wrapper = (
        "import json, resource, subprocess, sys\n"
        "out = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "if out.returncode: sys.exit(out.stderr)\n"
        "result = json.loads(out.stdout.strip().splitlines()[-1])\n"
        "result['peak_bytes'] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024\n"
        "print(json.dumps(result))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapper, sys.executable, str(Path(__file__).resolve()), "--worker", step, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def median_run(step: str, path: Path, repeats: int) -> dict:
    runs = [measure(step, path) for _ in range(repeats)]
    runs.sort(key=lambda r: r["seconds"])
    best = dict(runs[len(runs) // 2])
    best["peak_bytes"] = max(r["peak_bytes"] for r in runs)
    return best


def report(shape: dict, results: dict[str, dict]) -> str:
    size = shape["bytes"]
    base = results["pyarrow"]
    lines = [
        f"File: {size / 2**20:,.0f} MiB, {shape['rows']:,} rows, {shape['messages']:,} messages",
        f"Memory floor (Python and the libraries imported, nothing read): {results['imports']['peak_bytes'] / 2**20:,.0f} MiB",
        "",
        f"{'step':<17}{'seconds':>9}{'x pyarrow':>11}{'CPU s':>8}{'CPU x':>8}{'peak MiB':>10}{'peak/file':>11}{'(peak-floor)/file':>19}{'rows out':>12}",
    ]
    floor = results["imports"]["peak_bytes"]
    for step in ("pyarrow", "load_file", "aggregate_trace"):
        r = results[step]
        lines.append(
            f"{step:<17}{r['seconds']:>9.2f}{r['seconds'] / base['seconds']:>11.2f}{r['cpu']:>8.2f}{r['cpu'] / base['cpu']:>8.2f}"
            f"{r['peak_bytes'] / 2**20:>10,.0f}{r['peak_bytes'] / size:>11.2f}{(r['peak_bytes'] - floor) / size:>19.2f}{r['rows']:>12,}"
        )
    load = results["load_file"]
    time_met = load["seconds"] <= TIME_TARGET * base["seconds"]
    memory_met = load["peak_bytes"] <= MEMORY_TARGET * size
    lines += [
        "",
        f"Targets for load_file: time within {TIME_TARGET:g}x pyarrow's ({'met' if time_met else 'NOT met'}), "
        f"peak memory within {MEMORY_TARGET:g}x the file size ({'met' if memory_met else 'NOT met'}).",
    ]
    for key in ("errors", "warnings"):
        lines += [f"load_file {key[:-1]}: {text}" for text in load.get(key, [])]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--seed", type=int, default=20250106)
    parser.add_argument("--repeats", type=int, default=3, help="runs per step; the median time is shown")
    parser.add_argument("--calendar", action="store_true", help="time a 13 MB .ics calendar instead of the message trace")
    parser.add_argument("--worker", nargs=2, metavar=("STEP", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        step, file = args.worker
        print(json.dumps(WORKERS[step](Path(file))))
        return 0
    if args.calendar:
        print(calendar_case(args.repeats))
        return 0
    with tempfile.TemporaryDirectory(prefix="trace-benchmark-") as folder:
        path = Path(folder) / "MessageTrace.csv"
        start = time.perf_counter()
        shape = generate(path, args.people, args.weeks, args.seed)
        print(f"Generated in {time.perf_counter() - start:.1f} s.", flush=True)
        results = {
            step: median_run(step, path, args.repeats if step != "imports" else 1)
            for step in ("imports", "pyarrow", "load_file", "aggregate_trace")
        }
    print(report(shape, results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
