"""The report's "Where we sit among peers": our figures beside peers' benchmark packs, when packs were given."""

from __future__ import annotations

from diagnostic.charts.peers import domains_strip
from diagnostic.peers.compare import MIN_PEERS
from diagnostic.report.markup import FigureCounter, captioned_table, esc, figure, section
from diagnostic.wording import number

ANCHOR = "peers"
HEADING = "Where we sit among peers"


def peers_section(comparison: dict, figures: FigureCounter) -> str:
    """The index and domains as a strip among peers, then each indicator compared, and what was left out."""
    labels = comparison["labels"]
    named = f" Packs named by their owners: {', '.join(labels)}." if labels else " No peer named its pack."
    intro = (
        f"<p>Compared with {comparison['peers']} peers' benchmark packs.{esc(named)} A figure is compared only where at least "
        f"{MIN_PEERS} peers have it with the same definition and similar coverage, so no one peer's figure can be read off.</p>"
    )
    notes = [*comparison["settings_differ"], *comparison["left_out"]]
    flagged = f"<h3>Before you compare</h3><ul>{''.join(f'<li>{esc(n)}</li>' for n in notes)}</ul>" if notes else ""
    strip = domains_strip(comparison)
    chart = figure(strip, figures) if strip else "<p>No domain score is shared by enough peers to compare.</p>"
    shown = [i for i in comparison["indicators"] if i["shown"]]
    rows = [
        [
            esc(i["title"]),
            esc(number(i["ours"], i["unit"])),
            esc(number(i["median"], i["unit"])),
            esc(f"{number(i['lower_quartile'], i['unit'])} to {number(i['upper_quartile'], i['unit'])}"),
            esc(i["peers"]),
            esc(" ".join([i["position"], *i["flags"]])),
        ]
        for i in shown
    ]
    table = (
        captioned_table(
            "Each indicator among peers",
            ["Indicator", "Ours", "Peers' median", "Middle half of peers", "Peers", "Where we sit"],
            rows,
            numeric=(1, 2, 4),
        )
        if rows
        else "<p>No indicator is shared by enough peers to compare.</p>"
    )
    missing = len(comparison["indicators"]) - len(shown)
    left = f"<p>{missing} of our indicators are not compared: fewer than {MIN_PEERS} peers have them alike.</p>" if missing else ""
    return section(ANCHOR, HEADING, intro + flagged + chart + table + left)
