"""Home's account of the files: per domain what is loaded and missing, and each file's health.

Both tables are plain HTML: their sentences and long file names wrap (a data grid would cut them
off), a screen reader can follow their headers, and the browser draws them at once, with none of
the data grid's code to fetch and start before the first page is settled. Every warning and
problem of a file is listed in words below the file table, for the file picked in the list.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import streamlit as st

from diagnostic.app import state, ui
from diagnostic.errors import ERROR
from diagnostic.ingest import LoadResult
from diagnostic.sources import SOURCES, DomainSources, domain_sources

SOURCES_CSS = """
<style>
  .sources, .health { border-collapse:collapse; width:100%; margin:0.4rem 0 1rem; }
  .sources caption, .health caption { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
  .sources th:nth-child(1) { width:14%; } .sources th:nth-child(2) { width:25%; }
  .sources th:nth-child(3) { width:41%; } .sources th:nth-child(4) { width:20%; }
  .sources th, .sources td, .health th, .health td { text-align:left; vertical-align:top; padding:0.45rem 0.6rem; border-top:1px solid #c9cdd1; }
  .sources thead th, .health thead th { border-top:none; border-bottom:2px solid #5a6168; }
  .sources td.none { color:#454b51; }
  .sources ul { margin:0; padding-left:1.1rem; }
  .sources li { margin:0; }
  .health { font-size:0.9em; table-layout:fixed; } .health th, .health td { padding:0.3rem 0.5rem; }
  .health th:nth-child(1) { width:24%; } .health th:nth-child(2) { width:17%; } .health th:nth-child(3) { width:9%; }
  .health th:nth-child(4) { width:9%; } .health th:nth-child(5) { width:15%; } .health th:nth-child(6) { width:13%; }
  .health th:nth-child(7) { width:13%; }
  .health thead th { overflow-wrap:normal; }  /* a heading wraps between words, never inside "Warnings" */
  .health-scroll { overflow-x:auto; } .health { min-width:40rem; }  /* a narrow window scrolls; numbers never break */
  .health th[scope=row] { font-weight:normal; overflow-wrap:anywhere; }
  .health td.n, .health th.n { text-align:right; font-variant-numeric:tabular-nums; }
</style>
"""
PICK_KEY = "health-file"
DATE = "%-d %b %Y"


def domains_table(domains: list[DomainSources]) -> str:
    """One row per domain: files loaded (by format), what is missing and what it would add, the period."""
    rows = "".join(
        f'<tr><th scope="row">{ui.html_text(d.title)}</th>{_loaded(d)}{_missing(d)}<td>{ui.html_text(period_text(d))}</td></tr>'
        for d in domains
    )
    head = "".join(f'<th scope="col">{h}</th>' for h in ("Domain", "Loaded", "Missing, and what it would add", "Period covered"))
    return (
        f'{SOURCES_CSS}<table class="sources"><caption>Each domain: the files loaded for it, what is missing and the period covered</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _loaded(d: DomainSources) -> str:
    if not d.loaded:
        return '<td class="none">Nothing yet</td>'
    counts = Counter(f.label for f in d.loaded)
    items = "".join(f"<li>{ui.html_text(label)}: {n:,} {'file' if n == 1 else 'files'}</li>" for label, n in sorted(counts.items()))
    return f"<td><ul>{items}</ul></td>"


def _missing(d: DomainSources) -> str:
    if not d.needs and not d.would_add:
        return '<td class="none">Nothing missing</td>'
    parts = []
    if d.needs:
        parts.append(("Load any one of these to score it:" if len(d.needs) > 1 else "Load this to score it:") + _items(d.needs))
    if d.would_add:
        parts.append(("Would also add:" if d.needs else "") + _items(d.would_add))
    return f"<td>{''.join(parts)}</td>"


def _items(kinds: tuple[str, ...]) -> str:
    return "<ul>" + "".join(f"<li>{ui.html_text(_capital(SOURCES[k].name))}: {ui.html_text(SOURCES[k].adds)}</li>" for k in kinds) + "</ul>"


def what_to_load(domain: str) -> bool:
    """On a domain's page: what to load when nothing feeds it, else what more would add. True when it has data."""
    dataset, results, _ = state.loaded()
    d = next(found for found in domain_sources(dataset, results) if found.domain == domain)
    if d.needs:
        lead = "any one of these" if len(d.needs) > 1 else "this"
        items = "\n".join(f"- {ui.plain(_capital(SOURCES[k].name))}: {ui.plain(SOURCES[k].adds)}" for k in d.needs)
        st.info(
            f"Nothing loaded for {d.title.lower()} yet. Load {lead} in the sidebar, under Load your exports:\n\n{items}\n\n"
            "Until then this page shows what it can."
        )
    elif d.would_add:
        st.caption("Would also add: " + "; ".join(f"{SOURCES[k].name} ({SOURCES[k].adds})" for k in d.would_add) + ".")
    return not d.needs


def period_text(d: DomainSources) -> str:
    """First and last day, and how many weeks apart, or why there is no period."""
    if d.start is None or d.end is None:
        return "No dates: not needed for this domain" if d.loaded else "—"
    weeks = (d.end - d.start).days / 7
    span = f"{weeks:,.0f} weeks" if weeks >= 1.5 else f"{(d.end - d.start).days + 1:,} days"
    return f"{d.start.strftime(DATE)} to {d.end.strftime(DATE)} ({span})"


HEALTH_COLUMNS = ("File", "Format", "Rows", "People", "Dates", "Warnings", "Problems")
COUNTED = {"Rows", "People", "Warnings", "Problems"}  # right-aligned, with thousands separators


def health_frame(results: tuple[LoadResult, ...]) -> pd.DataFrame:
    """One row per file: format, rows, people, first and last day, and how many warnings and problems."""
    records = [r.to_record() for r in results]
    return pd.DataFrame(
        {
            "File": [r["file"] for r in records],
            "Format": [r["format_label"] for r in records],
            "Rows": [r["rows"] for r in records],
            "People": [r["people"] for r in records],
            "Dates": [dates(r["start"], r["end"]) for r in records],
            "Warnings": [len(r["warnings"]) for r in records],
            "Problems": [len(r["errors"]) for r in records],
        },
        columns=list(HEALTH_COLUMNS),
    )


def health_table(frame: pd.DataFrame) -> str:
    """The file table as HTML: each file's name heads its row."""
    head = "".join(f'<th scope="col"{" class=n" if c in COUNTED else ""}>{c}</th>' for c in HEALTH_COLUMNS)
    rows = "".join(
        f'<tr><th scope="row">{_breakable(row["File"])}</th>' + "".join(_cell(c, row[c]) for c in HEALTH_COLUMNS[1:]) + "</tr>"
        for row in frame.to_dict("records")
    )
    return (
        f'{SOURCES_CSS}<div class="health-scroll" role="region" aria-label="Data health, file by file" tabindex="0"><table class="health"><caption>Each file loaded: its format, rows, people, dates, warnings and problems</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def _breakable(name: str) -> str:
    """A file name that may wrap after an underscore, a hyphen or a full stop, not mid-word."""
    return re.sub(r"([_.-])", r"\1<wbr>", ui.html_text(name))


def _cell(column: str, value: object) -> str:
    if column in COUNTED:
        return f'<td class="n">{"—" if pd.isna(value) else f"{int(value):,}"}</td>'
    return f"<td>{ui.html_text(value if isinstance(value, str) and value else '—')}</td>"


def health(results: tuple[LoadResult, ...]) -> None:
    """The file table, then every warning and problem of the file picked, in words."""
    frame = health_frame(results)
    st.markdown(health_table(frame), unsafe_allow_html=True)
    flagged = [i for i, r in enumerate(results) if r.issues]
    if not flagged:
        st.caption("No file needed a warning or had a problem.")
        return
    names = frame["File"].tolist()
    picked = st.selectbox(
        "What we found in a file",
        flagged,
        format_func=lambda i: f"{names[i]}: {_counts(results[i])}",
        key=PICK_KEY,
    )
    issues = sorted(results[picked].issues, key=lambda i: i.severity != ERROR)  # problems first, each kept in file order
    st.markdown("\n".join(f"- **{'Problem' if i.severity == ERROR else 'Warning'}:** {ui.plain(str(i))}" for i in issues))


def _counts(result: LoadResult) -> str:
    problems, warnings = len(result.errors), len(result.warnings)
    parts = [f"{n:,} {word if n == 1 else word + 's'}" for n, word in ((problems, "problem"), (warnings, "warning")) if n]
    return " and ".join(parts)


def dates(start: str | None, end: str | None) -> str:
    """A file's first and last day, short: "6 Jan – 28 Mar 2025", the year said once when it is the same."""
    if not start or not end:
        return "—"
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    if first == last:
        return last.strftime(DATE)
    return f"{first.strftime('%-d %b' if first.year == last.year else DATE)} – {last.strftime(DATE)}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
