"""Report: a self-contained HTML report and the tables, ready to take to a board or back to the teams."""

from __future__ import annotations

import streamlit as st

from diagnostic.app import peers_state, state
from diagnostic.errors import InputError
from diagnostic.peers.pack import LABEL_MAX, clean_label, pack_floor, pack_json
from diagnostic.report.about import NAME_MAX, organisation_name
from diagnostic.report.export import domain_table, indicator_table, network_matrix, team_breakdowns, to_csv_bytes, to_xlsx_bytes
from diagnostic.report.html import render_report
from diagnostic.report.images import start_renderer
from diagnostic.scenarios import Scenario
from diagnostic.settings import SETTING_HELP

start_renderer()  # warm while the name is read and the button pressed
st.title("Report")
st.markdown(
    "One HTML file that opens anywhere, offline, with every chart inside it and no names or email addresses. "
    "It prints cleanly to A4 from any browser. The tables open safely in Excel: nothing in them can run as a formula."
)
dataset, results, _ = state.loaded()
settings = state.settings()
card = state.scorecard()


@state.per_data(max_entries=4, show_spinner="Preparing the tables…")
def _tables(key: str, _dataset, _card, _settings) -> dict:
    frames = {"Domains": domain_table(_card), "Indicators": indicator_table(_card), "By team": team_breakdowns(_dataset, _card, _settings)}
    matrix = network_matrix(_dataset, _settings)
    if matrix is not None:
        frames["Network by team"] = matrix
    return frames


saved = tuple(st.session_state.get("saved_scenarios", []))
if saved:
    st.caption(f"The report compares the {len(saved)} scenario(s) kept on the Scenarios page.")
if peers_state.peers()[0] is not None:
    st.caption("The report says where we sit among the peers on the Peers page.")
scenarios = [Scenario.from_json(text) for text in saved]
found = organisation_name(dataset, settings)
name = st.text_input(
    "Organisation's name, on the report's first page",
    value=found.name,
    max_chars=NAME_MAX,
    key="report-organisation",
    help=SETTING_HELP["organisation"],
)
if found.source == "email domain" and name == found.name:
    st.caption("Suggested from the staff's commonest email domain. Type the organisation's name to replace it.")
made = st.session_state.get("report-html")
wanted = (state.data_key(), state.settings_key(settings), name, saved, peers_state.peers_key())
if st.button("Make the report", type="primary"):
    with st.status("Making the report…", expanded=True) as status:
        bar = st.progress(0.0, text="Starting")
        page = render_report(
            dataset,
            list(results),
            settings,
            scenarios=scenarios,
            peers=peers_state.peers()[0],
            organisation=name,
            progress=lambda share, step: bar.progress(share, text=step),
        )
        made = st.session_state["report-html"] = (wanted, page.encode("utf-8"))
        status.update(label="The report is ready to download.", state="complete", expanded=False)
if made is not None and made[0] == wanted:
    st.download_button("Download the report (HTML)", made[1], file_name="relational-infrastructure-report.html", mime="text/html")
else:
    st.caption("The report opens with the organisation's name, the period the data covers and a summary; every indicator is in its annex.")

st.header("Benchmark pack")
st.markdown(
    "A small file to share with peers so that each of you can see where you sit (the Peers page). It holds your "
    "scores, values, coverage and thresholds, your size as a band and the months covered: no names, teams, "
    f"identifiers or free text, and no figure resting on fewer than {pack_floor(settings)} records. The README lists every field."
)
label = st.text_input("A name for your pack (optional; without one, peers see it unnamed)", max_chars=LABEL_MAX, key="pack-label")
try:
    clean_label(label)
except InputError as exc:
    st.error(str(exc))
else:
    st.download_button(
        "Download the benchmark pack (JSON)",
        lambda: pack_json(peers_state.our_pack(label)).encode("utf-8"),
        file_name="benchmark-pack.json",
        mime="application/json",
    )

st.header("Tables")
frames = _tables(state.data_key(), dataset, card, settings)
st.download_button(
    "All tables (Excel workbook)",
    lambda: to_xlsx_bytes(frames),
    file_name="relational-infrastructure-tables.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
# One table at a time: four grids drawn at once, folded or not, cost every reader's browser time.
shown = st.selectbox("Table to show", list(frames), format_func=lambda n: f"{n} ({len(frames[n]):,} rows)", key="report-table")
st.dataframe(frames[shown], hide_index=True, width="stretch")
st.download_button(
    f"{shown} (CSV)",
    lambda frame=frames[shown]: to_csv_bytes(frame),
    file_name=f"{shown.lower().replace(' ', '_')}.csv",
    mime="text/csv",
    key=f"csv-{shown}",
)
st.caption(f"Teams with fewer than {settings.min_group_size} people are merged or left out. No table has a row per person.")
