"""Who is who: display names two people share are never guessed, and rooms, dial-ins and shared
mailboxes are never counted as people, in any file and whatever the order of files and rows."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from diagnostic.dataset import Dataset, conform
from diagnostic.ingest import load_bytes, load_file, load_paths
from diagnostic.ingest.base import LoadContext
from diagnostic.ingest.combine import combine, combine_notes
from diagnostic.non_people import DIAL_IN, MAILBOX, ROOM, non_person_kind
from diagnostic.privacy import pseudonym
from diagnostic.samples.names import FIRST_NAMES, SURNAMES
from diagnostic.settings import Settings
from tests.conftest import SAMPLE_SALT, SAMPLES

SALT = SAMPLE_SALT
SETTINGS = Settings(salt=SALT)
DOMAIN = "northbridge.gov.uk"


def email_id(local: str) -> str:
    return pseudonym(f"email:{local}@{DOMAIN}", SALT)


def name_id(name: str) -> str:
    return pseudonym(f"name:{name.casefold()}", SALT)


ANN, BEN, SAM, SAMUEL = email_id("ann.lee"), email_id("ben.okafor"), email_id("sam.patel"), email_id("samuel.patel")

# ---- recognising non-people -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "name", "kind"),
    [
        (None, "+44 7700 9****68", DIAL_IN),
        (None, "+44 7700 900123", DIAL_IN),
        (None, "07700 900123", DIAL_IN),
        (None, "(020) 7946 0000", DIAL_IN),
        (None, "+1 (555) 010-1234", DIAL_IN),
        (None, "Dial-in user", DIAL_IN),
        (None, "Dial in User 2", DIAL_IN),
        (None, "Phone user", DIAL_IN),
        ("tel:+447700900123", None, DIAL_IN),
        (None, "Room 2.14", ROOM),
        (None, "Room G01", ROOM),
        (None, "Conference room, Town Hall", ROOM),
        (None, "Meeting room", ROOM),
        (None, "Meeting Room 3 (Level 2)", ROOM),
        (None, "Town Hall Boardroom", ROOM),
        ("room.2.14@northbridge.gov.uk", "Ann's desk", ROOM),
        ("conferenceroom1@northbridge.gov.uk", None, ROOM),
        ("noreply@northbridge.gov.uk", None, MAILBOX),
        ("no-reply@sharepointonline.com", "SharePoint Online", MAILBOX),
        ("DoNotReply@northbridge.gov.uk", None, MAILBOX),
        ("do-not-reply.alerts@northbridge.gov.uk", None, MAILBOX),
        ("postmaster@northbridge.gov.uk", None, MAILBOX),
        ("MAILER-DAEMON@mail.example.com", None, MAILBOX),
        ("MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@northbridge.onmicrosoft.com", None, MAILBOX),
        ("enquiries@northbridge.gov.uk", None, MAILBOX),
        ("allstaff@northbridge.gov.uk", None, MAILBOX),
        (None, "noreply@northbridge.gov.uk", MAILBOX),  # a bare address where the name goes
        (None, "Children's Services Shared Mailbox", MAILBOX),
        (None, "All Staff - Children's Services", MAILBOX),
    ],
)
def test_clear_non_people_are_recognised(email, name, kind):
    assert non_person_kind(email, name) == kind


FIRSTS = (*FIRST_NAMES, "Siobhán", "Zoë", "José", "Chloë", "D'Arcy", "Mary-Jane", "Oluwaseun", "Nguyễn", "Rúaidhrí", "Ann-Marie", "Bea")
LASTS = (
    *SURNAMES,
    "O'Neill",
    "Smith-Jones",
    "van der Berg",
    "de la Cruz",
    "Boardman",
    "Roome",
    "Roomes",
    "Phoenix",
    "Inboden",
    "Noreen",
    "Ng",
    "Li",
    "MacDonald",
)
# Words nobody is called, which the patterns reserve ("Room 2", "Info", "Phone user"), are the only ones left out.
NOT_NAMES = frozenset({"room", "rooms", "phone", "telephone", "pstn", "inbox", "mailbox", "everyone", "info", "admin", "office"})
WORD = st.from_regex(r"[A-Z][a-z]{1,11}", fullmatch=True).filter(lambda w: w.casefold() not in NOT_NAMES)


@st.composite
def person(draw) -> tuple[str, str]:
    """A realistic (display name, email) for a person, in the shapes exports write them."""
    first = draw(st.sampled_from(FIRSTS) | WORD)
    last = draw(st.sampled_from(LASTS) | WORD)
    middle = draw(st.sampled_from(["", " J", " J.", " Anne"]))
    shape = draw(st.sampled_from(["{f}{m} {l}", "{l}, {f}", "{f} {l} (External)", "{f} {l} (Guest)", "{F}{m} {L}"]))
    name = shape.format(f=first, m=middle, l=last, F=first.upper(), L=last.upper())
    local = draw(st.sampled_from(["{f}.{l}", "{i}{l}", "{f}{l}", "{f}_{l}", "{l}.{f}", "{f}.{l}{n}", "{f}"]))
    flat = [w.lower().replace("'", "").replace(" ", "") for w in (first, last)]
    address = local.format(f=flat[0], l=flat[1], i=flat[0][0], n=draw(st.integers(1, 99)))
    return name, f"{address}@{draw(st.sampled_from([DOMAIN, 'nhs.net', 'northbridge.police.example', 'school.example']))}"


@given(person())
@hypothesis_settings(max_examples=100)
def test_real_people_are_never_non_people(who):
    name, email = who
    assert non_person_kind(email, name) is None
    assert non_person_kind(None, name) is None
    assert non_person_kind(email, None) is None


@given(st.integers(0, 10**9))
def test_bare_numbers_used_as_ids_are_not_phone_numbers(number):
    assert non_person_kind(None, str(number)) is None


def test_identify_leaves_non_people_out_and_notes_them_once_without_names():
    ctx = LoadContext(file="report.csv", settings=SETTINGS)
    emails = pd.Series(["ann.lee@northbridge.gov.uk", None, None, "noreply@northbridge.gov.uk", None], dtype="string")
    names = pd.Series(["Ann Lee", "+44 7700 9****68", "Room 2.14", "Alerts", "+44 7700 9****68"], dtype="string")
    ids = ctx.identify(emails=emails, names=names)
    assert ids.iloc[0] == ANN
    assert ids.iloc[1:].isna().all()
    assert ctx.identify(names=pd.Series(["Conference room 1"], dtype="string")).isna().all()
    assert set(ctx.people_table()["person_id"]) == {ANN}
    ctx.note_non_people()
    assert [i.message for i in ctx.issues] == [
        "4 entries in this file are not people (1 phone dial-in, 2 rooms, 1 shared or system mailbox), "
        "so they were left out and not counted as staff or partners."
    ]


# ---- display names two people share ---------------------------------------------------------

ROSTER_HEADER = "Name,Email,Team,Job title,Line manager"
ROSTER_ROWS = (
    "Ann Lee,ann.lee@northbridge.gov.uk,Team A,Team manager,",
    "Sam Patel,sam.patel@northbridge.gov.uk,Team A,Social worker,ann.lee@northbridge.gov.uk",
    "Sam Patel,samuel.patel@northbridge.gov.uk,Team B,Social worker,Ann Lee",
    "Ben Okafor,ben.okafor@northbridge.gov.uk,Team B,Social worker,Sam Patel",
)
OUTLOOK_HEADER = (
    '"Subject","Start Date","Start Time","End Date","End Time","All day event","Meeting Organizer",'
    '"Required Attendees","Optional Attendees","Location","Show time as"'
)
OUTLOOK_ROWS = (
    '"Team meeting","13/01/2025","10:00:00","13/01/2025","11:00:00","False","Ann Lee","Ann Lee;Sam Patel;Ben Okafor","","","2"',
    '"Case discussion","14/01/2025","10:00:00","14/01/2025","11:00:00","False","Sam Patel","Sam Patel;Ben Okafor","Ann Lee","","2"',
    '"Supervision","15/01/2025","10:00:00","15/01/2025","11:00:00","False","Ann Lee","Ann Lee;Ben Okafor","","","2"',
)


def files(roster_rows=ROSTER_ROWS, outlook_rows=OUTLOOK_ROWS, roster_first=True) -> list[tuple[str, bytes]]:
    roster = ("roster.csv", "\n".join((ROSTER_HEADER, *roster_rows)).encode())
    outlook = ("calendar.csv", "\r\n".join((OUTLOOK_HEADER, *outlook_rows)).encode())
    return [roster, outlook] if roster_first else [outlook, roster]


def warnings_of(results) -> dict[str, list[str]]:
    return {r.file: r.warnings for r in results}


def test_a_shared_name_in_a_name_only_export_is_matched_to_nobody():
    dataset, results = load_bytes(files(), SETTINGS)
    attendance = dataset.attendance
    assert set(attendance["person_id"]) == {ANN, BEN}
    assert len(attendance) == 6  # 8 invitations less the two naming a Sam Patel
    organisers = dataset.meetings.set_index("start")["organiser_id"]
    assert organisers.isna().sum() == 1  # the case discussion's organiser is one of two people
    assert set(dataset.people["person_id"]) == {ANN, BEN, SAM, SAMUEL}  # the shared name is no person of its own
    assert warnings_of(results)["calendar.csv"] == [
        "calendar.csv: 1 display name in this file belongs to more than one person, so 3 records naming it were not matched "
        "to anyone. Export with email addresses, or give these people distinct display names in the staff list."
    ]
    assert not any("display name" in w for w in warnings_of(results)["roster.csv"])


def test_a_line_manager_given_by_a_shared_name_is_left_blank():
    dataset, results = load_bytes(files()[:1], SETTINGS)
    managers = dataset.people.set_index("person_id")["manager_id"]
    assert managers[BEN] is pd.NA
    assert managers[SAMUEL] == ANN  # "Ann Lee" is one person
    assert (
        "roster.csv, row 5, column “Line manager”: 1 line manager is given by a name that more than one person on the list has, "
        "so it was left blank. Give line managers by email address."
    ) in warnings_of(results)["roster.csv"]


def test_a_name_only_one_person_has_is_still_matched():
    rows = ROSTER_ROWS[:2] + ROSTER_ROWS[3:]  # one Sam Patel
    dataset, results = load_bytes(files(roster_rows=rows), SETTINGS)
    assert set(dataset.attendance["person_id"]) == {ANN, BEN, SAM}
    assert not any("display name" in w for r in results for w in r.warnings)


@given(st.permutations(ROSTER_ROWS), st.permutations(OUTLOOK_ROWS), st.booleans())
@hypothesis_settings(max_examples=6, suppress_health_check=[HealthCheck.too_slow])
@pytest.mark.slow
def test_the_order_of_files_and_rows_changes_nothing(roster_rows, outlook_rows, roster_first):
    expected, expected_results = load_bytes(files(), SETTINGS)
    dataset, results = load_bytes(files(list(roster_rows), list(outlook_rows), roster_first), SETTINGS)
    for table in ("people", "meetings", "attendance"):
        ours, theirs = (getattr(d, table).sort_values(list(getattr(d, table).columns)).reset_index(drop=True) for d in (dataset, expected))
        pd.testing.assert_frame_equal(ours, theirs)
    assert warnings_of(results)["calendar.csv"] == warnings_of(expected_results)["calendar.csv"]


def test_every_table_leaves_rows_naming_a_shared_name_unmatched():
    shared = name_id("Sam Patel")
    t = pd.Timestamp("2025-01-13 10:00", tz="Europe/London")
    roster = Dataset(
        people=conform("people", pd.DataFrame({"person_id": [SAM, SAMUEL, ANN], "team": ["A", "B", "A"]})),
        aliases=conform("aliases", pd.DataFrame({"alias_id": [shared, shared, name_id("Ann Lee")], "person_id": [SAM, SAMUEL, ANN]})),
    )
    export = Dataset(
        people=conform("people", pd.DataFrame({"person_id": [shared, name_id("Ann Lee"), BEN]})),
        messages=conform(
            "messages",
            pd.DataFrame(
                {
                    "sent_at": [t, t, t],
                    "sender_id": [shared, name_id("Ann Lee"), BEN],
                    "recipient_id": [BEN, shared, name_id("Ann Lee")],
                    "message_id": ["m1", "m2", "m3"],
                }
            ),
        ),
        audits=conform("audits", pd.DataFrame({"audit_id": ["a1"], "practitioner_id": [BEN], "auditor_id": [shared]})),
    )
    for parts in ([roster, export], [export, roster]):
        merged = combine(parts, SETTINGS)
        assert merged.messages[["sender_id", "recipient_id"]].values.tolist() == [[BEN, ANN]]
        assert merged.audits["practitioner_id"].tolist() == [BEN]
        assert merged.audits["auditor_id"].isna().all()
        assert shared not in set(merged.people["person_id"])
        notes = combine_notes(parts)
        assert [(n.part, n.message) for n in notes] == [
            (
                int(parts[1] is export),
                "1 display name in this file belongs to more than one person, so 3 records naming it were not matched to anyone.",
            )
        ]


# ---- the sample organisation -------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_load():
    if not (SAMPLES / "roster.xlsx").exists():
        pytest.skip("the sample organisation has not been generated into data/samples")
    return load_paths([SAMPLES], Settings(salt=SALT))


@pytest.mark.slow
def test_the_sample_has_150_internal_people_and_the_dial_in_is_not_one(sample_load):
    dataset, results = sample_load
    assert (dataset.people["organisation"] == "internal").sum() == 150
    report = next(r for r in results if r.file.startswith("Family hub partnership meeting"))
    assert "1 entry in this file is not a person (1 phone dial-in)" in " ".join(report.warnings)


@pytest.mark.slow
def test_no_warning_names_anyone_on_the_sample_roster(sample_load):
    _, results = sample_load
    roster = pd.read_excel(SAMPLES / "roster.xlsx", engine="openpyxl")
    text = " ".join(w.casefold() for r in results for w in r.warnings + r.errors)
    assert "display names in this file belong to more than one person" in text
    for name in roster["Name"]:
        assert name.casefold() not in text
    for address in roster["Email"]:
        assert address.casefold() not in text


@pytest.mark.slow
def test_the_sample_outlook_calendar_no_longer_invites_people_who_share_a_name(sample_load):
    """The head of service's Outlook calendar names people only by display name; two pairs of
    staff share one. Those four are in the meetings the calendars with addresses put them in, and
    in no other."""
    dataset, _ = sample_load
    roster = pd.read_excel(SAMPLES / "roster.xlsx", engine="openpyxl")
    shared = roster[roster["Name"].duplicated(keep=False)]
    assert shared["Name"].nunique() == 2
    ids = {pseudonym(f"email:{e.lower()}", SALT) for e in shared["Email"]}
    with_addresses = [p for p in SAMPLES.iterdir() if p.suffix == ".ics" or "Attendance report" in p.name or p.name == "roster.xlsx"]
    others, _ = load_paths(with_addresses, Settings(salt=SALT))

    def theirs(d: Dataset) -> set[tuple[str, str]]:
        rows = d.attendance[d.attendance["person_id"].isin(ids)]
        return set(zip(rows["meeting_id"], rows["person_id"]))

    assert theirs(dataset) == theirs(others)
    outlook = load_file((SAMPLES / "outlook_calendar_head_of_service.csv").read_bytes(), "x.csv", Settings(salt=SALT))
    names = {name_id(n) for n in shared["Name"]}
    assert names & set(outlook.dataset.attendance["person_id"])  # the calendar does name them
    assert names.isdisjoint(set(dataset.people["person_id"]))


def test_a_shown_name_for_one_person_does_not_depend_on_row_order():
    """With names shown, one address written with two display names keeps the first in text order."""
    settings = replace(Settings(), show_names=True)
    shown = []
    for names in (["Ann Lee", "Lee, Ann"], ["Lee, Ann", "Ann Lee"]):
        ctx = LoadContext(file="x.csv", settings=settings)
        ctx.identify(emails=pd.Series(["ann.lee@northbridge.gov.uk"] * 2), names=pd.Series(names))
        shown.append(ctx.people_table()["display_name"].tolist())
    assert shown[0] == shown[1] == ["Ann Lee"]
