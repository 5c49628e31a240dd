"""Home: what this is, what was loaded, and how healthy each file is."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from diagnostic.app import mapping_step, period_view, sources_view, state, team_choice, ui
from diagnostic.ingest import unpacked
from diagnostic.sources import domain_sources

st.title("Is our infrastructure concrete or compost?")
st.markdown(
    "Relationships with children and families grow or wither in the everyday infrastructure around them: "
    "meetings, email, audits and what happens to feedback. "
    "This tool reads the exports you already have and shows, indicator by indicator, where that infrastructure "
    "is concrete and where it is compost. "
    "Everything stays on this computer, people are replaced by codes as files load, and no group smaller than "
    "the minimum group size is ever shown."
)

dataset, results, is_sample = state.loaded()
if is_sample:
    st.info(
        "You are looking at **Northbridge**, a fictional children's services department, so there is something to explore. "
        "Load your own exports in the sidebar (several files at once, or a zip)."
    )

st.header("What you have loaded, and what is missing")
st.markdown(sources_view.domains_table(domain_sources(dataset, results)), unsafe_allow_html=True)
usable = sum(r.usable for r in results)
if usable:
    st.page_link(str(Path(__file__).with_name("scorecard.py")), label="Next: see the scorecard →")

team_choice.render()

findings = state.findings()
if findings or period_view.has_activity(results):
    st.header("Across the files")
    period_view.render(results, state.settings())
    for finding in findings:
        st.warning(ui.plain(finding.message))

st.header("Data health")
built = ", ".join(f"{t} ({n:,} rows)" for t, n in dataset.present().items() if t != "aliases")
st.caption(f"{usable} of {len(results)} files could be used. " + (f"Tables built: {built}." if built else "No tables were built."))
problems = sum(1 for r in results if r.errors)
if problems:
    st.error(
        f"{problems} of {len(results)} files had a problem that left all or part of the file unused. Pick the file below to see what, and what to do."
    )
sources_view.health(results)

mappings = st.session_state.get(state.MAPPINGS_KEY, {})
unknown = [r for r in results if not r.usable or r.file in mappings]
if unknown and not is_sample:
    heading = st.container()  # filled only when some file has columns to match
    files = {name: content for name, content in unpacked(state.current_files()[1]) if isinstance(content, bytes)}
    shown = [mapping_step.render(r.file, files.get(r.file, b""), mappings.get(r.file), r.shown_file or r.file, r.usable) for r in unknown]
    if any(shown) and any(not r.usable for r in unknown):
        heading.subheader("Files we did not recognise")
        heading.markdown("Tell us which column is which, and the file will load like any other.")
    elif any(shown):
        heading.subheader("Files read with your column mapping")

with st.expander("Templates for systems we do not know", key="templates-panel", on_change="rerun") as panel:
    if panel.open:  # a file a table: sent to the browser only when asked for
        mapping_step.templates()
state.prepare_scorecard()  # the scores are not shown here: work them out while the reader reads this page
