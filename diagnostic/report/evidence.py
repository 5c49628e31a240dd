"""The report's sections on what the indicators do not cover: the self-assessment, the language of
policies and letters, and which files were read.
"""

from __future__ import annotations

import datetime as dt

from diagnostic.dataset import Dataset
from diagnostic.ingest import LoadResult
from diagnostic.report.markup import captioned_table, esc, section
from diagnostic.settings import Settings
from diagnostic.wording import number, points

SELF_ASSESSMENT_HEADING = "Annex C: self-assessment by group"
LANGUAGE_HEADING = "Annex D: language in policies and letters"
COVERAGE_HEADING = "Annex E: data coverage"


def self_assessment_section(dataset: Dataset, settings: Settings) -> str:
    heading = SELF_ASSESSMENT_HEADING
    from diagnostic.self_assessment import group_label, score_groups, scores_by_group

    if not dataset.has("responses"):
        body = (
            "<p>No self-assessment answers were loaded. It covers what no export shows: how services are designed, "
            "which performance measures get attention, and how HR processes feel. Make a blank response sheet with "
            "<code>python -m diagnostic self-assessment --template sheet.csv</code>.</p>"
        )
        return section("self-assessment", heading, body)
    wide = scores_by_group(dataset.responses, settings.min_group_size)
    groups = score_groups(wide)
    headers = ["Area", *map(group_label, groups), "Statements answered"]
    rows = [
        [esc(theme), *(esc(points(row[g])) for g in groups), esc(f"{int(row['items_answered'])} of {int(row['items'])}")]
        for theme, row in wide.iterrows()
    ]
    respondents = int(wide["respondents"].max()) if len(wide) else 0
    intro = (
        f"<p>Scores run from 0 (strongly disagree throughout) to 100 (strongly agree), from up to {respondents:,} answers per "
        f"statement. A group is shown only when at least {esc(settings.min_group_size)} people answered; "
        "an area is scored only when at least 60% of its statements were answered. Where groups differ, the gap is itself a finding.</p>"
    )
    table = captioned_table(
        "Self-assessment scores by area and group (points out of 100)", headers, rows, numeric=range(1, len(headers)), row_headers=True
    )
    return section("self-assessment", heading, intro + table)


def language_section(dataset: Dataset, settings: Settings) -> str:
    heading = LANGUAGE_HEADING
    from diagnostic.language import scan_dataset

    scan = scan_dataset(dataset, settings).to_dict()
    if not scan["documents"]:
        return section("language", heading, "<p>No policies, letters or templates were loaded, so no language scan was made.</p>")
    if not scan["findings"]:
        return section("language", heading, f"<p>No institutional terms were found in the {len(scan['documents'])} documents loaded.</p>")
    intro = (
        "<p>These words can shut down relationships with children and families. They are prompts for a conversation, "
        "not banned words: explain terms the law requires, and ask each child what they prefer. "
        "No document text is reproduced here.</p>"
    )
    headers = ["Term", "Try instead", "Times found", "Documents", "Source"]
    rows = [
        [esc(f["term"]), esc(f["suggestion"]), esc(f"{int(f['count']):,}"), esc(", ".join(map(str, f["files"]))), esc(f.get("source", ""))]
        for f in scan["findings"]
    ]
    findings = captioned_table("Institutional terms found", headers, rows, numeric=(2,))
    docs = [
        [
            esc(d["name"]),
            esc(f"{d['words']:,}"),
            esc(f"{d['terms']:,}"),
            esc(number(d["per_1000_words"]) if d["per_1000_words"] is not None else "Not computed"),
        ]
        for d in scan["documents"]
    ]
    density = captioned_table(
        "Institutional terms per document", ["Document", "Words", "Terms found", "Terms per 1,000 words"], docs, numeric=(1, 2, 3)
    )
    return section("language", heading, intro + findings + density)


def _day(iso: str | None) -> str:
    """An ISO date as "29 Jan 2025", kept on one line."""
    if not iso:
        return "Not known"
    day = dt.date.fromisoformat(iso)
    return f'<span class="nowrap">{day.day} {day:%b %Y}</span>'


def coverage_section(results: list[LoadResult]) -> str:
    rows = []
    for r in results:
        rec = r.to_record()
        rows.append(
            [
                esc(rec["file"]),
                esc(rec["kind"].replace("_", "-")),
                esc(rec["format_label"]),
                esc(f"{rec['rows']:,}"),
                _day(rec["start"]),
                _day(rec["end"]),
                esc(len(rec["warnings"])),
                esc(len(rec["errors"])),
            ]
        )
    if not rows:
        return section("coverage", COVERAGE_HEADING, "<p>No files were loaded.</p>")
    table = captioned_table(
        "What each file gave",
        ["File", "Kind", "Format", "Rows", "From", "To", "Warnings", "Errors"],
        rows,
        numeric=(3, 6, 7),
    )
    note = "<p>Warnings and errors are listed in full in the tool's data health view; this report only counts them.</p>"
    return section("coverage", COVERAGE_HEADING, table + note)
