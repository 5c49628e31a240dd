"""Every output a refactor must keep, written to one file so that two versions of the code can be compared.

    .venv/bin/python benchmarks/snapshot.py --out before.json            # on the old code
    .venv/bin/python benchmarks/snapshot.py --out after.json             # on the new code
    .venv/bin/python benchmarks/snapshot.py --compare before.json after.json

For the bundled sample and for the 1,000-person, 12-week sample organisation, it scores the
baseline, every lever at its minimum, middle and maximum, and one scenario with every lever at its
middle, and records for each: the scorecard (``Scorecard.to_dict``), the team views (the exported
per-team table), the network summary at every level, and every export as the CSV bytes a user
downloads. Levers are scored straight after the baseline, as the app does, so whatever the memos
carry over is part of what is compared. The salt is fixed, so pseudonyms are the same in both runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from diagnostic.dataset import Dataset  # noqa: E402
from diagnostic.ingest import load_paths  # noqa: E402
from diagnostic.network import network_summary  # noqa: E402
from diagnostic.report.export import domain_table, indicator_table, network_matrix, team_breakdowns, to_csv_bytes  # noqa: E402
from diagnostic.scenarios import LEVERS, Lever  # noqa: E402
from diagnostic.scorecard import build_scorecard  # noqa: E402
from diagnostic.settings import Settings  # noqa: E402

SALT = "snapshot"
LEVELS = ("person", "team", "organisation")


def lever_values(lever: Lever) -> dict[str, float]:
    """The lever's minimum, a middle value on its step, and its maximum."""
    middle = lever.min + round((lever.max - lever.min) / 2 / lever.step) * lever.step
    return {"min": lever.min, "mid": middle, "max": lever.max}


def outputs(dataset: Dataset, settings: Settings) -> dict[str, str]:
    """What a user sees of one dataset, each as text (JSON or CSV)."""
    card = build_scorecard(dataset, settings)
    frames = {
        "indicators": indicator_table(card),
        "domains": domain_table(card),
        "teams": team_breakdowns(dataset, card, settings),
        "matrix": network_matrix(dataset, settings),
    }
    seen = {"scorecard": json.dumps(card.to_dict(), sort_keys=True, default=str)}
    seen |= {f"export:{name}": to_csv_bytes(frame).decode("utf-8-sig") for name, frame in frames.items() if frame is not None}
    for level in LEVELS:
        seen[f"network:{level}"] = json.dumps(network_summary(dataset, settings, level=level), sort_keys=True, default=str)
    return seen


def organisation_outputs(name: str, dataset: Dataset, settings: Settings) -> dict[str, str]:
    """The baseline, every lever at three values, and every lever at its middle together."""
    seen = {f"{name}/baseline/{k}": v for k, v in outputs(dataset, settings).items()}
    combined = dataset
    for lever in LEVERS:
        for label, value in lever_values(lever).items():
            changed = lever.apply(dataset, value, settings)
            seen |= {f"{name}/{lever.id}={label}/{k}": v for k, v in outputs(changed, settings).items()}
        combined = lever.apply(combined, lever_values(lever)["mid"], settings)
    seen |= {f"{name}/all-levers=mid/{k}": v for k, v in outputs(combined, settings).items()}
    return seen


def snapshot(people: int, weeks: int) -> dict[str, str]:
    from diagnostic.samples import write_sample

    settings = Settings(salt=SALT)
    bundled, _ = load_paths([ROOT / "data" / "samples"], settings)
    seen = organisation_outputs("sample", bundled, settings)
    with tempfile.TemporaryDirectory() as tmp:
        write_sample(Path(tmp), people=people, weeks=weeks)
        large, _ = load_paths([Path(tmp)], settings)
    seen |= organisation_outputs(f"org{people}", large, settings)
    return seen


def compare(before: dict[str, str], after: dict[str, str]) -> int:
    """Print every output that differs; 0 when none does."""
    differ = [k for k in sorted(before.keys() | after.keys()) if before.get(k) != after.get(k)]
    for key in differ:
        print(f"differs: {key}")
        if key.endswith("/scorecard") and key in before and key in after:
            _scorecard_diff(json.loads(before[key]), json.loads(after[key]))
    print(f"{len(before)} outputs before, {len(after)} after, {len(differ)} differ")
    return 1 if differ else 0


def _scorecard_diff(before: dict, after: dict) -> None:
    """The indicators whose value, score or n moved, one line each."""
    old = {r["id"]: r for r in before.get("indicators", [])}
    for row in after.get("indicators", []):
        was = old.get(row["id"], {})
        for field in ("value", "score", "n", "coverage", "note"):
            if was.get(field) != row.get(field):
                print(f"    {row['id']}.{field}: {was.get(field)!r} -> {row.get(field)!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the snapshot here (JSON)")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=12)
    args = parser.parse_args()
    if args.compare:
        before, after = (json.loads(p.read_text(encoding="utf-8")) for p in args.compare)
        return compare(before, after)
    seen = snapshot(args.people, args.weeks)
    digest = hashlib.sha256(json.dumps(seen, sort_keys=True).encode()).hexdigest()[:16]
    if args.out:
        args.out.write_text(json.dumps(seen, sort_keys=True), encoding="utf-8")
    print(f"{len(seen)} outputs, digest {digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
