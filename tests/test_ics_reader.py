"""The line-by-line calendar reader gives the same tables as the former icalendar reader
(tests/ics_reference.py), on every calendar fixture, the sample calendar and generated calendars."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from ics_compare import assert_same, both

from diagnostic.ingest import load_file
from diagnostic.ingest.formats.ics_lines import plain_folds, read_events, unfold, unfold_plain
from diagnostic.ingest.formats.ics_scan import scan, scan_lines
from diagnostic.ingest.formats.ics_zones import iana_tzids as _iana_tzids
from diagnostic.ingest.rawfile import RawFile
from diagnostic.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted((ROOT / "tests" / "fixtures").rglob("*.ics"))
SALT = Settings(salt="ics-reader")


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_calendar_fixture_reads_as_before(path):
    assert_same(*both(path.read_bytes(), path.name, SALT))


@pytest.mark.slow
def test_the_sample_calendar_reads_as_before():
    path = ROOT / "data" / "samples" / "calendar_northbridge.ics"
    new, reference = both(path.read_bytes(), path.name, SALT)
    assert_same(new, reference)
    assert len(new.dataset.meetings) == 2248


@pytest.mark.slow
def test_a_larger_organisations_calendar_reads_as_before(tmp_path):
    """The sample writer at 600 people and 4 weeks (the 13 MB calendar at 3,000 people was checked the same way)."""
    from diagnostic.samples import write_sample

    write_sample(tmp_path, people=600, weeks=4, seed=11)
    path = tmp_path / "calendar_northbridge.ics"
    assert_same(*both(path.read_bytes(), path.name, SALT))


def test_continuation_lines_quoted_parameters_and_escapes_are_read():
    """Checked against values written out by hand, not only against the reference reader."""
    data = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u1\r\nSUMMARY:Core group\\, strategy\\; review\r\n"
        b'DTSTART;TZID=W. Europe Standard Time:20250114T100000\r\nDTEND;TZID="W. Europe Standard Time":2025011\r\n 4T110000\r\n'
        b'ORGANIZER;CN="Kelly: Team; North":mailto:a@x.gov.uk\r\n'
        b"ATTENDEE;CN=B;ROLE=OPT-PARTICIPANT;PARTSTAT=DECLINED:mailto:b@x.gov.uk\r\n"
        b"ATTENDEE;CUTYPE=ROOM;CN=Room 1:mailto:room@x.gov.uk\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = load_file(data, "c.ics", SALT, strict=True)
    meeting = result.dataset.meetings.iloc[0]
    assert meeting["start"].tz_convert("UTC") == dt.datetime(2025, 1, 14, 9, tzinfo=dt.UTC)
    assert meeting["end"] - meeting["start"] == dt.timedelta(hours=1)
    assert meeting["invitees"] == 2
    attendance = result.dataset.attendance.set_index("role")["attended"]
    assert sorted(attendance.index) == ["optional", "organiser"]
    assert attendance["optional"] == False  # noqa: E712 - declined
    assert attendance.isna()["organiser"]


def test_a_property_outside_any_calendar_is_refused_without_naming_an_exception():
    result = load_file(b"SUMMARY:x\r\nBEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "bad.ics", SALT)
    assert result.errors == ["bad.ics: this calendar file cannot be read. Export the calendar again as an .ics file."]


def test_a_megabyte_of_line_ends_and_folds_does_not_hang():
    data = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20250101T090000Z\r\nSUMMARY:x"
        + b"\r\n\r\n " * 300_000
        + b"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    new, reference = both(data, "folds.ics", SALT)
    assert_same(new, reference)


# ---- generated calendars ---------------------------------------------------------------------

ZONES = [
    "",
    ";TZID=GMT Standard Time",
    ';TZID="W. Europe Standard Time"',
    ";TZID=Europe/London",
    ";TZID=America/New_York",
    ";TZID=Nowhere Time",
]
TEXT = st.lists(st.sampled_from(list("ab ,;:\\\"'é–\t^") + ["\\n", "\\,", "\\;", "\\\\"]), max_size=12).map("".join)
WHEN = st.builds(dt.datetime, st.just(2025), st.integers(1, 12), st.integers(1, 28), st.integers(0, 23), st.sampled_from([0, 30]))


def stamp(moment: dt.datetime, all_day: bool, utc: bool) -> str:
    return moment.strftime("%Y%m%d") if all_day else moment.strftime("%Y%m%dT%H%M%S") + ("Z" if utc else "")


@st.composite
def event(draw, uid: str, sequence: int) -> str:
    start = draw(WHEN)
    all_day = draw(st.booleans()) and draw(st.booleans())
    utc = not all_day and draw(st.booleans())
    zone = "" if all_day or utc else draw(st.sampled_from(ZONES))
    value = ";VALUE=DATE" if all_day else ""
    lines = [f"UID:{uid}", f"SEQUENCE:{sequence}", f"SUMMARY:{draw(TEXT)}", f"DTSTART{zone}{value}:{stamp(start, all_day, utc)}"]
    length = draw(st.sampled_from([dt.timedelta(0), dt.timedelta(minutes=45), dt.timedelta(days=1), -dt.timedelta(hours=1)]))
    if draw(st.booleans()):
        lines.append(f"DTEND{zone}{value}:{stamp(start + length, all_day, utc)}")
    elif draw(st.booleans()):
        lines.append("DURATION:PT45M")
    if draw(st.booleans()):
        rule = draw(
            st.sampled_from(
                [
                    "FREQ=WEEKLY;COUNT=5",
                    "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
                    "FREQ=WEEKLY;BYDAY=TU",
                    "FREQ=DAILY;INTERVAL=2;COUNT=4",
                    "FREQ=WEEKLY;UNTIL=20250601T000000Z",
                    "FREQ=MONTHLY;BYDAY=M",
                    "FREQ=HOURLY",
                ]
            )
        )
        lines.append(f"RRULE:{rule}")
        for _ in range(draw(st.integers(0, 2))):
            excluded = start + dt.timedelta(days=7 * draw(st.integers(1, 4)))
            lines.append(f"EXDATE{zone}{value}:{stamp(excluded, all_day, utc)}")
    lines.append(f'ORGANIZER;CN="{draw(TEXT).replace(chr(34), "")}":mailto:o{draw(st.integers(0, 3))}@x.gov.uk')
    for i in range(draw(st.integers(0, 3))):
        role = draw(
            st.sampled_from(["", ";ROLE=OPT-PARTICIPANT", ";ROLE=NON-PARTICIPANT", ";CUTYPE=ROOM", ";PARTSTAT=DECLINED", ";role=chair"])
        )
        lines.append(f"ATTENDEE;CN=P{i}{role}:mailto:p{draw(st.integers(0, 5))}@x.gov.uk")
    if draw(st.booleans()):
        lines.append("STATUS:CANCELLED" if draw(st.booleans()) else "STATUS:CONFIRMED")
    return lines, start, zone, all_day, utc


@st.composite
def calendar(draw) -> bytes:
    body = []
    for n in range(draw(st.integers(1, 4))):
        uid = f"uid-{n}"
        lines, start, zone, all_day, utc = draw(event(uid, 0))
        body.append(lines)
        if any(line.startswith("RRULE") for line in lines) and draw(st.booleans()):
            moved = start + dt.timedelta(days=7)
            override = [f"UID:{uid}", "SEQUENCE:1", f"RECURRENCE-ID{zone}:{stamp(moved, all_day, utc)}"]
            override.append(f"DTSTART{zone}:{stamp(moved + dt.timedelta(hours=draw(st.sampled_from([0, 2, -30]))), all_day, utc)}")
            override += ["STATUS:CANCELLED"] if draw(st.booleans()) else ["SUMMARY:moved", "ATTENDEE:mailto:p9@x.gov.uk"]
            body.append(override)
    body = draw(st.permutations(body))
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        + "".join("BEGIN:VEVENT\r\n" + "\r\n".join(e) + "\r\nEND:VEVENT\r\n" for e in body)
        + "END:VCALENDAR\r\n"
    )
    width = draw(st.sampled_from([0, 20, 74]))
    if width:  # fold long lines, as Outlook does
        text = "\r\n".join(
            "\r\n ".join(line[i : i + width] for i in range(0, len(line), width)) if len(line) > width else line
            for line in text.split("\r\n")
        )
    if draw(st.booleans()):
        text = text.replace("\r\n", "\n")
    return text.encode()


@pytest.mark.slow
@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calendar())
def test_generated_calendars_read_as_before(data):
    assert_same(*both(data, "generated.ics", SALT, strict=False))


@pytest.mark.slow
@hsettings(max_examples=150, deadline=None)
@given(
    st.binary(max_size=400),
    st.sampled_from([b"", b"BEGIN:VCALENDAR\r\n", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20250101T090000Z\r\n"]),
)
def test_odd_bytes_read_as_before(noise, head):
    data = head + noise + b"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    assert_same(*both(data, "odd.ics", SALT, strict=False))


@pytest.mark.slow
@hsettings(max_examples=100, deadline=None)
@given(calendar())
def test_the_whole_text_scan_finds_what_the_line_by_line_reader_finds(data):
    """Plain calendars are scanned in one pass; any other is read line by line: the two agree."""
    text = unfold(RawFile(name="x.ics", data=data).text)
    scanned = scan(text, "x.ics")
    if scanned is not None:
        by_line = read_events(text, "x.ics")
        assert [e.props for e in scanned[0]] == [e.props for e in by_line[0]]
        assert [e.text.splitlines() for e in scanned[0]] == [[line for line in e.text.splitlines() if line] for e in by_line[0]]
        assert scanned[1] == by_line[1]


EDGE = st.sampled_from(
    ["BEGIN:VCALENDAR", "END:VCALENDAR", "BEGIN:VEVENT", "END:VEVENT", "BEGIN:VALARM", "END:VALARM", "BEGIN:vevent", "END:VTODO"]
)


@pytest.mark.slow
@hsettings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(EDGE, st.integers(0, 3)), max_size=16))
def test_components_nested_unclosed_or_unbalanced_read_as_before(parts):
    """However the BEGIN and END lines nest (events inside a component, a component inside an
    event, a component never closed, an END with nothing begun, several calendars in one file),
    the whole-text scan keeps and drops the events the former reader kept and dropped."""
    lines = [
        f"ATTENDEE:mailto:p{part}@x.gov.uk"
        if isinstance(part, int)
        else f"{part}\r\nUID:e{i}\r\nDTSTART:2025010{i % 9 + 1}T090000Z"
        if part.upper() == "BEGIN:VEVENT"
        else part
        for i, part in enumerate(parts)
    ]
    data = ("BEGIN:VCALENDAR\r\n" + "".join(f"{line}\r\n" for line in lines)).encode()
    new, reference = both(data, "nested.ics", SALT, strict=False)
    assert_same(new, reference)
    if new.errors:  # a file refused whole (checked above) is refused by the line-by-line reader too
        return
    text = unfold(RawFile(name="x.ics", data=data).text)
    scanned = scan(text, "x.ics")
    if scanned is not None:
        by_line = read_events(text, "x.ics")
        assert [e.props for e in scanned[0]] == [e.props for e in by_line[0]]
        assert scanned[1] == by_line[1]


def test_a_winter_series_with_a_moved_date_is_expanded_without_recurring_ical_events():
    """In winter a moved date's UTC and UK wall-clock times are the same: one claim, not two, so the
    series stays on the fast path, and reads as the former reader read it."""
    from unittest import mock

    from diagnostic.ingest.formats import ics_recur

    zone = "DTSTART;TZID=GMT Standard Time:"
    data = (
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:s1\r\nSUMMARY:Team meeting\r\n"
        f"{zone}20250106T093000\r\nDTEND;TZID=GMT Standard Time:20250106T103000\r\n"
        "RRULE:FREQ=WEEKLY;UNTIL=20250127T093000Z;BYDAY=MO\r\nORGANIZER;CN=A:mailto:a@x.gov.uk\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:s1\r\nSUMMARY:Team meeting\r\nRECURRENCE-ID;TZID=GMT Standard Time:20250113T093000\r\n"
        f"{zone}20250114T140000\r\nDTEND;TZID=GMT Standard Time:20250114T150000\r\nORGANIZER;CN=A:mailto:a@x.gov.uk\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    with mock.patch.object(ics_recur, "_by_library", side_effect=AssertionError) as library:
        new, reference = both(data, "winter.ics", SALT)
    assert not library.called
    assert_same(new, reference)
    starts = new.dataset.meetings["start"].dt.tz_convert("UTC").dt.strftime("%d %H:%M").tolist()
    assert sorted(starts) == ["06 09:30", "14 14:00", "20 09:30", "27 09:30"]


def test_standalone_events_are_read_a_column_at_a_time_and_every_other_event_whole():
    """Only an event with no series, no other version, no DURATION and a readable start is read a
    property at a time; its values are checked against values written out by hand."""
    import pandas as pd

    from diagnostic.ingest.formats.ics_columns import split
    from diagnostic.ingest.formats.ics_lines import Decoder

    def vevent(*lines: str) -> str:
        return "BEGIN:VEVENT\r\n" + "".join(f"{line}\r\n" for line in lines) + "END:VEVENT\r\n"

    zoned = "DTSTART;TZID=Europe/London:20250714T100000"
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        + vevent(
            "UID:alone",
            "SUMMARY:Core group\\, review",
            zoned,
            "DTEND;TZID=Europe/London:20250714T110000",
            'ORGANIZER;CN="A B":mailto:a@x.gov.uk',
            "ATTENDEE;CN=C;ROLE=OPT-PARTICIPANT;PARTSTAT=DECLINED:mailto:c@x.gov.uk",
            "ATTENDEE;CUTYPE=ROOM;CN=Room:mailto:room@x.gov.uk",
        )
        + vevent("UID:lasting", zoned, "DURATION:PT1H")
        + vevent("UID:twice", "SEQUENCE:0", zoned)
        + vevent("UID:twice", "SEQUENCE:1", zoned)
        + vevent("SUMMARY:no uid", zoned)
        + vevent("UID:off", "STATUS:CANCELLED", zoned)
        + vevent("UID:weekly", zoned, "RRULE:FREQ=WEEKLY;COUNT=2")
        + vevent("UID:broken", "DTSTART:2025")
        + "END:VCALENDAR\r\n"
    )
    scanned = scan_lines(unfold(text), "x.ics")
    standalone, others = split(scanned, Decoder(), {})
    assert standalone.uids == ["alone"] and standalone.numbers == [0]
    assert others == [1, 2, 3, 4, 5, 6, 7]
    assert standalone.summaries == ["Core group, review"]
    assert (standalone.starts, standalone.ends) == (
        [dt.datetime(2025, 7, 14, 9, tzinfo=dt.UTC)],
        [dt.datetime(2025, 7, 14, 10, tzinfo=dt.UTC)],
    )
    assert standalone.all_day == [False] and standalone.unknown_zones == [None]
    assert standalone.people == [("mailto:a@x.gov.uk", "A B", "organiser", pd.NA), ("mailto:c@x.gov.uk", "C", "optional", False)]
    assert standalone.people_event.tolist() == [0, 0]
    assert_same(*both(text.encode(), "mixed.ics", SALT))


@hsettings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\r\n", "\n", "\r", " ", "\t", "A", ":"]), max_size=40).map("".join))
def test_unfolding_joins_the_lines_the_fold_pattern_joins(text):
    """Whether folds are removed by a plain replace (no tab fold in the file) or by a pattern,
    the text is the one the pattern of line end then space or tab gives, and icalendar's runs of
    blank lines before a continuation after that."""
    once = re.sub(r"\n[ \t]", "", text.replace("\r\n", "\n"))
    if "\n " in once or "\n\t" in once:
        once = re.sub(r"(?:(?<!\n)\r\n|(?<![\r\n])\n)(?:\r?\n)*[ \t]", "", once)
    assert unfold(text) == once


@hsettings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\r\n", "\n", "\r", " ", "\t", "A", ":"]), max_size=40).map("".join))
def test_a_text_with_plain_folds_unfolds_by_plain_replaces_as_unfold_unfolds_it(text):
    """Only a carriage return not before a line feed, a fold by a tab or after blank lines, or a
    text that begins with a line end, space or tab keeps a text from being read as written; any
    other unfolds by plain replaces to the text :func:`unfold` gives."""
    plain = text[:1] not in ("\r", "\n", " ", "\t") and "\r" not in text.replace("\r\n", "")
    plain = plain and re.search(r"\n(?:\t|(?:\r?\n)+ )", text) is None
    assert plain_folds(text) == plain
    if plain:
        assert unfold_plain(text) == unfold(text)


FOLDS = {"none": lambda t: t, "in a BEGIN": lambda t: t.replace("BEGIN:VEVENT", "BEGIN:VEV\r\n ENT", 1)}
FOLDS["in BEGIN's parameters"] = lambda t: t.replace("BEGIN:VEVENT", "BEGIN;X-A=\r\n 1:VEVENT", 1)
FOLDS |= {"in a name": lambda t: t.replace("DTSTART", "DTST\r\n ART", 1), "in a TZID": lambda t: t.replace(";TZID=", ";TZ\r\n ID=", 1)}


@pytest.mark.slow
@hsettings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    calendar(),
    st.lists(st.sampled_from(["\r\n", "\n", "\r\r\n", "\n\r\n", "\r\n\r\n"]), min_size=1, max_size=4),
    st.sampled_from(sorted(FOLDS)),
)
def test_a_calendar_scanned_with_its_folds_as_written_reads_as_unfolded(data, ends, fold):
    """A calendar is scanned with its folds and line ends as written (CRLF, LF, both, blank lines,
    a stray carriage return, a fold anywhere): it gives the lines, events and zones a scan of the
    unfolded text gives, and the same tables and messages."""
    from unittest import mock

    from diagnostic.ingest.formats import meetings_ics

    lines = re.split(r"\r?\n", FOLDS[fold](data.decode()))
    text = "".join(line + ends[i % len(ends)] for i, line in enumerate(lines))
    assert plain_folds(text) or not set(ends) <= {"\r\n", "\n"}
    if plain_folds(text):
        scanned = scan_lines(text, "x.ics", _iana_tzids, written=True)
        expected = scan_lines(unfold(text), "x.ics", _iana_tzids)
        assert scanned is None or _read(scanned) == _read(expected)
        # a line folded in its name or a BEGIN folded in its parameters may send the file line by line
        assert (scanned is None) == (expected is None) or fold in ("in a name", "in BEGIN's parameters")
    with mock.patch.object(meetings_ics, "plain_folds", return_value=False):  # the whole text unfolded first
        unfolded_first = load_file(text.encode(), "folds.ics", SALT)
    assert_same(load_file(text.encode(), "folds.ics", SALT), unfolded_first)


@pytest.mark.slow
@hsettings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    calendar(),
    st.sampled_from([b"", b"\xef\xbb\xbf"]),
    st.sampled_from([b"", "\U0001f600 \u2019".encode(), b"\xff", b"\xe2\x80", b"\x00", b"\x01" * 3000]),
    st.sampled_from([b"", b"\xe2\x80"]),
)
def test_a_utf8_calendar_scanned_as_its_bytes_reads_as_its_decoded_text(data, bom, extra, tail):
    """A UTF-8 calendar is scanned as its bytes, a character each, and only the lines found are
    decoded: the tables and messages are those of the decoded text. A file with a byte-order
    mark, a NUL, bytes that are not UTF-8 or the look of a binary file is decoded first (a
    character cut at the very end still leaves it UTF-8)."""
    from unittest import mock

    from diagnostic.ingest.formats import meetings_ics
    from diagnostic.ingest.formats.ics_scan import utf8_view

    data = bom + data.replace(b"SUMMARY:", b"SUMMARY:" + extra, 1) + tail
    view = utf8_view(RawFile(name="x.ics", data=data))
    utf8 = not bom and b"SUMMARY:" + extra in data and extra[:1] not in (b"\xff", b"\xe2", b"\x00", b"\x01")
    assert (view is not None) == (utf8 or (not bom and b"SUMMARY:" not in data))
    with mock.patch.object(meetings_ics, "utf8_view", return_value=None):  # the whole file decoded first
        decoded_first = load_file(data, "bytes.ics", SALT)
    assert_same(load_file(data, "bytes.ics", SALT), decoded_first)


def _read(scanned) -> tuple:
    """Everything a scan found: its lines, where they are, its events (properties and text) and zones."""
    events = [scanned.event(n) for n in range(len(scanned.spans))]
    return scanned.lines, scanned.ids.tolist(), scanned.spans.tolist(), [(e.props, e.text) for e in events], scanned.zones


TZID_PIECES = [";TZID=", "GMT Standard Time", "UTC", "Europe/London", "(UTC+00:00) Dublin, London", " ", '"', ":", ";", "\n", "X"]


@hsettings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TZID_PIECES), max_size=30).map("".join))
def test_time_zone_names_are_renamed_as_the_tzid_pattern_renames_them(text):
    """Whether TZIDs are renamed a zone at a time by plain replaces (none quoted, the last one
    ended) or a parameter at a time, the text is the one the TZID pattern gives, parameter by parameter."""
    windows = {"GMT Standard Time": "Europe/London", "UTC": "UTC"}

    def rename(match: re.Match) -> str:
        name = (match.group(1) if match.group(1) is not None else match.group(2)).strip()
        if name in windows:
            return f";TZID={windows[name]}"
        return ";TZID=Europe/London" if "london" in name.casefold() else match.group(0)

    assert _iana_tzids(text) == re.sub(r';TZID=(?:"([^"]*)"|([^:;]*))', rename, text)


ZONE_LINES = [
    "DTSTART;TZID=GMT Standard Time:20250106T090000",
    'DTEND;TZID="GMT Standard Time":20250106T100000',
    'DTSTART;TZID="(UTC+00:00) Dublin, Edinburgh, Lisbon, London":20250106T090000',
    "EXDATE;TZID=UTC:20250113T090000",
    "LOCATION;TZID=GMT Standard Time:Room 1",
    "SUMMARY:moved;TZID=London",
    "DESCRIPTION:see;TZID=UTC",
    'SUMMARY:a;TZID="London',
    "X-NOTE;TZID=Europe/London:x",
    "ATTENDEE;CN=A:mailto:a@x.gov.uk",
]


@pytest.mark.slow
@hsettings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(ZONE_LINES), max_size=4), min_size=1, max_size=3))
def test_zone_names_renamed_line_by_line_read_as_renamed_in_the_whole_text(events):
    """Windows zone names are renamed a distinct line at a time only where that gives what a pass
    over the whole text gives (a TZID in an unused line, or one running on past its line, sends
    the file through the whole-text pass): the events, zones and tables are the same either way."""
    text = (
        "BEGIN:VCALENDAR\nVERSION:2.0\n"
        + "".join(f"BEGIN:VEVENT\nUID:e{i}\n" + "".join(f"{line}\n" for line in lines) + "END:VEVENT\n" for i, lines in enumerate(events))
        + "END:VCALENDAR\n"
    )
    by_line = scan_lines(text, "x.ics", _iana_tzids)
    whole = scan_lines(_iana_tzids(text), "x.ics")
    assert (by_line is None) == (whole is None)
    if whole is not None:
        read = [by_line.event(n) for n in range(len(by_line.spans))], by_line.zones
        expected = [whole.event(n) for n in range(len(whole.spans))], whole.zones
        assert [(e.props, e.text) for e in read[0]] == [(e.props, e.text) for e in expected[0]]
        assert read[1] == expected[1]
    from unittest import mock

    from diagnostic.ingest.formats import ics_scan

    with mock.patch.object(ics_scan, "_renamed_alone", return_value=False):  # the whole text renamed first
        renamed_first = load_file(text.encode(), "zones.ics", SALT)
    assert_same(load_file(text.encode(), "zones.ics", SALT), renamed_first)


RULE_PARTS = ["FREQ=WEEKLY", "FREQ=daily", "UNTIL=20250131T090000Z", "UNTIL=20250131", "UNTIL=2025", "COUNT=3", "COUNT=x"]
RULE_PARTS += ["BYDAY=MO,TU", "BYDAY=M", "byday=fr", "INTERVAL=2", "BYHOUR=9,10", "WKST=MO", "X=Y=Z", ""]


@hsettings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(RULE_PARTS), max_size=6).map(";".join))
def test_repeat_rules_read_a_part_at_a_time_read_as_icalendar_reads_them(text):
    """A rule's parts are read once per file and put together as icalendar's vRecur does it, so
    the rule read is icalendar's own (or None where icalendar refuses it)."""
    import icalendar

    from diagnostic.ingest.formats.ics_lines import Decoder

    try:
        expected = icalendar.vRecur.from_ical(text)
    except ValueError:
        expected = None
    decoder = Decoder()
    assert decoder.value("RRULE", "", text) == expected
    assert decoder.value("RRULE", ";X-A=1", text) == expected  # parts already read are used again


