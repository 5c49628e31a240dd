"""``python -m diagnostic``: a thin command line over the package (DESIGN.md, "CLI contract").

Every command reads files and folders, never changes them, prints a table (or one JSON document
with ``--json``), and exits 0 on success or 1 with one plain line per problem on stderr. No
traceback reaches the user.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from dataclasses import replace
from pathlib import Path

from diagnostic.errors import InputError
from diagnostic.settings import load_settings

SIGPIPE_EXIT = 141  # what a shell reports for a command ended by a closed pipe (128 + SIGPIPE)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        code = args.run(args)
        sys.stdout.flush()  # here, so a reader that stopped early is met inside the try
        return code
    except BrokenPipeError:
        return _reader_gone()
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the contract: never a traceback, never an exception's name or text (it may quote the data)
        where = traceback.extract_tb(exc.__traceback__)[-1]
        print(
            f"error: something went wrong that we did not expect (at {Path(where.filename).name} line {where.lineno}). "
            "Your files are unchanged. Please report it with the command you ran.",
            file=sys.stderr,
        )
        return 1


def _reader_gone() -> int:
    """The reader stopped early (``... | head``): end quietly, as a command cut off by its pipe does.

    Standard output is pointed at the null device so the interpreter's last flush cannot fail again.
    """
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return SIGPIPE_EXIT


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m diagnostic", description="Relational infrastructure diagnostic: concrete or compost?")
    sub = p.add_subparsers(dest="command", required=True, metavar="command")

    s = sub.add_parser("sample", help="write a synthetic organisation's exports, in the real formats")
    s.add_argument("--out", required=True, type=Path, help="folder to write into")
    s.add_argument("--people", type=int, default=150, help="staff (default 150; up to 5,000)")
    s.add_argument("--weeks", type=int, default=12, help="weeks of activity (default 12)")
    s.add_argument("--seed", type=int, default=7, help="random seed (same seed, same bytes)")
    s.add_argument(
        "--packs",
        type=int,
        help="instead, write this many benchmark packs of fictional peers (1 to 26; each peer has its own size and weeks)",
    )
    s.set_defaults(run=cmd_sample)

    s = _with_paths(sub.add_parser("inspect", help="detect and load each file; report what was found"))
    s.set_defaults(run=cmd_inspect)

    s = _with_paths(sub.add_parser("score", help="the concrete-compost scorecard"))
    s.add_argument("--scenario", type=Path, help="a scenario JSON file to apply before scoring")
    s.add_argument("--min-group", type=int, help="minimum group size (default 5, never below 3)")
    s.set_defaults(run=cmd_score)

    s = _with_paths(sub.add_parser("network", help="collaboration network metrics"))
    s.add_argument("--level", choices=("person", "team", "organisation"), default="team")
    s.set_defaults(run=cmd_network)

    s = sub.add_parser("levers", help="the scenario levers")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(run=cmd_levers)

    s = _with_paths(sub.add_parser("report", help="a self-contained HTML report"), json_flag=False)
    s.add_argument("--out", required=True, type=Path, help="the .html file to write")
    s.add_argument("--scenario", type=Path, action="append", help="scenario JSON file(s) to compare")
    s.add_argument("--peers", type=Path, help="a folder of peers' benchmark packs: adds where we sit among them")
    s.add_argument(
        "--organisation",
        metavar="NAME",
        help="the organisation's name on the first page (default: the settings, else the staff's email domain)",
    )
    s.set_defaults(run=cmd_report)

    s = _with_paths(sub.add_parser("language", help="scan policies and letters for institutional language"))
    s.set_defaults(run=cmd_language)

    s = _with_paths(sub.add_parser("export", help="indicator table, team breakdowns and network matrix as CSV and XLSX"), json_flag=False)
    s.add_argument("--out", required=True, type=Path, help="folder to write into")
    s.set_defaults(run=cmd_export)

    s = _with_paths(
        sub.add_parser("pack", help="a benchmark pack: the scorecard reduced to what may leave the organisation"), json_flag=False
    )
    s.add_argument("--out", required=True, type=Path, help="the .json file to write")
    s.add_argument("--label", help="a name for your pack, if you want peers to see one (otherwise it is anonymous)")
    s.set_defaults(run=cmd_pack)

    s = _with_paths(sub.add_parser("compare", help="where this organisation sits among peers' benchmark packs"))
    s.add_argument("--peers", required=True, type=Path, help="a folder of peers' benchmark packs")
    s.set_defaults(run=cmd_compare)

    s = sub.add_parser("self-assessment", help="a blank response sheet for the self-assessment statements")
    s.add_argument("--template", required=True, type=Path, help="the .csv file to write")
    s.set_defaults(run=cmd_self_assessment)
    return p


def _with_paths(p: argparse.ArgumentParser, json_flag: bool = True) -> argparse.ArgumentParser:
    p.add_argument("paths", nargs="+", type=Path, help="files and/or folders of exports")
    p.add_argument("--mapping", type=Path, help="JSON column mapping for files we do not recognise (see README)")
    p.add_argument("--team-attribute", metavar="NAME", help="the HR attribute that is the team, e.g. GroupName (see README)")
    p.add_argument(
        "--period",
        metavar="FROM:TO",
        help="the analysis period, for example 2025-01-06:2025-03-28 (default: all the data, or where most of the activity data sits)",
    )
    if json_flag:
        p.add_argument("--json", action="store_true", help="print one JSON document")
    return p


def _settings(args: argparse.Namespace):
    settings = load_settings()
    if getattr(args, "min_group", None) is not None:
        settings = replace(settings, min_group_size=args.min_group)
    if getattr(args, "team_attribute", None):
        settings = replace(settings, team_attribute=args.team_attribute.strip())
    if getattr(args, "period", None):
        from diagnostic.periods import parse_period

        settings = replace(settings, period=str(parse_period(args.period)))
    return settings


def _load(args: argparse.Namespace, settings, report_errors: bool = True):
    """Load the paths; print one line per unusable file; fail only if nothing was usable.

    The dataset returned holds the analysis period only (:mod:`diagnostic.periods`), so every
    command's figures rest on the same weeks.
    """
    from diagnostic.ingest import load_paths
    from diagnostic.ingest.mapping import read_mapping_file
    from diagnostic.periods import chosen_period, in_period

    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        raise InputError(f"{', '.join(missing)}: no such file or folder.")
    mappings = read_mapping_file(args.mapping) if getattr(args, "mapping", None) else None
    dataset, results = load_paths(args.paths, settings, mappings, progress=_progress_bar(args))
    if not results:
        raise InputError(f"{', '.join(map(str, args.paths))}: no files found.")
    if report_errors:
        for r in results:
            for line in r.errors:
                print(f"error: {line}", file=sys.stderr)
    if not any(r.usable for r in results):
        return dataset, results, False
    return in_period(dataset, chosen_period(results, settings)), results, True


BAR_WIDTH = 24


def _progress_bar(args: argparse.Namespace):
    """A bar on stderr while files load, for a person at a terminal only (not in a pipe or a log, not with --json)."""
    if getattr(args, "json", False) or not sys.stderr.isatty():
        return None

    def show(p) -> None:
        filled = BAR_WIDTH * p.done // max(p.total, 1)
        reading = f"  reading {p.file}" if p.file else ""
        line = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {p.done:,} of {p.total:,} files, {p.rows:,} rows{reading}"
        sys.stderr.write("\r\033[K" + line[: os.get_terminal_size(sys.stderr.fileno()).columns - 1])
        if p.done == p.total:
            sys.stderr.write("\r\033[K")  # the bar goes once the files are read: the table follows
        sys.stderr.flush()

    return show


def _emit(obj, as_json: bool, text: str) -> None:
    if as_json:
        json.dump(obj, sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
    else:
        print(text)


def cmd_sample(args) -> int:
    from diagnostic.samples import write_sample

    if args.packs is not None:
        return _sample_packs(args)
    written = write_sample(args.out, people=args.people, weeks=args.weeks, seed=args.seed)
    print(f"Wrote {len(written)} files to {args.out}")
    return 0


MAX_SAMPLE_PACKS = 26


def _sample_packs(args) -> int:
    from diagnostic.peers.generated import write_peer_packs

    if not 1 <= args.packs <= MAX_SAMPLE_PACKS:
        raise InputError(f"--packs must be between 1 and {MAX_SAMPLE_PACKS}; you gave {args.packs}.")
    written = write_peer_packs(args.out, args.packs, args.seed)
    print(f"Wrote {len(written)} benchmark packs to {args.out}")
    return 0


def cmd_inspect(args) -> int:
    from diagnostic.findings import cross_file_findings
    from diagnostic.report.tables import findings_text, inspect_table

    settings = _settings(args)
    dataset, results, ok = _load(args, settings)
    records = [r.to_record() for r in results]
    found = cross_file_findings(dataset, results, settings)
    text = inspect_table(records) + findings_text(found)  # under the table once, not again beside each file
    for finding in found:
        for record in records:
            if record["file"] in finding.files:
                record["warnings"].append(finding.message)
    _emit(records, args.json, text)
    return 0 if ok else 1


def _scorecard(args, settings):
    from diagnostic.scorecard import build_scorecard

    dataset, results, ok = _load(args, settings)
    if not ok:
        raise InputError("nothing usable was read from the files given.")
    if getattr(args, "scenario", None):
        from diagnostic.scenarios import Scenario, apply_scenario

        scenario_path = args.scenario[0] if isinstance(args.scenario, list) else args.scenario
        dataset = apply_scenario(dataset, Scenario.load(scenario_path), settings)
    return dataset, results, build_scorecard(dataset, settings)


def cmd_score(args) -> int:
    from diagnostic.findings import cross_file_findings
    from diagnostic.report.tables import findings_text, scorecard_table

    settings = _settings(args)
    dataset, results, card = _scorecard(args, settings)
    found = cross_file_findings(dataset, results, settings)
    _emit({**card.to_dict(), "warnings": [f.to_dict() for f in found]}, args.json, scorecard_table(card) + findings_text(found))
    return 0


def cmd_network(args) -> int:
    from diagnostic.network import network_summary
    from diagnostic.report.tables import network_text

    settings = _settings(args)
    dataset, _, ok = _load(args, settings)
    if not ok:
        raise InputError("nothing usable was read from the files given.")
    summary = network_summary(dataset, settings, level=args.level)
    _emit(summary, args.json, network_text(summary))
    return 0


def cmd_levers(args) -> int:
    from diagnostic.scenarios import LEVERS

    records = [lever.to_dict() for lever in LEVERS]
    text = "\n".join(f"{r['id']:28} {r['label']} ({r['min']}–{r['max']} {r['unit']}, default {r['default']})" for r in records)
    _emit(records, args.json, text)
    return 0


def cmd_report(args) -> int:
    from diagnostic.report import write_report
    from diagnostic.report.images import start_renderer
    from diagnostic.scenarios import Scenario

    start_renderer()
    settings = _settings(args)
    dataset, results, ok = _load(args, settings)
    if not ok:
        raise InputError("nothing usable was read from the files given.")
    scenarios = [Scenario.load(p) for p in (args.scenario or [])]
    peers = _peers(args.peers) if args.peers else None
    path = write_report(dataset, results, settings, args.out, scenarios=scenarios, peers=peers, organisation=args.organisation)
    print(f"Wrote {path}")
    return 0


def _peers(folder: Path):
    """Peers' packs from a folder; each file left out is said on stderr, and the rest go on."""
    from diagnostic.peers.reading import read_peers

    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder of benchmark packs.")
    peers = read_peers(folder)
    for line in peers.left_out:
        print(f"warning: {line}", file=sys.stderr)
    return peers


