"""The column-mapping step: a file we do not recognise is never a dead end."""

from __future__ import annotations

import json

import streamlit as st

from diagnostic.app import state, ui
from diagnostic.ingest.mapping import suggest_mapping
from diagnostic.ingest.rawfile import RawFile
from diagnostic.ingest.templates import TEMPLATE_HELP, template_csv
from diagnostic.schema import SPEC

MAPPABLE = ("feedback", "audits", "people", "meetings", "attendance", "messages", "volumes", "ties")
SKIP = "(not in this file)"


def render(name: str, data: bytes) -> None:
    """Choose a canonical table, then which of the file's columns feeds each canonical column."""
    try:
        headers = list(RawFile(name=name, data=data).table().columns)
    except Exception:  # the file cannot be read as a table at all: say so plainly
        st.error(f"{ui.plain(name)}: this file cannot be read as a table, so its columns cannot be mapped.")
        return
    with st.expander(f"Map the columns of {ui.plain(name)}", expanded=True):
        table = st.selectbox("What does each row describe?", MAPPABLE, key=f"map-table-{name}")
        guess = suggest_mapping(headers, table)
        chosen: dict[str, str] = {}
        options = [SKIP, *headers]
        for column in SPEC[table].template_columns():  # what loaders derive themselves (a match key, the source) is not offered
            default = guess.get(column)
            picked = st.selectbox(
                column, options, index=options.index(default) if default in options else 0, key=f"map-{name}-{table}-{column}"
            )
            if picked != SKIP:
                chosen[picked] = column
        mapping = {"table": table, "columns": chosen, "dayfirst": True}
        cols = st.columns(2)
        if cols[0].button("Use this mapping", key=f"map-use-{name}"):
            st.session_state.setdefault(state.MAPPINGS_KEY, {})[name] = mapping
            st.rerun()
        cols[1].download_button(
            "Save mapping for the command line", json.dumps({name: mapping}, indent=2), file_name="mapping.json", key=f"map-save-{name}"
        )


def templates() -> None:
    """One documented CSV per canonical table."""
    for table in MAPPABLE:
        st.download_button(
            f"Template: {table}", template_csv(table), file_name=f"template_{table}.csv", mime="text/csv", key=f"tpl-{table}"
        )
        st.caption(TEMPLATE_HELP.get(table, ""))
