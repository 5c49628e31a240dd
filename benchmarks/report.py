"""Report benchmark: how long does a 1,000-person organisation's HTML report take to write?

Run ``python benchmarks/report.py`` (``--people``, ``--weeks``, ``--seed`` to vary the data). It
writes the synthetic sample organisation's exports into a temporary folder that is deleted
afterwards, loads them, then times each step the ``report`` command takes: the scorecard, the
network summary, and ``write_report`` as a whole (which computes both again, because that is what
the command does), and the report's size and chart count. Target: ``write_report`` in 10 seconds
or less of wall-clock time on an otherwise idle machine. The same steps for the CSV/XLSX exports are timed too.

The bundled sample organisation (``data/samples``) is timed the same way in the same run, cold (the
first report in a fresh process, as the ``report`` command makes it: the chart renderer started
while the files load) and warm, beside its scorecard alone as the baseline the report cannot beat.
Target: its report in 2 seconds or less.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from diagnostic.ingest import load_paths  # noqa: E402
from diagnostic.network import network_summary  # noqa: E402
from diagnostic.report.export import write_exports  # noqa: E402
from diagnostic.report.html import write_report  # noqa: E402
from diagnostic.report.images import start_renderer  # noqa: E402
from diagnostic.samples import write_sample  # noqa: E402
from diagnostic.scorecard import build_scorecard  # noqa: E402
from diagnostic.settings import Settings  # noqa: E402

TARGET_SECONDS = 10.0
SAMPLE_TARGET_SECONDS = 2.0
SAMPLES = ROOT / "data" / "samples"
SALT = "benchmark-salt-not-secret"


def timed(step, *args, **kwargs):
    """Run ``step`` once; return its result and {"wall": seconds, "cpu": CPU seconds of this process}.

    Both are reported because a shared machine stretches wall time: CPU time shows the work itself.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    result = step(*args, **kwargs)
    return result, {"wall": round(time.perf_counter() - wall, 2), "cpu": round(time.process_time() - cpu, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000, help="staff in the sample organisation (default 1,000)")
    parser.add_argument("--weeks", type=int, default=12, help="weeks of activity (default 12)")
    parser.add_argument("--seed", type=int, default=7, help="random seed")
    args = parser.parse_args()
    settings = Settings(salt=SALT)
    with tempfile.TemporaryDirectory() as tmp:
        sample = sample_figures(settings, Path(tmp))
        folder = Path(tmp) / "org"
        files, t_sample = timed(write_sample, folder, people=args.people, weeks=args.weeks, seed=args.seed)
        (dataset, results), t_load = timed(load_paths, [folder], settings)
        _, t_card = timed(build_scorecard, dataset, settings)
        _, t_network = timed(network_summary, dataset, settings, level="team")
        path, t_report = timed(write_report, dataset, results, settings, Path(tmp) / "report.html")
        html = path.read_text(encoding="utf-8")
        written, t_export = timed(write_exports, dataset, build_scorecard(dataset, settings), settings, Path(tmp) / "exports")
        figures = {
            "people": args.people,
            "weeks": args.weeks,
            "files": len(files),
            "rows": {k: int(v) for k, v in dataset.present().items()},
            "seconds": {
                "write_sample": t_sample,
                "load": t_load,
                "scorecard": t_card,
                "network_summary (cached after the scorecard)": t_network,
                "write_report": t_report,
                "write_exports": t_export,
            },
            "report_kb": round(len(html.encode("utf-8")) / 1024),
            "charts": html.count("<svg"),
            "export_files": len(written),
            "target_seconds": TARGET_SECONDS,
            "within_target": t_report["wall"] <= TARGET_SECONDS,
            "sample": sample,
        }
    print(json.dumps(figures, indent=1))
    return 0 if figures["within_target"] and sample["within_target"] else 1


def sample_figures(settings: Settings, tmp: Path) -> dict:
    """The bundled sample's report, cold then warm, beside its scorecard alone (on a second load, so both start cold)."""
    baseline, _ = load_paths([SAMPLES], settings)
    _, t_card = timed(build_scorecard, baseline, settings)
    start_renderer()  # as the report command does before it loads the files
    dataset, results = load_paths([SAMPLES], settings)
    _, t_cold = timed(write_report, dataset, results, settings, tmp / "sample-cold.html")
    _, t_warm = timed(write_report, dataset, results, settings, tmp / "sample-warm.html")
    return {
        "seconds": {"scorecard (baseline)": t_card, "write_report, cold": t_cold, "write_report, warm": t_warm},
        "target_seconds": SAMPLE_TARGET_SECONDS,
        "within_target": t_cold["wall"] <= SAMPLE_TARGET_SECONDS,
    }


if __name__ == "__main__":
    raise SystemExit(main())
