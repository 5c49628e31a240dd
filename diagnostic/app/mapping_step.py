"""The column-mapping step: a file we do not recognise is never a dead end.

A thin view over :mod:`diagnostic.ingest.guess` (the header row, the table and the columns it
guesses), :mod:`diagnostic.ingest.fields` (what each field is called and means) and
:mod:`diagnostic.ingest.preview` (the rows a mapping gives and its problems). Each file's form is a
fragment: a choice reruns only that form, its preview follows every choice, and the mapping is
used only when it loads. Widget keys come from the file's unique name, so files of one name
(``meetingAttendanceReport.csv`` and ``meetingAttendanceReport (2).csv``) each have their own form.
"""

from __future__ import annotations

import hashlib
import json

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from diagnostic.app import state, ui
from diagnostic.errors import InputError
from diagnostic.ingest import guess
from diagnostic.ingest import vocabulary as vocab
from diagnostic.ingest.fields import TABLE_QUESTIONS, Field, fields, table_names
from diagnostic.ingest.naming import base_name
from diagnostic.ingest.preview import Preview, as_mapping, choice_problems, preview
from diagnostic.ingest.templates import TEMPLATE_HELP, template_csv

SKIP = "(not in this file)"
DATE_ORDERS = {None: "Work it out from the dates", True: "Day first, as 14/01/2025", False: "Month first, as 01/14/2025"}


def render(name: str, data: bytes, applied: dict | None = None, shown: str | None = None, loaded: bool = False) -> bool:
    """The form for one file (``shown``: its name as shown; ``applied``: the mapping in use, if
    any; ``loaded``: whether the file loaded). It is folded away only once a mapping has loaded the
    file: after a failed mapping it stays open, the mapping's choices in place, its problems beside
    their fields.

    Nothing, and False, when the file holds no table: its own message in the list of problems
    already says what to do.
    """
    try:
        found = _sample(name, _digest(data), data)
    except InputError:
        return False
    in_use = applied is not None and loaded
    title = f"Match the columns of {ui.plain(shown or name)}" + (" (your mapping is in use)" if in_use else "")
    with st.expander(title, expanded=not in_use):
        _form(name, data, found, applied)
    return True


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


@st.cache_resource(scope="session", max_entries=32, show_spinner=False)
def _sample(name: str, digest: str, _data: bytes) -> guess.Sample:
    return guess.sample(name, _data)


@st.fragment
def _form(name: str, data: bytes, found: guess.Sample, applied: dict | None) -> None:
    tables = table_names()
    guessed = guess.guess_table(found)
    start = applied["table"] if applied else guessed.table
    if found.header_row > 1:
        st.caption(f"The column headings are on row {found.header_row}; the rows above them were left out.")
    for header in vocab.duplicate_headers(found.headers):
        st.warning(
            ui.plain(
                f"More than one column is headed “{header}”: the second is offered as “{header}.1”. Choose the one that holds what you need."
            )
        )
    (st.info if guessed.table else st.warning)(guessed.why)
    table = st.selectbox(
        "What does each row describe?",
        tables,
        index=tables.index(start) if start in tables else None,
        format_func=TABLE_QUESTIONS.__getitem__,
        placeholder="Choose what each row describes",
        key=f"map-{name}-table",
    )
    if table is None:
        return
    defaults = {f: h for h, f in applied["columns"].items()} if applied and applied["table"] == table else guess.prefill(table, found)
    st.markdown("**Which column holds each of these?** Fields marked *needed* must be chosen; we have filled in what we could.")
    shown = guess.examples(found)
    rows = {f.name: _field_choice(name, table, f, found.headers, shown, defaults.get(f.name)) for f in fields(table)}
    chosen = {field: picked for field, (picked, _) in rows.items()}
    order = st.selectbox(
        "How are dates written in this file?",
        list(DATE_ORDERS),
        index=list(DATE_ORDERS).index(applied.get("dayfirst") if applied else None),
        format_func=DATE_ORDERS.__getitem__,
        key=f"map-{name}-dayfirst",
    )
    picked = {f: (None if h == SKIP else h) for f, h in chosen.items()}
    mapping = as_mapping(table, picked, order)
    problems = choice_problems(table, picked)
    result = None if problems else _preview(name, data, mapping)
    _show_problems({field: slot for field, (_, slot) in rows.items()}, problems, result)
    if result is not None:
        _show_preview(result)
    _actions(name, mapping, result)


