"""The column-mapping step in the app (AppTest): it guesses, pre-fills, previews, keeps the form
open with each problem beside its field, and uses a mapping only when it loads."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from diagnostic.app import ui
from tests.fixture_builders.teams_reports import RENAMED, report

pytestmark = pytest.mark.slow  # each test runs Streamlit's script runner
TIMEOUT = 60
NAME = "meetingAttendanceReport (2).csv"
PRICES = b"Item,Price,Quantity\r\nPencils,1.20,40\r\nPaper,4.99,10\r\n"


def _step(name: str, data: bytes) -> None:
    import streamlit as st

    from diagnostic.app import mapping_step, state

    mapping_step.render(name, data, st.session_state.get(state.MAPPINGS_KEY, {}).get(name))


def _run(name: str, data: bytes) -> AppTest:
    at = AppTest.from_function(_step, args=(name, data), default_timeout=TIMEOUT)
    return at.run()


def _box(at: AppTest, key: str):
    return next(box for box in at.selectbox if box.key == key)


def test_a_renamed_teams_report_is_guessed_prefilled_previewed_and_used():
    at = _run(NAME, report(1, RENAMED))
    assert not at.exception
    assert _box(at, f"map-{NAME}-table").value == "attendance"
    assert any("joined and left" in i.value for i in at.info)
    assert any("headings are on row 10" in c.value for c in at.caption)
    chosen = {box.label: box.value for box in at.selectbox if box.key.startswith(f"map-{NAME}-attendance-")}
    assert chosen["Who attended (needed)"] == "Email"
    assert (chosen["When they joined"], chosen["When they left"], chosen["Minutes in the meeting"]) == (
        "First seen",
        "Last seen",
        "Time in call",
    )
    assert chosen["Meeting reference"] == "(not in this file)"  # made up: one meeting per report
    captions = " ".join(c.value for c in at.caption)
    assert "From your file: 50m 0s" in captions and "From your file: an email address" in captions
    assert "ann.lee" not in captions and "Ann Lee" not in captions  # people are described, never shown
    preview = at.dataframe[0].value
    assert len(preview) == 3 and list(preview["Minutes in the meeting"]) == ["50", "50", "50"]
    assert not any("ann.lee" in str(v) for v in preview.to_numpy().ravel())
    use = next(b for b in at.button if b.key == f"map-{NAME}-use")
    assert not use.disabled
    use.click().run()
    from diagnostic.app import state

    mapping = at.session_state[state.MAPPINGS_KEY][NAME]
    assert mapping["table"] == "attendance"
    assert mapping["columns"] == {
        "Email": "person_id",
        "Role": "role",
        "Time in call": "minutes",
        "First seen": "joined_at",
        "Last seen": "left_at",
    }


def test_a_needed_field_left_out_is_shown_beside_it_and_the_form_stays():
    at = _run(NAME, report(1, RENAMED))
    _box(at, f"map-{NAME}-attendance-person_id").select("(not in this file)").run()
    assert not at.exception
    assert [e.value for e in at.error] == [ui.plain("Needed: the file cannot load without it. Choose the column that holds it.")]
    assert next(b for b in at.button if b.key == f"map-{NAME}-use").disabled
    assert _box(at, f"map-{NAME}-table").value == "attendance"  # the form is still there, as it was


def test_a_column_chosen_twice_is_named_beside_the_second_field():
    at = _run(NAME, report(1, RENAMED))
    _box(at, f"map-{NAME}-attendance-left_at").select("First seen").run()
    assert any("“First seen” is already chosen for “When they joined”" in e.value for e in at.error)


def test_values_that_cannot_be_read_are_shown_beside_their_field():
    at = _run(NAME, report(1, RENAMED))
    _box(at, f"map-{NAME}-attendance-joined_at").select("Participant").run()
    errors = [e.value for e in at.error]
    assert any("3 dates could not be read" in e for e in errors), errors


def test_a_file_like_none_of_our_tables_says_so_and_lets_the_user_choose():
    at = _run("prices.csv", PRICES)
    assert any("does not look like any of the tables we know" in w.value for w in at.warning)
    table = _box(at, "map-prices.csv-table")
    assert table.value is None
    assert not [b for b in at.button if b.key == "map-prices.csv-use"]  # nothing to use until a table is chosen
    table.select("feedback").run()
    assert not at.exception
    assert [b for b in at.button if b.key == "map-prices.csv-use"]


def _current_names() -> None:
    import streamlit as st

    from diagnostic.app import state

    st.write(" | ".join(name for name, _ in state.current_files()[1]))


def test_uploads_of_one_name_are_told_apart_by_their_order():
    import secrets

    from diagnostic.app import uploads

    files = tuple(("meetingAttendanceReport.csv", report(i)) for i in range(1, 4))
    token = secrets.token_urlsafe(16)  # the files as the upload store keeps them for this tab
    uploads.store().put(token, uploads.owner_of("", ""), files, uploads.files_key(files))
    at = AppTest.from_function(_current_names, default_timeout=TIMEOUT)
    at.query_params[uploads.TOKEN_PARAM] = token
    at.run()
    assert at.markdown[0].value == "meetingAttendanceReport.csv | meetingAttendanceReport (2).csv | meetingAttendanceReport (3).csv"


def test_a_repeated_header_is_named_before_the_columns_are_chosen():
    at = _run("log.csv", b"Ref,Date received,Date received,Outcome\r\nA1,03/02/2025,04/02/2025,Upheld\r\n")
    assert not at.exception
    assert any("More than one column is headed “Date received”" in w.value for w in at.warning)
    assert _box(at, "map-log.csv-table").value == "feedback"
    assert "Date received.1" in _box(at, "map-log.csv-feedback-received").options


def test_after_a_failed_mapping_the_form_stays_open_with_its_choices_and_the_problem_beside_the_field():
    from diagnostic.app import state

    at = AppTest.from_function(_step, args=(NAME, report(1, RENAMED)), default_timeout=TIMEOUT)
    at.session_state[state.MAPPINGS_KEY] = {
        NAME: {"table": "attendance", "columns": {"Gone": "person_id", "Time in call": "minutes"}, "dayfirst": None}
    }
    at.run()
    assert not at.exception
    assert at.expander[0].proto.expanded and "in use" not in at.expander[0].label
    assert _box(at, f"map-{NAME}-table").value == "attendance"
    assert _box(at, f"map-{NAME}-attendance-minutes").value == "Time in call"  # the mapping's own choices
    assert _box(at, f"map-{NAME}-attendance-joined_at").value == "(not in this file)"  # not re-guessed over them
    assert any(e.value.startswith("Needed") for e in at.error)