def cmd_pack(args) -> int:
    from diagnostic.peers.pack import clean_label, pack_for, write_pack

    clean_label(args.label)  # a label that cannot be shared is said before the files are read
    settings = _settings(args)
    dataset, results, card = _scorecard(args, settings)
    path = write_pack(pack_for(dataset, results, card, settings, args.label), args.out)
    print(f"Wrote {path}. Open it and read it before you share it: it holds only what the README lists.")
    return 0


def cmd_compare(args) -> int:
    from diagnostic.peers.compare import compare
    from diagnostic.peers.pack import pack_for
    from diagnostic.report.tables import compare_table

    settings = _settings(args)
    peers = _peers(args.peers)
    dataset, results, card = _scorecard(args, settings)
    comparison = compare(pack_for(dataset, results, card, settings), peers)
    _emit(comparison, args.json, compare_table(comparison))
    return 0


def cmd_language(args) -> int:
    from diagnostic.language import scan_dataset
    from diagnostic.report.tables import language_table

    settings = _settings(args)
    dataset, _, ok = _load(args, settings)
    if not ok:
        raise InputError("nothing usable was read from the files given.")
    scan = scan_dataset(dataset, settings)
    _emit(scan.to_dict(), args.json, language_table(scan))
    return 0


def cmd_export(args) -> int:
    from diagnostic.report.export import write_exports
    from diagnostic.scorecard import build_scorecard

    settings = _settings(args)
    dataset, _, ok = _load(args, settings)
    if not ok:
        raise InputError("nothing usable was read from the files given.")
    written = write_exports(dataset, build_scorecard(dataset, settings), settings, args.out)
    print(f"Wrote {len(written)} files to {args.out}")
    return 0


def cmd_self_assessment(args) -> int:
    from diagnostic.self_assessment import write_template

    path = write_template(args.template)
    print(f"Wrote {path}")
    return 0
