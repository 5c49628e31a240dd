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
PRIVACY_PANEL = "privacy-panel"
PRIVACY_CHOICES = "privacy_choices"  # kept while the panel is closed (its widgets are then not drawn)
HIDDEN = {"show_names": False, "show_text": False}  # in the app, names and free text are shown only when asked for
SHOW_TEXT_LABEL = "Show meeting subjects, comments and document extracts"

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
        _privacy_and_settings()
        st.toggle(
            "Workshop mode", key="workshop_toggle", on_change=_enter_workshop, help="Large, anonymised, one finding at a time, for a room."
        )


def _privacy_and_settings() -> None:
    """The privacy floor and the opt-ins to names and free text, then this session's choices as
    settings overrides (with the period and team chosen on Home).

    The panel's widgets are drawn only while it is open: the sidebar is drawn on every page run,
    in every browser of a room. What was chosen is kept apart from the widgets, so it stands while
    the panel is closed; until the panel is first opened, names and free text stay hidden.
    """
    with st.expander("Privacy and settings", key=PRIVACY_PANEL, on_change="rerun") as panel:
        if panel.open:
            _privacy_choices()
    st.session_state["settings_overrides"] = {
        **st.session_state.get(PRIVACY_CHOICES, HIDDEN),
        "period": period_view.chosen(),
        **team_choice.chosen(),
    }


def _privacy_choices() -> None:
    current = state.settings()  # the choices kept from before, so an opened panel shows them
    min_group = st.number_input(
        "Minimum group size (people)",
        min_value=MIN_GROUP_FLOOR,
        max_value=50,
        value=current.min_group_size,
        help=SETTING_HELP["min_group_size"],
        key="privacy-min-group",
    )
    show_names = st.toggle("Show display names", value=current.show_names, help=SETTING_HELP["show_names"], key="privacy-names")
    show_text = st.toggle(SHOW_TEXT_LABEL, value=current.show_text, help=SETTING_HELP["show_text"], key="privacy-text")
    st.session_state[PRIVACY_CHOICES] = {"min_group_size": int(min_group), "show_names": show_names, "show_text": show_text}


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
