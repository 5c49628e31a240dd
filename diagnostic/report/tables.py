"""Plain-text tables for the terminal (the CLI without ``--json``)."""

from __future__ import annotations

from diagnostic.indicators.base import BAND_LABELS
from diagnostic.privacy import ETHICS_LINE
from diagnostic.wording import TOO_LITTLE, number, points


def _table(headers: list[str], rows: list[list[object]]) -> str:
    cells = [[("" if v is None else str(v)) for v in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths))
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in cells]
    return "\n".join([line, "  ".join("-" * w for w in widths), *body])


def inspect_table(records: list[dict]) -> str:
    rows = [
        [
            r["file"],
            r["kind"],
            r["format_label"],
            r["rows"],
            r["people"],
            r["start"] or "",
            r["end"] or "",
            len(r["warnings"]),
            len(r["errors"]),
        ]
        for r in records
    ]
    text = _table(["file", "kind", "format", "rows", "people", "from", "to", "warnings", "errors"], rows)
    notes = [f"  {w}" for r in records for w in r["warnings"]]
    return text + ("\n\nWarnings:\n" + "\n".join(notes) if notes else "")


def findings_text(findings) -> str:
    """The cross-file warnings (diagnostic.findings), under a command's table."""
    if not findings:
        return ""
    return "\n\nAcross the files:\n" + "\n".join(f"  {f.message}" for f in findings)


def scorecard_table(card) -> str:
    head = f"Compost index: {points(card.score)} ({BAND_LABELS[card.band]}). {card.coverage_line()}"
    domains = _table(
        ["domain", "score", "band", "indicators computed"],
        [[d.title, points(d.score), BAND_LABELS[d.band], f"{d.computed} of {d.total}"] for d in card.domains],
    )
    rows = [
        [
            r.indicator.domain,
            r.indicator.title,
            TOO_LITTLE if r.measurement.too_little_data else number(r.measurement.value, r.indicator.unit),
            points(r.score),
            BAND_LABELS[r.band],
            number(r.measurement.n, r.measurement.n_unit),
        ]
        for r in card.results
    ]
    indicators = _table(["domain", "indicator", "value", "score", "band", "rests on"], rows)
    changed = f"\nSettings changed from the defaults: {'; '.join(card.settings_changed)}." if card.settings_changed else ""
    return f"{head}{changed}\n\n{domains}\n\n{indicators}\n\n{ETHICS_LINE}"


def network_text(summary: dict) -> str:
    keys = ["level", "nodes", "edges", "density", "reciprocity", "modularity", "communities", "cross_team_share", "isolates", "brokers"]
    lines = [f"{k:18} {summary.get(k)}" for k in keys if k in summary]
    return "\n".join(lines) + f"\n\n{ETHICS_LINE}"


def language_table(scan) -> str:
    data = scan.to_dict()
    rows = [[f["term"], f["suggestion"], f["count"], ", ".join(f["files"])] for f in data["findings"]]
    return _table(["term", "try instead", "count", "files"], rows) if rows else "No institutional terms found."


def compare_table(comparison: dict) -> str:
    """Where we sit among peers: the index, each domain and each indicator compared."""
    from diagnostic.peers.compare import MIN_PEERS

    head = f"Compared with {comparison['peers']} peers' benchmark packs. Figures are shown where at least {MIN_PEERS} peers have them."
    rows = []
    for item in [{"title": "Compost index", "unit": "points"} | comparison["index"], *comparison["domains"], *comparison["indicators"]]:
        unit = item.get("unit", "points")
        if item.get("shown"):
            spread = f"{number(item['lower_quartile'], unit)} to {number(item['upper_quartile'], unit)}"
            rows.append([item["title"], number(item["ours"], unit), number(item["median"], unit), spread, item["peers"], item["position"]])
        else:
            rows.append([item["title"], number(item["ours"], unit), "", "", item["peers"], "Not compared"])
    text = _table(["figure", "ours", "peers' median", "middle half of peers", "peers", "where we sit"], rows)
    notes = [*comparison["settings_differ"], *comparison["left_out"]]
    return "\n\n".join([head, text, *(["Notes:\n" + "\n".join(f"  {n}" for n in notes)] if notes else []), ETHICS_LINE])
