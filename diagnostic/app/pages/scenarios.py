"""Scenarios: pull levers and see the scorecard move, baseline and scenarios side by side."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from diagnostic.app import state, ui
from diagnostic.errors import InputError
from diagnostic.scenarios import LEVERS, Scenario, apply_scenario, compare_scenarios, indicators_scored, scenario_label, summarise_change
from diagnostic.scorecard import build_scorecard
from diagnostic.wording import NO_CHANGE, change_in_points, number, points

SAVED_KEY = "saved_scenarios"
MAX_SAVED = 3
DOMAIN_CAPTION = "The compost index and each domain, in points out of 100"

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


def _domain_table(table: pd.DataFrame, names) -> pd.DataFrame:
    """The compost index and each domain of a :func:`compare_scenarios` table, baseline beside each scenario, as points.

    Each row says how many of its indicators the baseline could score, so a score resting on few is seen as such.
    """
    table = table[table["level"] != "indicator"]
    shown = pd.DataFrame(
        {
            "Domain": table["title"],
            "Indicators scored": [indicators_scored(baseline, row_id) for row_id in table["id"]],
            "Baseline (points)": table["baseline"].map(points),
        }
    )
    for name in map(scenario_label, names):
        shown[f"{name} (points)"] = table[name].map(points)
        shown[f"{name}: change"] = table[f"{name} change"].map(change_in_points)
    return shown


def _moved_indicators(table: pd.DataFrame, name: str) -> pd.DataFrame:
    """Indicators a scenario moves: each value with its unit, then its score before and after."""
    name = scenario_label(name)
    moved = table[(table["level"] == "indicator") & (table[f"{name} change"].fillna(0).abs() >= NO_CHANGE)]
    return pd.DataFrame(
        {
            "Indicator": moved["title"],
            "Baseline value": [number(v, u) for v, u in zip(moved["baseline value"], moved["unit"])],
            f"{name} value": [number(v, u) for v, u in zip(moved[f"{name} value"], moved["unit"])],
            "Baseline (points)": moved["baseline"].map(points),
            f"{name} (points)": moved[name].map(points),
            "Change": moved[f"{name} change"].map(change_in_points),
        }
    )


def _slider_format(unit: str) -> str:
    """How a lever's value is written on its slider: "30%", "26 people", "10 working days"."""
    return "%d%%" if unit == "%" else f"%d {unit}"


@st.fragment
def lever_panel() -> None:
    """Only this panel reruns when a lever moves."""
    name = st.text_input("Scenario name", value="My scenario", key="scenario-name")
    values = {}
    cols = st.columns(2)
    for i, lever in enumerate(LEVERS):
        with cols[i % 2]:
            values[lever.id] = st.slider(
                lever.label,
                min_value=int(lever.min),
                max_value=int(lever.max),
                value=int(lever.default),
                step=int(lever.step),
                format=_slider_format(lever.unit),
                help=lever.help,
                key=f"lever-{lever.id}",
            )
    defaults = {lever.id: lever.default for lever in LEVERS}
    scenario = Scenario(name=name or "My scenario", levers={k: v for k, v in values.items() if v != defaults[k]})
    card = _card(scenario)
    st.subheader("Baseline and this scenario")
    st.info(summarise_change(baseline, card))
    table = compare_scenarios(baseline, {scenario.name: card})
    # a plain table: eight rows redrawn at every step of a lever cost a data grid's drawing each time
    ui.show_html(ui.table_html(_domain_table(table, [scenario.name]), DOMAIN_CAPTION))
    moved = _moved_indicators(table, scenario.name)
    if len(moved):
        # drawn only when opened: a folded table would otherwise be drawn again at every step of a lever
        with st.expander(f"{len(moved)} indicators moved", key="scenario-moved", on_change="rerun") as more:
            if more.open:
                st.dataframe(moved, hide_index=True, width="stretch")
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
    ui.show_html(ui.table_html(_domain_table(compare_scenarios(baseline, cards), cards), DOMAIN_CAPTION))
    for s in saved:
        st.markdown(f"**{ui.plain(s.name)}**: {summarise_change(baseline, cards[s.name])}")
    if st.button("Clear the comparison"):
        st.session_state[SAVED_KEY] = []
        st.rerun()
