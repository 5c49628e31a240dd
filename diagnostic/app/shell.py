"""The frame around every page: page config, sidebar (load data, privacy choices, workshop mode), navigation."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

import streamlit as st

from diagnostic.app import period_view, state, team_choice, ui, uploads
from diagnostic.settings import MIN_GROUP_FLOOR, SETTING_HELP

PAGES = Path(__file__).resolve().parent / "pages"
PAGE_FAILED = "Something went wrong while drawing this page. Your files are unchanged. Try another page, or load the data again."
log = logging.getLogger("diagnostic.app")
LEAVING_KEY = "leaving_workshop"

# (file, title) in reading order. No icons: Streamlit fetches material-symbol icons from the web.
ANALYSIS_PAGES = [
    ("home.py", "Home"),
    ("scorecard.py", "Scorecard"),
    ("change.py", "Change over time"),
    ("meetings.py", "Meetings"),
    ("email.py", "Email"),
    ("audits.py", "Audits"),
    ("feedback.py", "Feedback"),
    ("network.py", "Network"),
    ("language.py", "Language"),
    ("self_assessment.py", "Self-assessment"),
    ("scenarios.py", "Scenarios"),
    ("peers.py", "Peers"),
    ("report.py", "Report"),
]
WORKSHOP_PAGES = [
    ("workshop.py", "Workshop"),
    ("vote.py", "Room vote"),
]


def run() -> None:
    workshop = state.workshop()
    # no page icon: a material-symbol favicon would be fetched from the web
    st.set_page_config(
        page_title="Relational infrastructure diagnostic", layout="wide", initial_sidebar_state="collapsed" if workshop else "auto"
    )
    ui.inject_css(large=workshop)
    if workshop:
        _workshop_sidebar()
    else:
        _sidebar()
    # Both sets are registered so any address resolves; the other mode's pages are hidden.
    # Home stays the default page in both modes: the default page has no address of its own.
    workshop_pages = [_page(*p, hidden=not workshop) for p in WORKSHOP_PAGES]
    analysis_pages = [_page(*p, hidden=workshop, default=i == 0) for i, p in enumerate(ANALYSIS_PAGES)]
    page = st.navigation(workshop_pages + analysis_pages, position="sidebar")
    on_workshop_page = page.title in {p[1] for p in WORKSHOP_PAGES}
    if workshop and not on_workshop_page:
        st.switch_page(workshop_pages[0])  # no analysis page (uploads, settings) in front of a room
    if not workshop and on_workshop_page:
        if st.session_state.pop(LEAVING_KEY, False):
            st.switch_page(analysis_pages[0])
        _enter_workshop()
        st.rerun()
    ui.ethics_line()
    try:
        page.run()
    except Exception as exc:  # the app never shows a traceback; the log names the code, never the data
        where = traceback.extract_tb(exc.__traceback__)[-1]
        log.error("page %s failed: %s at %s:%s", page.title, type(exc).__name__, Path(where.filename).name, where.lineno)
        st.error(PAGE_FAILED)


def _page(file: str, title: str, hidden: bool, default: bool = False) -> st.Page:
    return st.Page(
        str(PAGES / file),
        title=title,
        url_path=file.removesuffix(".py"),
        visibility="hidden" if hidden else "visible",
        default=default,
    )


def _sidebar() -> None:
    with st.sidebar:
        st.file_uploader(
            "Load your exports",
            accept_multiple_files=True,
            key=uploads.widget_key(),
            help="Calendar and Teams attendance exports, Microsoft 365 reports, message traces, Viva Insights queries, "
            "audit records, feedback and complaints logs, a staff list. Files stay on this computer.",
        )
        uploads.sidebar()
        with st.expander("Privacy and settings"):
            current = state.settings()
            min_group = st.number_input(
                "Minimum group size (people)",
                min_value=MIN_GROUP_FLOOR,
                max_value=50,
                value=current.min_group_size,
                help=SETTING_HELP["min_group_size"],
            )
            show_names = st.toggle("Show display names", value=False, help=SETTING_HELP["show_names"])
            show_text = st.toggle("Show meeting subjects and comments", value=False, help=SETTING_HELP["show_text"])
            st.session_state["settings_overrides"] = {
                "min_group_size": int(min_group),
                "show_names": show_names,
                "show_text": show_text,
                "period": period_view.chosen(),
                **team_choice.chosen(),
            }
        st.toggle(
            "Workshop mode", key="workshop_toggle", on_change=_enter_workshop, help="Large, anonymised, one finding at a time, for a room."
        )


def _enter_workshop() -> None:
    st.session_state[state.WORKSHOP_KEY] = True
    st.query_params["mode"] = "workshop"


def _workshop_sidebar() -> None:
    with st.sidebar:
        st.markdown("**Workshop mode**")
        st.caption("Anonymised and large. Upload and settings are hidden.")
        if st.button("Leave workshop mode"):
            st.session_state[state.WORKSHOP_KEY] = False
            st.session_state[LEAVING_KEY] = True
            st.session_state["workshop_toggle"] = False
            st.query_params.clear()
            st.rerun()
