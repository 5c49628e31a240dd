"""Scale benchmark: a 5,000-person, 12-week organisation end to end, and a message trace larger than memory.

Run ``python benchmarks/scale.py`` (``--people``, ``--weeks``, ``--seed``; ``--trace-gb`` for the
size of the streamed trace, ``0`` to skip it; ``--workdir`` for where the temporary files go).

Part 1, end to end: the sample organisation's exports are written (``write_sample``), loaded
(``load_paths``), scored (``build_scorecard``), summarised as a network at team and at person level
(``network_summary``), reported (``write_report``) and exported (``write_exports``).
Two totals are printed: every step, and the steps a user waits for (reading the files to the
exports; writing the fictional files is the bench, not the product), which has the target of 45 s.

Part 2, streaming: a PowerShell-layout message trace of ``--trace-gb`` gigabytes (UTF-8 with BOM,
every field quoted, CRLF) is generated in blocks, then ``aggregate_trace`` turns it into ties and
volumes through DuckDB without loading the rows into Python.

Every step runs in a fresh worker process, started by a small wrapper process that reads
``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` once the worker has exited, so each peak is that
step's own. A step that needs the loaded organisation unpickles it first (untimed); its memory
before the timed step is shown as "before", so the step's own share is "peak - before". The report
step starts the chart renderer before unpickling, as ``python -m diagnostic report`` starts it
before loading the files.
Wall time and processor time are both shown: a shared machine stretches the first, not the second.
All files are written to a temporary folder that is deleted afterwards.
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parents[1]
SALT = "benchmark-salt-not-secret"
GB = 1024**3
MIB = 1024**2
LOADED = "loaded.pickle"  # the loaded organisation, handed from the load step to the later steps
EXPORTS = "exports"
TRACE = "MessageTrace.csv"
DISK_HEADROOM = 2.5  # free disk wanted per byte of trace: the file, DuckDB's spill files, slack

# The streamed trace: a year of a 5,000-person council's mail (about 19 recipient rows per person
# per working day, 25 million rows in 6 GiB). Each person writes mostly to their team, then to a
# fixed circle of other colleagues and a few partner-agency contacts, as real mail does.
TRACE_START = datetime(2025, 1, 6)  # a Monday
TRACE_WEEKS = 52
BLOCK_ROWS = 500_000  # rows generated and written at a time (about 120 MB)
EXTRA_RECIPIENT_P = 0.55  # recipients per message: geometric, mean about 1.8
TEAM_SIZE = 10
COLLEAGUES, PARTNER_CONTACTS = 20, 5  # each person's circle outside the team
PARTNERS = 1_500  # partner-agency addresses
RECIPIENT_SHARES = (0.6, 0.3, 0.1)  # teammate, colleague from the circle, partner contact
STATUS_SHARES = {"Delivered": 0.975, "Failed": 0.01, "FilteredAsSpam": 0.005, "Quarantined": 0.005, "Expanded": 0.005}
PARTNER_DOMAINS = ("northbridge.nhs.example", "northbridge.police.example", "riverside.school.example")
SUBJECTS = ("Strategy discussion", "Re: visit notes", "Core group minutes", "Supervision", "Panel papers", "Referral update")


# ---- the workers: each runs in its own process and prints one JSON line ---------------------------


def _settings():
    from diagnostic.settings import Settings

    return Settings(salt=SALT)


def _loaded(folder: Path):
    with (folder / LOADED).open("rb") as fh:
        return pickle.load(fh)


def _timed(run) -> tuple[object, dict]:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    wall, cpu = time.perf_counter(), time.process_time()
    out = run()
    return out, {"seconds": time.perf_counter() - wall, "cpu": time.process_time() - cpu, "before_bytes": before}


def work_sample(folder: Path, args: dict) -> dict:
    from diagnostic.samples import write_sample

    files, times = _timed(lambda: write_sample(folder / EXPORTS, people=args["people"], weeks=args["weeks"], seed=args["seed"]))
    size = sum(f.stat().st_size for f in files)
    return {**times, "note": f"{len(files)} files, {size / MIB:,.0f} MiB"}


def work_load(folder: Path, args: dict) -> dict:
    from diagnostic.ingest import load_paths

    (dataset, results), times = _timed(lambda: load_paths([folder / EXPORTS], _settings()))
    with (folder / LOADED).open("wb") as fh:
        pickle.dump((dataset, results), fh, protocol=pickle.HIGHEST_PROTOCOL)
    errors = [e for r in results for e in r.errors]
    rows = sum(dataset.present().values())
    return {**times, "note": f"{rows:,} canonical rows, {len(errors)} errors", "errors": errors[:5]}


def work_score(folder: Path, args: dict) -> dict:
    from diagnostic.scorecard import build_scorecard

    dataset, _ = _loaded(folder)
    card, times = _timed(lambda: build_scorecard(dataset, _settings()))
    overall = card.to_dict()["overall"]
    return {**times, "note": f"compost index {overall['score']}, coverage {overall['coverage']:.0%}"}


def _network(level: str):
    def work(folder: Path, args: dict) -> dict:
        from diagnostic.network import network_summary

        dataset, _ = _loaded(folder)
        summary, times = _timed(lambda: network_summary(dataset, _settings(), level))
        return {**times, "note": f"{summary['nodes']:,} nodes, {summary['edges']:,} edges"}

    return work


def work_report(folder: Path, args: dict) -> dict:
    from diagnostic.report import write_report
    from diagnostic.report.images import start_renderer

    start_renderer()  # as the report command does before it loads the files
    dataset, results = _loaded(folder)
    out = folder / "report.html"
    _, times = _timed(lambda: write_report(dataset, results, _settings(), out))
    return {**times, "note": f"{out.stat().st_size / MIB:,.1f} MiB of HTML"}


def work_exports(folder: Path, args: dict) -> dict:
    from diagnostic.report.export import write_exports
    from diagnostic.scorecard import build_scorecard

    dataset, _ = _loaded(folder)
    card = build_scorecard(dataset, _settings())  # untimed: the exports step is given a scorecard
    written, times = _timed(lambda: write_exports(dataset, card, _settings(), folder / "exported"))
    return {**times, "note": f"{len(written)} files"}


def work_trace(folder: Path, args: dict) -> dict:
    shape, times = _timed(lambda: write_trace(folder / TRACE, int(args["trace_gb"] * GB), args["people"], args["seed"]))
    return {**times, **shape, "note": f"{shape['bytes'] / GB:,.2f} GiB, {shape['rows']:,} rows, {shape['messages']:,} messages"}


def work_aggregate(folder: Path, args: dict) -> dict:
    from diagnostic.ingest.stream import aggregate_trace

    dataset, times = _timed(lambda: aggregate_trace(folder / TRACE, _settings()))
    return {**times, "note": f"{len(dataset.ties):,} weekly ties, {len(dataset.volumes):,} people's volumes"}


def work_imports(folder: Path, args: dict) -> dict:
    import diagnostic.ingest  # noqa: F401
    import diagnostic.ingest.stream  # noqa: F401
    import diagnostic.network  # noqa: F401
    import diagnostic.report.html  # noqa: F401
    import diagnostic.scorecard  # noqa: F401

    return {"seconds": 0.0, "cpu": 0.0, "before_bytes": 0, "note": "Python and the package imported, nothing read"}


WORKERS = {
    "imports": work_imports,
    "write_sample": work_sample,
    "load_paths": work_load,
    "build_scorecard": work_score,
    "network_summary (team)": _network("team"),
    "network_summary (person)": _network("person"),
    "write_report": work_report,
    "write_exports": work_exports,
    "generate trace": work_trace,
    "aggregate_trace": work_aggregate,
}
END_TO_END = (
    "write_sample",
    "load_paths",
    "build_scorecard",
    "network_summary (team)",
    "network_summary (person)",
    "write_report",
    "write_exports",
)
USER_STEPS = END_TO_END[1:]  # writing the fictional organisation's files is the test bench, not the product
USER_TARGET_SECONDS = 45.0
STREAMING = ("generate trace", "aggregate_trace")


def measure(step: str, folder: Path, args: dict) -> dict:
    """One step in a fresh worker; its peak memory read by a wrapper process that ran only it."""
    wrapper = (
        "import json, resource, subprocess, sys\n"
        "out = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "if out.returncode: sys.exit(out.stderr[-3000:])\n"
        "result = json.loads(out.stdout.strip().splitlines()[-1])\n"
        "result['peak_bytes'] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024\n"
        "print(json.dumps(result))\n"
    )
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", step, str(folder), json.dumps(args)]
    out = subprocess.run([sys.executable, "-c", wrapper, *command], capture_output=True, text=True, check=False)
    if out.returncode:
        raise SystemExit(f"{step} failed:\n{out.stderr}")
    return json.loads(out.stdout)


# ---- the large trace ------------------------------------------------------------------------------


def write_trace(path: Path, target: int, people: int, seed: int) -> dict:
    """A PowerShell-layout trace of about ``target`` bytes, written a block at a time (memory stays
    at one block whatever the size). Message ids never repeat between blocks."""
    rng = np.random.default_rng(seed)
    staff = pa.array([f"staff.member{i:05d}@northbridge.gov.uk" for i in range(people)])
    partners = pa.array([f"contact{i:04d}@{PARTNER_DOMAINS[i % len(PARTNER_DOMAINS)]}" for i in range(PARTNERS)])
    mail = Mail(
        addresses=pa.concat_arrays([staff, partners]),
        people=people,
        colleagues=rng.integers(0, people, (people, COLLEAGUES)),
        partners=people + rng.integers(0, PARTNERS, (people, PARTNER_CONTACTS)),
        start=np.datetime64(TRACE_START, "s"),
    )
    rows = messages = 0
    with path.open("wb") as fh:
        fh.write(b"\xef\xbb\xbf")  # Windows PowerShell 5.1: Export-Csv -Encoding UTF8
        writer = None
        while fh.tell() < target:
            table, n_messages = mail.block(rng, messages)
            if writer is None:
                writer = pacsv.CSVWriter(fh, table.schema, write_options=pacsv.WriteOptions(quoting_style="all_valid", eol="\r\n"))
            writer.write_table(table)
            rows += table.num_rows
            messages += n_messages
        if writer is not None:
            writer.close()
    return {"bytes": path.stat().st_size, "rows": rows, "messages": messages}


@dataclass(frozen=True)
class Mail:
    """Who writes to whom: addresses (staff first, then partners) and each person's circle."""

    addresses: pa.Array
    people: int
    colleagues: np.ndarray  # person -> colleague indexes outside the team
    partners: np.ndarray  # person -> partner address indexes
    start: np.datetime64

    def block(self, rng: np.random.Generator, first_message: int) -> tuple[pa.Table, int]:
        """About ``BLOCK_ROWS`` rows: messages numbered from ``first_message``, one row per recipient."""
        n_messages = int(BLOCK_ROWS * EXTRA_RECIPIENT_P)  # rows / mean recipients per message
        message = np.repeat(np.arange(n_messages), rng.geometric(EXTRA_RECIPIENT_P, n_messages))
        n = len(message)
        sender = rng.integers(0, self.people, n_messages)[message]
        teammate = np.minimum(sender // TEAM_SIZE * TEAM_SIZE + rng.integers(0, TEAM_SIZE, n), self.people - 1)
        colleague = self.colleagues[sender, rng.integers(0, COLLEAGUES, n)]
        partner = self.partners[sender, rng.integers(0, PARTNER_CONTACTS, n)]
        recipient = np.choose(rng.choice(3, n, p=RECIPIENT_SHARES), (teammate, colleague, partner))
        sent = (self.start + rng.integers(0, TRACE_WEEKS * 7 * 86400, n_messages).astype("timedelta64[s]"))[message]
        ids = pa.array(first_message + message).cast(pa.string())
        status_p = np.array(list(STATUS_SHARES.values()))
        table = pa.table(
            {
                "Received": pc.strftime(pa.array(sent), format="%d/%m/%Y %H:%M:%S"),
                "SenderAddress": self.addresses.take(pa.array(sender)),
                "RecipientAddress": self.addresses.take(pa.array(recipient)),
                "Subject": pa.array(SUBJECTS).take(pa.array(rng.integers(0, len(SUBJECTS), n))),
                "Status": pa.array(list(STATUS_SHARES)).take(pa.array(rng.choice(len(status_p), n, p=status_p))),
                "ToIP": pa.nulls(n, pa.string()),
                "FromIP": pa.repeat("10.12.0.4", n),
                "Size": pa.array(rng.integers(4_000, 900_000, n)),
                "MessageId": pc.binary_join_element_wise("<NB1PR01MB", ids, "@NB1PR01MB7890.eurprd01.prod.outlook.com>", ""),
                "MessageTraceId": pc.binary_join_element_wise("a1f3c4e2-0000-4000-8000-", ids, ""),
            }
        )
        return table, n_messages


# ---- the table ------------------------------------------------------------------------------------


def table(results: dict[str, dict], steps: tuple[str, ...]) -> list[str]:
    lines = [f"{'step':<26}{'wall s':>9}{'CPU s':>9}{'peak MiB':>10}{'before MiB':>12}  result"]
    for step in steps:
        r = results[step]
        lines.append(
            f"{step:<26}{r['seconds']:>9.1f}{r['cpu']:>9.1f}{r['peak_bytes'] / MIB:>10,.0f}{r['before_bytes'] / MIB:>12,.0f}  {r['note']}"
        )
    return lines


def trace_size(requested_gb: float, folder: Path) -> tuple[float, str]:
    """The trace size to use: as asked, or smaller when the disk lacks room (and why)."""
    free = shutil.disk_usage(folder).free
    if requested_gb * GB * DISK_HEADROOM <= free:
        return requested_gb, ""
    fitted = round(free / DISK_HEADROOM / GB, 1)
    return fitted, f"Only {free / GB:,.0f} GiB free: the trace was cut from {requested_gb:g} to {fitted:g} GiB."


def end_to_end(folder: Path, options: dict, results: dict[str, dict]) -> None:
    for step in END_TO_END:
        results[step] = measure(step, folder, options)
        print(f"  {step}: {results[step]['seconds']:.1f} s", flush=True)
    print()
    print(f"End to end: {options['people']:,} people, {options['weeks']} weeks")
    print("\n".join(table(results, END_TO_END)))
    for label, steps in (("total", END_TO_END), ("what a user waits for", USER_STEPS)):
        print(f"{label:<26}{sum(results[s]['seconds'] for s in steps):>9.1f}{sum(results[s]['cpu'] for s in steps):>9.1f}")
    print(f"Target for what a user waits for (reading the files to the exports): {USER_TARGET_SECONDS:.0f} s or less.")
    if results["load_paths"].get("errors"):
        print("Load errors: " + " | ".join(results["load_paths"]["errors"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--trace-gb", type=float, default=6.0, help="size of the streamed trace in GiB (0 skips it)")
    parser.add_argument("--trace-only", action="store_true", help="skip the end-to-end part")
    parser.add_argument("--workdir", type=Path, default=None, help="where temporary files go (default: the system's)")
    parser.add_argument("--worker", nargs=3, metavar=("STEP", "FOLDER", "ARGS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        sys.path.insert(0, str(ROOT))
        step, folder, options = args.worker
        print(json.dumps(WORKERS[step](Path(folder), json.loads(options))))
        return 0

    with tempfile.TemporaryDirectory(prefix="scale-benchmark-", dir=args.workdir) as name:
        folder = Path(name)
        options = {"people": args.people, "weeks": args.weeks, "seed": args.seed, "trace_gb": args.trace_gb}
        results = {"imports": measure("imports", folder, options)}
        print(f"Memory floor: {results['imports']['peak_bytes'] / MIB:,.0f} MiB (Python and the package imported).", flush=True)
        if not args.trace_only:
            end_to_end(folder, options, results)
        if args.trace_gb > 0:
            (folder / LOADED).unlink(missing_ok=True)
            shutil.rmtree(folder / EXPORTS, ignore_errors=True)
            options["trace_gb"], note = trace_size(args.trace_gb, folder)
            if note:
                print(note)
            for step in STREAMING:
                results[step] = measure(step, folder, options)
            trace, aggregate = results["generate trace"], results["aggregate_trace"]
            print()
            print("Streaming a message trace with aggregate_trace")
            print("\n".join(table(results, STREAMING)))
            size = trace["bytes"]
            print(
                f"Peak memory {aggregate['peak_bytes'] / MIB:,.0f} MiB for a {size / MIB:,.0f} MiB file: "
                f"{aggregate['peak_bytes'] / size:.2f} times the file size; "
                f"{size / aggregate['seconds'] / MIB:,.0f} MiB of trace per second."
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
