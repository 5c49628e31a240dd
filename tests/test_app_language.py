"""The Language page: extracts of the documents only when free text is asked for, and only for the
term opened; the panel for your own terms drawn only when opened."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from diagnostic.app.shell import PRIVACY_PANEL, SHOW_TEXT_LABEL
from tests.app_run import TIMEOUT, assert_healthy, open_page, started, started_with

HIDDEN = "Extracts from the documents are hidden"


def _hidden_note(at: AppTest) -> list[str]:
    return [str(c.value) for c in at.caption if str(c.value).startswith(HIDDEN)]


pytestmark = pytest.mark.slow  # the whole app on the sample


def _quotes(at: AppTest) -> list[str]:
    """The extracts drawn: each is a Markdown quote."""
    return [str(m.value) for m in at.markdown if str(m.value).startswith("> ")]


def _rerun(at: AppTest) -> AppTest:
    at.run(timeout=TIMEOUT)
    assert_healthy(at)
    return at


def test_extracts_stay_hidden_until_free_text_is_asked_for():
    at = open_page(started(), "language.py")
    [note] = _hidden_note(at)
    assert f"switch on “{SHOW_TEXT_LABEL}”" in note  # says which switch, by its name on screen
    assert not _quotes(at)
    assert not [e for e in at.expander if e.label.startswith("“")]  # no term to open either
    assert "Term to look for" not in [t.label for t in at.text_input]  # the closed panel draws nothing


def test_with_free_text_on_each_term_shows_its_extracts_once_opened():
    at = started()
    at.session_state[PRIVACY_PANEL] = True
    _rerun(at)
    at.sidebar.toggle(key="privacy-text").set_value(True)
    _rerun(at)
    open_page(at, "language.py")
    terms = [e for e in at.expander if e.label.startswith("“")]
    assert terms and not _hidden_note(at)
    assert not _quotes(at)  # every term closed: nothing drawn
    at.session_state["language-where-0"] = True  # as opening the first term does
    _rerun(at)
    quotes = _quotes(at)
    term = terms[0].label.split("”")[0].removeprefix("“")
    marked = [re.findall(r"\*\*(.+?)\*\*", q) for q in quotes]
    assert quotes and all(marked)  # the term is marked in each extract
    assert all(word.lower() in term.lower() for words in marked for word in words)


def test_your_own_terms_are_drawn_once_the_panel_is_opened():
    at = open_page(started(), "language.py")
    assert "Add your own terms" in [e.label for e in at.expander]
    at.session_state["language-own-terms"] = True
    _rerun(at)
    assert [t.label for t in at.text_input] == ["Term to look for", "What to say instead"]


def test_a_document_s_own_markdown_is_shown_as_written_never_as_an_image_or_link():
    """An image in a policy would be fetched from the internet if its Markdown were read."""
    policy = b"# Family time\n\nOur ![logo](https://example.org/logo.png) case notes and [link](https://example.org) follow **here**.\n"
    at, _ = started_with((("policy.md", policy),))
    at.session_state[PRIVACY_PANEL] = True
    _rerun(at)
    at.sidebar.toggle(key="privacy-text").set_value(True)
    _rerun(at)
    open_page(at, "language.py")
    assert [e.label for e in at.expander if e.label.startswith("“")][0].startswith("“case notes”")
    at.session_state["language-where-0"] = True
    _rerun(at)
    [quote] = _quotes(at)
    assert "![" not in quote.replace("\\!\\[", "") and "](" not in quote.replace("\\]\\(", "")
    assert re.findall(r"(?<!\\)\*\*(.+?)(?<!\\)\*\*", quote) == ["case notes"]  # our mark only; the document's own ** escaped
