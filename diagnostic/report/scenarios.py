"""The report's scenarios: each scenario's domain scores beside the baseline, with a plain summary."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.report.markup import captioned_table, esc, section
from diagnostic.scorecard import Scorecard, build_scorecard
from diagnostic.settings import Settings
from diagnostic.wording import NO_CHANGE, points


def scenarios_section(dataset: Dataset, settings: Settings, baseline: Scorecard, scenarios: Sequence) -> str:
    heading = "Scenarios"
    if not scenarios:
        return section("scenarios", heading, "<p>No scenarios were compared in this report.</p>")
    from diagnostic.scenarios import apply_scenario, compare_scenarios, indicators_scored, scenario_label, summarise_change

    labels = _unique([str(s.name) for s in scenarios])
    cards = {label: build_scorecard(apply_scenario(dataset, s, settings), settings) for label, s in zip(labels, scenarios)}
    table = compare_scenarios(baseline, cards)
    column = {label: scenario_label(label) for label in labels}  # a scenario called "baseline" has its own column
    moved = table[[f"{column[label]} change" for label in labels]].abs().fillna(0).max(axis=1) >= NO_CHANGE
    shown = table[table["level"].isin(["overall", "domain"]) | (table["level"].eq("indicator") & moved)]
    rows = [
        [
            esc(row["title"]) if row["level"] != "indicator" else f"<span class='sub'>{esc(row['title'])}</span>",
            esc(indicators_scored(baseline, row["id"])) if row["level"] != "indicator" else "",
            esc(points(row["baseline"])),
            *(esc(_versus(row[column[label]], row["baseline"])) for label in labels),
        ]
        for _, row in shown.iterrows()
    ]
    caption = "Scores now and under each scenario (points out of 100; change in brackets; indicators listed only where they move)"
    comparison = captioned_table(caption, ["Measure", "Indicators scored", "Now", *labels], rows, numeric=range(1, len(labels) + 3))
    summaries = "".join(f"<h3>{esc(label)}</h3><p>{esc(summarise_change(baseline, cards[label]))}</p>" for label in labels)
    intro = (
        "<p>A scenario changes the data as if a lever had been pulled (for example, fewer recurring meetings), then scores it again.</p>"
    )
    return section("scenarios", heading, intro + comparison + summaries)


def _unique(names: list[str]) -> list[str]:
    """Scenario names made unique ("Fewer meetings", "Fewer meetings (2)") so two files never share a column."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _versus(score: object, base: object) -> str:
    """A scenario's score with its change from now: "41.9 (+2.4)", "53.3 (no change)"."""
    if pd.isna(score) or pd.isna(base):
        return points(score)
    change = float(score) - float(base)
    if abs(change) < NO_CHANGE:
        return f"{points(score)} (no change)"
    return f"{points(score)} ({'+' if change > 0 else '−'}{points(abs(change))})"