def _field_choice(
    name: str, table: str, field: Field, headers: tuple[str, ...], shown: dict[str, str], default: str | None
) -> tuple[str, DeltaGenerator]:
    """One field: its label (marked when needed), its help, and beside it a value from the chosen
    column (``shown``; the returned place, where a problem with the field replaces the value)."""
    options = [SKIP, *headers]
    left, right = st.columns([3, 2], vertical_alignment="center")
    needed = field.required and not field.made_up
    picked = left.selectbox(
        field.label + (" (needed)" if needed else ""),
        options,
        index=options.index(default) if default in options else 0,
        key=f"map-{name}-{table}-{field.name}",
    )
    left.caption(field.help)
    slot = right.empty()
    if picked != SKIP:
        slot.caption(f"From your file: {ui.plain(shown[picked])}")
    elif field.made_up:
        slot.caption(field.made_up)
    return picked, slot


@st.cache_resource(scope="session", max_entries=32, show_spinner="Reading the file with these columns…")
def _cached_preview(name: str, digest: str, mapping_key: str, s_key: str, _data: bytes, _mapping: dict, _settings) -> Preview:
    return preview(name, _data, _mapping, _settings)


def _preview(name: str, data: bytes, mapping: dict) -> Preview:
    s = state.settings()
    return _cached_preview(name, _digest(data), json.dumps(mapping, sort_keys=True), state.settings_key(s), data, mapping, s)


def _show_problems(slots: dict[str, DeltaGenerator], problems: dict[str, str], result: Preview | None) -> None:
    """Each problem beside the field it is about; the others under the form (all of them when the
    file would not load, otherwise folded away)."""
    by_field = dict(problems)
    if result is not None:
        by_field.update({f: " ".join(texts) for f, texts in result.by_field.items()})
    for field, text in by_field.items():
        slots[field].error(ui.plain(text))
    if result is not None and result.general:
        if not result.loads:
            for text in result.general:
                st.error(ui.plain(text))
        else:
            with st.expander(f"What we noticed ({len(result.general)})"):
                st.markdown("\n".join(f"- {ui.plain(t)}" for t in result.general))


def _show_preview(result: Preview) -> None:
    if not result.loads:
        return
    st.markdown(f"**The first rows as they will load** ({result.total:,} rows in all; people are shown as codes)")
    st.dataframe(result.rows, hide_index=True, width="stretch")
    if result.also.get("meetings"):
        st.caption(
            f"It also gives {vocab.counted(result.also['meetings'], 'meeting')}, running from the earliest join to the latest leave, "
            "with everyone listed counted as invited."
        )


def _actions(name: str, mapping: dict, result: Preview | None) -> None:
    """Use the mapping, and offer it as a file for the command line, only when it loads."""
    left, right = st.columns(2)
    unusable = result is None or not result.loads
    if left.button("Use this mapping", type="primary", key=f"map-{name}-use", disabled=unusable):
        st.session_state.setdefault(state.MAPPINGS_KEY, {})[name] = mapping
        st.rerun()
    right.download_button(
        "Download this mapping for the command line",
        json.dumps({base_name(name): mapping}, indent=2, ensure_ascii=False),
        file_name="mapping.json",
        mime="application/json",
        key=f"map-{name}-save",
        disabled=unusable,
    )


def templates() -> None:
    """One documented CSV per canonical table."""
    for table in table_names():
        st.download_button(
            f"Template: {table}", template_csv(table), file_name=f"template_{table}.csv", mime="text/csv", key=f"tpl-{table}"
        )
        st.caption(TEMPLATE_HELP.get(table, ""))
