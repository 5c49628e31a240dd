"""Text from the user's files, settings and peers' packs is shown as written on every page.

Streamlit reads Markdown in texts and in widget and expander labels, and an image there is fetched
by the browser: a team called ``![x](https://example.org/x.png)`` would send a request to the
internet from a tool that promises nothing is sent anywhere. Every page is opened on the sample
with such names in the roster, the partner agencies, the file names (and a zip's), a policy, the
user's own terms, scenario names and peers' packs, with names and free text switched on.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import replace

import pytest
import streamlit
from hypothesis import given, strategies
from streamlit.testing.v1 import AppTest

from diagnostic.app import ui
from diagnostic.app.peers_state import PEER_FILES_KEY
from diagnostic.app.shell import ANALYSIS_PAGES, PRIVACY_PANEL
from diagnostic.scenarios import Scenario
from diagnostic.settings import Settings, save_settings
from tests.app_run import TIMEOUT, assert_healthy, open_page, started_with
from tests.conftest import SAMPLE_SALT, SAMPLES
from tests.hostile import BOLD, FILE_WORDS, FORMULA, HOSTILE, IMAGE, LINK, TAG, hostile_roster

ESCAPED_PAIR = re.compile(r"\\.", re.S)
# An image or a link in Markdown, raw HTML's image, or bold read as bold.
MARKDOWN_HARM = re.compile(r"!\[|\]\(|<img|\*\*bold\*\*", re.I)
BLANK_LINE = re.compile(r"\n[ \t]*\n")
# The proto fields Streamlit reads as Markdown: bodies, labels (expanders, tabs, widgets, metrics, status) and help.
MARKDOWN_FIELDS = {"body", "label", "help", "text"}


def hostile_zip() -> bytes:
    """A zip whose member names carry Markdown, one with a blank line in it (which would end an HTML block)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{FILE_WORDS} inner.csv", "Colour,Shape\nred,square\nblue,circle\n")
        archive.writestr("a\n\n![n](https:example.org n.png).csv", "Colour,Shape\nred,square\n")
    return buffer.getvalue()


def hostile_files() -> tuple[tuple[str, bytes], ...]:
    """The sample (its roster renamed), an unrecognised file and a zip with hostile names, and a policy written in Markdown."""
    sample = tuple((p.name, p.read_bytes()) for p in sorted(SAMPLES.iterdir()) if p.is_file() and p.suffix != ".md")
    policy = f"# Family time\n\nThe hub {IMAGE} keeps case notes, {LINK} {TAG} {BOLD}.\n".encode()
    return (
        *((name, data) for name, data in sample if name != "roster.xlsx"),
        (f"{FILE_WORDS} roster.xlsx", hostile_roster()),
        (f"{FILE_WORDS} notes.csv", b"Colour,Shape\nred,square\nblue,circle\n"),
        ("archive.zip", hostile_zip()),
        ("family_time_policy.md", policy),
    )


def hostile_settings(path) -> None:
    """Partner agencies named by the user, and an own term whose suggestion is Markdown."""
    base = Settings(salt=SAMPLE_SALT)
    agencies = {"nhs.example": IMAGE, "police.example": FORMULA, "voluntary.example": TAG, "school.example": LINK}
    _use_settings(replace(base, partner_domains={**base.partner_domains, **agencies}, language_terms={"hub": IMAGE}), path)


def _use_settings(settings: Settings, path) -> None:
    save_settings(settings, path)
    streamlit.cache_resource.clear()  # the settings file is read once and kept: read this one


def hostile_packs() -> tuple[tuple[str, bytes], ...]:
    """Five of the fictional peers, each with a label, and a pack whose file name and label are Markdown."""
    packs = []
    for i, path in enumerate(sorted((SAMPLES / "peers").glob("*.json"))[:5]):
        pack = json.loads(path.read_text(encoding="utf-8"))
        packs.append((path.name, json.dumps(pack | {"label": f"Council ({i}) - east."}).encode()))
    first = json.loads(packs[0][1])
    packs.append((f"{FILE_WORDS} pack.json", json.dumps(first | {"label": IMAGE}).encode()))
    return tuple(packs)