def test_a_zone_is_known_without_listing_every_zone_as_icalendar_knows_it():
    """A file's definition of a zone is handed to icalendar's cache unless icalendar knows the
    zone already; the quick check used for the zones Outlook's names are renamed to agrees with
    the list of every zone on the disk that icalendar asks."""
    import zoneinfo

    from diagnostic.ingest.formats.ics_lines import RENAMED_ZONES, _known_zone

    available = zoneinfo.available_timezones()
    for zone in RENAMED_ZONES | {"GMT Standard Time", "Europe/Atlantis", "/Europe/London", ""}:
        assert _known_zone(zone) == (zone in RENAMED_ZONES and zone in available), zone


@pytest.mark.parametrize("where", ["between components", "inside an event"])
def test_a_line_of_a_lone_carriage_return_reads_as_before(where):
    """A line that is only a carriage return is not a blank line: outside an event the file is
    refused, inside one the line is skipped, as the former reader did."""
    stray = "\r\r\n"
    head, event = ("BEGIN:VCALENDAR\r\n" + stray, "") if where == "between components" else ("BEGIN:VCALENDAR\r\n", stray)
    data = f"{head}BEGIN:VEVENT\r\nUID:a\r\n{event}DTSTART:20250101T090000Z\r\nSUMMARY:x\r\n \u2013 y\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    new, reference = both(data.encode(), "stray.ics", SALT, strict=False)
    assert_same(new, reference)
    assert bool(new.errors) == (where == "between components")
