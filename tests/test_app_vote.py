"""The room vote page, run in-process with Streamlit's AppTest: one statement at a time, then the room's scores."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from diagnostic.app.sa_view import as_sheet, theme_scores
from diagnostic.app.shell import PAGE_FAILED, PAGES
from diagnostic.ingest import load_file
from diagnostic.self_assessment import STATEMENTS, room_responses

pytestmark = pytest.mark.slow  # the whole app on the sample

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TIMEOUT = 120


@pytest.fixture
def vote() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["mode"] = "workshop"
    at.run()
    at.switch_page(str(PAGES / "vote.py")).run()
    assert not at.exception and PAGE_FAILED not in [e.value for e in at.error]
    return at


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def _tally(at: AppTest) -> str:
    return next(str(m.value) for m in at.markdown if str(m.value).startswith('<div class="vote-tally">'))


def test_one_statement_at_a_time_with_a_row_of_six_counts(vote):
    assert [n.label for n in vote.number_input] == [
        "1 Strongly disagree",
        "2 Disagree",
        "3 Neither",
        "4 Agree",
        "5 Strongly agree",
        "Don't know",
    ]
    assert f"Statement 1 of {len(STATEMENTS)}" in [c.value for c in vote.caption][1]
    assert any(STATEMENTS[0].statement in str(m.value) for m in vote.markdown)
    assert _button(vote, "← Previous").disabled and "0 hands" in _tally(vote)


def test_counts_are_kept_when_the_room_moves_on_and_back(vote):
    vote.number_input[3].set_value(5).run()
    vote.number_input[5].set_value(1).run()
    assert "6 hands" in _tally(vote) and "5 agree" in _tally(vote) and "1 don't know" in _tally(vote)
    assert "1 of 22</strong> statements voted on" in _tally(vote)
    _button(vote, "Next →").click().run()
    assert any(STATEMENTS[1].statement in str(m.value) for m in vote.markdown) and "0 hands" in _tally(vote)
    _button(vote, "← Previous").click().run()
    assert [n.value for n in vote.number_input] == [0, 0, 0, 5, 0, 1]


def test_the_rooms_scores_on_their_own_screen_say_why_a_theme_has_none(vote):
    vote.number_input[3].set_value(5).run()
    _button(vote, "The room's scores").click().run()
    assert not vote.number_input and "The room's scores" in [h.value for h in vote.header]
    scores = vote.table[0].value
    everyone = scores["Everyone (points)"]
    assert everyone["Service design methods"] == "Not scored: 1 of 3 statements answered, and a theme needs 60% (2 of 3)"
    assert (everyone.drop("Service design methods") == "No answers yet").all()
    assert _button(vote, "Next →").disabled


def test_the_saved_votes_load_back_and_score_the_same(settings):
    hands = {s.id: [k % 3, 1, 0, k % 4, 2, k % 2] for k, s in enumerate(STATEMENTS)}
    votes = room_responses(hands)
    loaded = load_file(as_sheet(votes), "self_assessment_room.csv", settings, strict=True)
    assert not loaded.errors
    assert theme_scores(loaded.dataset.responses, settings.min_group_size).equals(theme_scores(votes, settings.min_group_size))