def _strings(message, names: set[str]) -> Iterator[str]:
    """Every string in a proto message's fields named in ``names``, however deep."""
    for field, value in message.ListFields():
        values = value if isinstance(value, Sequence) and not isinstance(value, str) else [value]  # a repeated field, or one value
        for v in values:
            if isinstance(v, str) and field.name in names:
                yield v
            elif hasattr(v, "ListFields"):
                yield from _strings(v, names)


def _nodes(node) -> Iterator:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def harm(at: AppTest) -> list[str]:
    """Every text on the page where a hostile string would be read as Markdown or HTML."""
    found = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "ListFields"):
            continue
        kind = type(proto).__name__
        if kind == "Html" or (kind == "Markdown" and proto.allow_html):
            # our own HTML: no raw image, and no blank line after which the rest is read as Markdown
            if "<img" in proto.body or BLANK_LINE.search(proto.body.split("</style>")[-1]):
                found.append(proto.body)
            continue
        names = MARKDOWN_FIELDS | ({"options"} if kind == "Radio" else set())
        found += [text for text in _strings(proto, names) if MARKDOWN_HARM.search(ESCAPED_PAIR.sub("", text))]
    return found


def _rerun(at: AppTest) -> AppTest:
    at.run(timeout=TIMEOUT)
    assert_healthy(at)
    return at


@pytest.mark.slow  # the whole app on the sample, every page
def test_no_page_reads_text_from_files_settings_or_packs_as_markdown_or_html(_private_settings):
    hostile_settings(_private_settings)
    at, _ = started_with(hostile_files())
    at.session_state[PEER_FILES_KEY] = hostile_packs()
    at.session_state[PRIVACY_PANEL] = True
    _rerun(at)
    at.sidebar.toggle(key="privacy-names").set_value(True)
    at.sidebar.toggle(key="privacy-text").set_value(True)
    _rerun(at)
    at.session_state["scenario-name"] = IMAGE
    at.session_state["saved_scenarios"] = [Scenario(LINK, {}).to_json(), Scenario(TAG, {}).to_json()]
    for i in range(15):  # the Language page's terms, each opened
        at.session_state[f"language-where-{i}"] = True
    for page, _ in ANALYSIS_PAGES:
        assert not harm(open_page(at, page)), (page, harm(at))

    # the network's maps at both levels with their descriptions opened, then the grid of ties between teams
    for level in ("team", "organisation"):
        at.session_state["net-level"] = level
        at.session_state[f"network-{level}-more"] = True
        assert not harm(open_page(at, "network.py")), (level, harm(at))
        said = "\n".join(str(m.value) for m in [*at.markdown, *at.caption])
        assert any(ui.plain(text) in said for text in HOSTILE)  # the names were there to be shown
    at.session_state["net-team-view"] = "Ties between teams"  # the second tab (importing the page would run it)
    at.session_state["network-matrix-more"] = True
    assert not harm(open_page(at, "network.py")), harm(at)
    assert any("table of tie weight between teams" in str(m.value) for m in at.markdown)  # the grid's description was drawn


@pytest.mark.slow  # the whole app on the sample
def test_the_settings_named_on_the_scorecard_are_shown_as_written(_private_settings):
    _use_settings(Settings(salt=SAMPLE_SALT, team_attribute=IMAGE), _private_settings)
    # no staff list: with one, Home offers its columns as the team and the choice there replaces the file's
    at, _ = started_with((("message_trace.csv", (SAMPLES / "message_trace.csv").read_bytes()),))
    open_page(at, "scorecard.py")
    assert any(ui.plain(IMAGE) in str(c.value) for c in at.caption)
    assert not harm(at), harm(at)


SPECIAL = set(r"\`*_{}[]<>()#+-.!|~$:")


@given(strategies.text())
def test_plain_leaves_no_markdown_character_unescaped(text):
    escaped = ui.plain(text)
    unescaped = ESCAPED_PAIR.sub("", escaped)
    assert not SPECIAL & set(unescaped)
    assert re.sub(r"\\(.)", r"\1", escaped, flags=re.S) == text  # and nothing is lost


@given(strategies.text())
def test_html_text_is_one_line_with_no_tag(text):
    escaped = ui.html_text(text)
    assert not set("<>\"'\r\n") & set(escaped)
