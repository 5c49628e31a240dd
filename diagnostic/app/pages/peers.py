"""Peers: where we sit among other organisations' benchmark packs, with nobody's data shared."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from diagnostic.app import peers_state, state, ui
from diagnostic.charts.peers import domains_strip, indicator_strip
from diagnostic.indicators.base import DOMAIN_TITLES
from diagnostic.peers.compare import MIN_PEERS
from diagnostic.peers.pack import pack_floor
from diagnostic.wording import number, points

st.title("Peers")
st.markdown(
    "Is our score unusual for an organisation like us? Each organisation keeps its own files and shares only a "
    "**benchmark pack**: its scorecard without names, teams, identifiers or free text, and without any figure resting "
    f"on fewer than {pack_floor(state.settings())} records. Download yours from the Report page. A figure is compared only where at least "
    f"{MIN_PEERS} peers have it with the same definition and similar coverage, so no one peer's figure can be read off."
)
st.file_uploader(
    "Peers' benchmark packs (.json)",
    type=["json"],
    accept_multiple_files=True,
    key=peers_state.PEER_UPLOAD_KEY,
    on_change=peers_state.keep_peer_uploads,
)
kept = st.session_state.get(peers_state.PEER_FILES_KEY) or ()
if kept and not st.session_state.get(peers_state.PEER_UPLOAD_KEY):
    st.caption(f"Comparing with the {len(kept)} files you loaded earlier.")
    if st.button("Forget these packs"):
        st.session_state[peers_state.PEER_FILES_KEY] = ()
        st.rerun()

found, fictional = peers_state.peers()
if found is None:
    st.info("Load peers' benchmark packs above to see where you sit among them.")
    st.stop()
if fictional:
    st.info(
        f"These are {len(found.packs)} fictional peers, generated beside the fictional sample organisation. "
        "Load your own exports and your peers' packs to compare for real."
    )
comparison = peers_state.comparison()
# Lines left out name the pack's file, and labels are the owners' own words: both shown as written.
for line in comparison["left_out"]:
    st.warning(ui.plain(line))
for line in comparison["settings_differ"]:
    st.info(line)
labels = [ui.plain(label) for label in comparison["labels"]]
st.caption(f"Packs named by their owners: {', '.join(labels)}." if labels else "No peer named its pack: every peer is anonymous.")

index = comparison["index"]
cols = st.columns(3)
cols[0].metric("Our compost index", number(index["ours"], "points") if index["ours"] is not None else "Not scored")
if index.get("shown"):
    cols[1].metric("Peers' median", number(index["median"], "points"))
    cols[2].metric("Peers compared", f"{index['peers']:,}")
    st.markdown(f"**{index['position']}**")
else:
    cols[1].metric("Peers compared", f"{index['peers']:,}")
    st.caption(index["reason"])

if points(index["ours"]) != points(state.scorecard().score):
    st.caption(
        "Our figures here are those of our benchmark pack. It leaves out figures resting on too few records and works "
        "the domains and the index out again without them, so they can differ from the Scorecard's."
    )

strip = domains_strip(comparison)
if strip is not None:
    ui.show_chart(strip, "peers-domains")

st.header("Indicators")
present = [d for d in DOMAIN_TITLES if any(i["domain"] == d for i in comparison["indicators"])]
domain = st.selectbox("Domain", present, format_func=DOMAIN_TITLES.get, key="peers-domain")
rows = [i for i in comparison["indicators"] if i["domain"] == domain]
table = pd.DataFrame(
    [
        {
            "Indicator": i["title"],
            "Ours": number(i["ours"], i["unit"]),
            "Peers' median": number(i["median"], i["unit"]) if i["shown"] else "",
            "Middle half of peers": f"{number(i['lower_quartile'], i['unit'])} to {number(i['upper_quartile'], i['unit'])}"
            if i["shown"]
            else "",
            "Peers": i["peers"],
            "Where we sit": " ".join([i["position"], *i["flags"]])
            if i["shown"]
            else f"Not compared: fewer than {MIN_PEERS} peers have it alike.",
        }
        for i in rows
    ]
)
st.dataframe(table, hide_index=True, width="stretch")
shown = [i for i in rows if i["shown"]]
if shown:
    chosen = st.selectbox(
        "Indicator to see among peers", [i["id"] for i in shown], format_func=lambda x: next(i["title"] for i in shown if i["id"] == x)
    )
    ui.show_chart(indicator_strip(next(i for i in shown if i["id"] == chosen)), f"peers-{chosen}")
else:
    st.caption(f"No indicator of this domain is shared by {MIN_PEERS} or more peers alike.")
