"""Scenarios: pull levers and see the scorecard move, baseline and scenarios side by side."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from diagnostic.app import state, ui
from diagnostic.errors import InputError
from diagnostic.scenarios import LEVERS, Scenario, apply_scenario, compare_scenarios, summarise_change
from diagnostic.scorecard import build_scorecard

SAVED_KEY = "saved_scenarios"
MAX_SAVED = 3

st.title("Scenarios")
st.markdown(
    "What if we cut recurring management meetings by a third, or answered every complaint within 10 working days? "
    "Move a lever and the scorecard is worked out again on the changed data, on the same thresholds. "
    "Every lever starts at “no change”."
)
dataset, _, _ = state.loaded()
settings = state.settings()
baseline = state.scorecard()


@state.per_data(max_entries=32, show_spinner=False)
def _scenario_card(key: str, scenario_json: str, _dataset, _settings):
    scenario = Scenario.from_json(scenario_json)
    return build_scorecard(apply_scenario(_dataset, scenario, _settings), _settings)


def _card(scenario: Scenario):
    return _scenario_card(state.data_key(), scenario.to_json(), dataset, settings)


def _domain_table(cards: dict[str, object]) -> pd.DataFrame:
    table = compare_scenarios(baseline, cards)
    return table[table["level"] != "indicator"]


@st.fragment
def lever_panel() -> None:
    """Only this panel reruns when a lever moves."""
    name = st.text_input("Scenario name", value="My scenario", key="scenario-name")
    values = {}
    cols = st.columns(2)
    for i, lever in enumerate(LEVERS):
        with cols[i % 2]:
            values[lever.id] = st.slider(
                f"{lever.label} ({lever.unit})",
                min_value=float(lever.min),
                max_value=float(lever.max),
                value=float(lever.default),
                step=float(lever.step),
                help=lever.help,
                key=f"lever-{lever.id}",
            )
    defaults = {lever.id: lever.default for lever in LEVERS}
    scenario = Scenario(name=name or "My scenario", levers={k: v for k, v in values.items() if v != defaults[k]})
    card = _card(scenario)
    st.subheader("Baseline and this scenario")
    st.info(summarise_change(baseline, card))
    table = compare_scenarios(baseline, {scenario.name: card})
    shown = table[table["level"] != "indicator"][["title", "baseline", scenario.name, f"{scenario.name} change"]]
    st.dataframe(shown.rename(columns={"title": "Domain", "baseline": "Baseline score"}), hide_index=True, width="stretch")
    moved = table[(table["level"] == "indicator") & (table[f"{scenario.name} change"].fillna(0).abs() > 0.05)]
    if len(moved):
        with st.expander(f"{len(moved)} indicators moved"):
            st.dataframe(
                moved[["title", "unit", "baseline value", f"{scenario.name} value", "baseline", scenario.name, f"{scenario.name} change"]],
                hide_index=True,
                width="stretch",
            )
    cols = st.columns(2)
    cols[0].download_button("Save this scenario (JSON)", scenario.to_json(), file_name=f"{scenario.name}.json", mime="application/json")
    if cols[1].button("Keep it for comparison"):
        saved = st.session_state.setdefault(SAVED_KEY, [])
        saved[:] = [s for s in saved if json.loads(s)["name"] != scenario.name][-(MAX_SAVED - 1) :] + [scenario.to_json()]
        st.rerun()


lever_panel()

st.header("Compare saved scenarios")
upload = st.file_uploader("Load scenario files", type=["json"], accept_multiple_files=True, key="scenario-files")
for f in upload or []:
    try:
        text = Scenario.from_json(f.getvalue().decode("utf-8", errors="replace"), source=f.name).to_json()
        saved = st.session_state.setdefault(SAVED_KEY, [])
        if text not in saved:
            saved[:] = (saved + [text])[-MAX_SAVED:]
    except InputError as exc:
        st.error(ui.plain(str(exc)))
saved = [Scenario.from_json(s) for s in st.session_state.get(SAVED_KEY, [])]
if not saved:
    st.caption(f"Keep up to {MAX_SAVED} scenarios to compare them side by side.")
else:
    cards = {s.name: _card(s) for s in saved}
    st.dataframe(
        _domain_table(cards).drop(columns=["level", "id", "domain", "unit"]).rename(columns={"title": "Domain"}),
        hide_index=True,
        width="stretch",
    )
    for s in saved:
        st.markdown(f"**{ui.plain(s.name)}**: {summarise_change(baseline, cards[s.name])}")
    if st.button("Clear the comparison"):
        st.session_state[SAVED_KEY] = []
        st.rerun()
