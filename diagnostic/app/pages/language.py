"""Language: institutional words in policies, letters and templates, each with a relational alternative."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from diagnostic.app import sources_view, state, ui
from diagnostic.app.shell import SHOW_TEXT_LABEL
from diagnostic.language import scan_dataset
from diagnostic.settings import save_settings
from diagnostic.wording import number

EXTRACTS_HIDDEN = (
    "Extracts from the documents are hidden: letters to families can name children. To see where each word appears, "
    f"switch on “{SHOW_TEXT_LABEL}” in Privacy and settings, in the sidebar."
)

st.title("Language")
st.markdown(
    "“No one wants to be a case.” The words in our policies and letters are concrete too, and they are the part of "
    "the infrastructure a leader can change tomorrow. These are prompts for a conversation with children and "
    "families, not banned words: legally required terms should be explained rather than removed, and the child's "
    "own preference wins."
)
dataset, _, _ = state.loaded()
settings = state.settings()


@state.per_data(max_entries=4, show_spinner="Reading the documents…")
def _scan(key: str, _dataset, _settings):
    return scan_dataset(_dataset, _settings)


def _own_terms() -> None:
    """Your own terms: a form to add one and the list so far, drawn only while the panel is open."""
    st.caption("Your list is saved in your own settings file and used in every scan.")
    with st.form("add-term", clear_on_submit=True):
        term = st.text_input("Term to look for")
        suggestion = st.text_input("What to say instead")
        if st.form_submit_button("Add term") and term.strip() and suggestion.strip():
            base = state._user_settings()
            updated = replace(base, language_terms={**base.language_terms, term.strip(): suggestion.strip()})
            save_settings(updated)
            state._user_settings.clear()
            st.rerun()
    current = state.settings().language_terms
    if current:
        st.dataframe(pd.DataFrame({"Term": list(current), "Try instead": list(current.values())}), hide_index=True)


scan = _scan(state.data_key(), dataset, settings)
if sources_view.what_to_load("language") and scan.documents:
    cols = st.columns(3)
    cols[0].metric("Documents read", f"{len(scan.documents):,}")
    cols[1].metric("Words read", f"{scan.words:,}")
    per = 1000 * scan.total_terms / scan.words if scan.words else 0
    cols[2].metric("Institutional terms per 1,000 words", number(per))
    data = scan.to_dict()
    findings = pd.DataFrame(data["findings"])
    if findings.empty:
        st.success("No institutional terms from the list were found.")
    else:
        table = findings.assign(files=findings["files"].map(", ".join))[["term", "suggestion", "count", "files", "source"]]
        st.dataframe(
            table.rename(
                columns={"term": "Term", "suggestion": "Try instead", "count": "Times used", "files": "Documents", "source": "Source"}
            ),
            hide_index=True,
            width="stretch",
        )
        st.subheader("Where the words appear")
        if settings.show_text:
            st.caption("Short extracts only. Addresses, numbers and names after a title are hidden.")
            for i, finding in enumerate(data["findings"][:15]):
                # a label is Markdown, and the user's own terms and suggestions are theirs to write
                label = f"“{ui.plain(finding['term'])}”: {number(finding['count'], 'times')}. Try: {ui.plain(finding['suggestion'])}"
                with st.expander(label, key=f"language-where-{i}", on_change="rerun") as where:
                    if where.open:  # extracts are drawn for the term asked about, not for all fifteen
                        for before, term, after in scan.snippets(finding["term"]):
                            st.markdown(f"> {ui.plain(before)}**{ui.plain(term)}**{ui.plain(after)}")
                        st.caption(finding["note"])
        else:
            st.caption(EXTRACTS_HIDDEN)
    docs = pd.DataFrame(data["documents"]).rename(
        columns={"name": "Document", "words": "Words", "terms": "Terms", "per_1000_words": "Per 1,000 words"}
    )
    st.dataframe(docs, hide_index=True, width="stretch")

with st.expander("Add your own terms", key="language-own-terms", on_change="rerun") as own_terms:
    if own_terms.open:
        _own_terms()

card = state.scorecard()
st.header("Language indicators")
for result in (r for r in card.results if r.indicator.domain == "language"):
    ui.indicator_card(result)
