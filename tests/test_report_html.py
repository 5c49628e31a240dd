"""The HTML report: self-contained, every section present, ethics line, escaping, no identifiers."""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
import pytest

from diagnostic.charts.spec import ChartSpec
from diagnostic.dataset import Dataset, conform
from diagnostic.ingest import LoadResult, load_bytes
from diagnostic.privacy import ETHICS_LINE, pseudonym
from diagnostic.report.html import render_report, write_report
from diagnostic.report.markup import FigureCounter, esc, figure, inline_svg
from diagnostic.report.network import network_section
from diagnostic.report.tables import scorecard_table
from diagnostic.scenarios import Scenario
from diagnostic.scorecard import build_scorecard
from diagnostic.self_assessment import STATEMENTS
from diagnostic.settings import Settings
from diagnostic.wording import number, points

HOSTILE_TEAM = "<script>alert(1)</script>"
TEAMS = ("Assessment East", "Children in care", HOSTILE_TEAM)
NAMES = ("Ann Lee", "Bilal Khan", "Chloe Evans", "Dev Patel", "Erin Walsh", "Femi Ade")
SUBJECT = "Supervision with Ann Lee about Jayden"
COMMENT = "Jayden's mum said nobody called her back"
SECTIONS = (
    "summary",
    "index",
    "domain-meetings",
    "domains",
    "network",
    "self-assessment",
    "language",
    "coverage",
)  # scenarios only when given
EXTERNAL_LOAD = re.compile(
    r"<(script|link|img|iframe|object|embed|source|video|audio)\b[^>]*\b(src|href|data)\s*=\s*[\"']?\s*(https?:)?//", re.I
)


def _email(name: str) -> str:
    return name.lower().replace(" ", ".") + "@northbridge.gov.uk"


@pytest.fixture(scope="module")
def settings() -> Settings:
    """One salt for the module, so the rendered report can be shared by the tests that only read it."""
    return Settings(salt="report-test-salt-0123")


@pytest.fixture(scope="module")
def dataset(settings) -> Dataset:
    return build_dataset(settings)


def build_dataset(settings) -> Dataset:
    """Six people in each of three teams, a fortnight of meetings and email, audits, feedback and a letter."""
    people_keys = [(team, name) for team in TEAMS for name in NAMES]
    ids = {f"{team}|{name}": pseudonym(f"email:{team[:3]}{_email(name)}", settings.salt) for team, name in people_keys}
    people = conform(
        "people",
        pd.DataFrame(
            {
                "person_id": list(ids.values()),
                "team": [k.split("|")[0] for k in ids],
                "role": "Social worker",
                "is_manager": [n == NAMES[0] for n in (k.split("|")[1] for k in ids)],
                "is_practitioner": True,
                "organisation": "internal",
                "domain": "northbridge.gov.uk",
                "display_name": [k.split("|")[1] for k in ids],  # present, but the user has not opted in
            }
        ),
    )
    pids = list(ids.values())
    starts = pd.date_range("2025-03-03 09:00", periods=20, freq="D", tz="Europe/London")
    meetings = conform(
        "meetings",
        pd.DataFrame(
            {
                "meeting_id": [f"m{i}" for i in range(20)],
                "start": starts,
                "end": starts + pd.Timedelta(hours=1),
                "organiser_id": [pids[i % len(pids)] for i in range(20)],
                "is_recurring": [i % 2 == 0 for i in range(20)],
                "invitees": 6,
                "kind": ["supervision", "team meeting", "case", "training"] * 5,
                "subject": SUBJECT,
            }
        ),
    )
    attendance = conform(
        "attendance",
        pd.DataFrame(
            [
                {"meeting_id": f"m{i}", "person_id": pids[(i + k * 5) % len(pids)], "role": "required", "attended": True, "minutes": 55.0}
                for i in range(20)
                for k in range(6)
            ]
        ),
    )
    messages = conform(
        "messages",
        pd.DataFrame(
            [
                {
                    "sent_at": starts[i % 20] + pd.Timedelta(minutes=i),
                    "sender_id": pids[i % len(pids)],
                    "recipient_id": pids[(i * 7 + 1) % len(pids)],
                    "recipient_type": "to" if i % 3 else "cc",
                    "n_recipients": 2,
                    "message_id": f"e{i}",
                }
                for i in range(200)
            ]
        ),
    )
    audits = conform(
        "audits",
        pd.DataFrame(
            {
                "audit_id": [f"a{i}" for i in range(12)],
                "date": pd.date_range("2025-03-03", periods=12, freq="D", tz="Europe/London"),
                "team": [TEAMS[i % 3] for i in range(12)],
                "practitioner_id": pids[:12],
                "grade": [1, 2, 3, 4] * 3,
                "focus": ["practice", "compliance"] * 6,
                "child_voice": [True, False] * 6,
                "practitioner_involved": [True, True, False] * 4,
                "actions_set": 2,
                "actions_done": 1,
            }
        ),
    )
    feedback = conform(
        "feedback",
        pd.DataFrame(
            {
                "feedback_id": [f"f{i}" for i in range(12)],
                "received": pd.date_range("2025-03-03", periods=12, freq="D", tz="Europe/London"),
                "source": ["child", "parent_carer", "staff"] * 4,
                "kind": ["complaint", "compliment"] * 6,
                "theme": ["=HYPERLINK(1)", "Communication"] * 6,
                "team": [TEAMS[i % 3] for i in range(12)],
                "text": COMMENT,
                "responded": pd.date_range("2025-03-10", periods=12, freq="D", tz="Europe/London"),
                "closed_loop": [True, False, False] * 4,
            }
        ),
    )
    documents = conform(
        "documents",
        pd.DataFrame(
            {
                "doc_id": ["d1"],
                "name": ["closure letter.docx"],
                "text": ["Dear Ann Lee, following the closure of your case, contact will be supervised."],
            }
        ),
    )
    responses = conform(
        "responses",
        pd.DataFrame(
            [
                {"statement_id": s.id, "respondent_group": g, "response": 4, "count": n}
                for s in STATEMENTS
                for g, n in (("practitioner", 6), ("manager", 5))
            ]
        ),
    )
    return Dataset(
        people=people,
        meetings=meetings,
        attendance=attendance,
        messages=messages,
        audits=audits,
        feedback=feedback,
        documents=documents,
        responses=responses,
    )


@pytest.fixture(scope="module")
def results(dataset) -> list[LoadResult]:
    return [
        LoadResult(
            file=f"{_email(NAMES[0])} calendar.csv",
            kind="meetings",
            format="outlook_csv",
            format_label="Outlook calendar CSV",
            dataset=dataset,
            rows=20,
        ),
        LoadResult(file=f"{HOSTILE_TEAM}.csv", kind="roster", format="roster", format_label="Staff roster", rows=18),
    ]


@pytest.fixture(scope="module")
def report(dataset, results, settings) -> str:
    return render_report(dataset, results, settings)


@pytest.mark.slow
def test_the_report_loads_nothing_from_the_network(report):
    assert not EXTERNAL_LOAD.search(report)
    assert "<script" not in report.lower()
    assert "<link" not in report.lower()
    assert "@import" not in report and "url(http" not in report
    assert "Content-Security-Policy" in report and "default-src 'none'" in report


def test_every_section_is_present(report):
    for anchor in SECTIONS:
        assert f'<section id="{anchor}"' in report, anchor


def test_the_ethics_line_is_at_the_top_and_in_the_footer(report):
    assert report.count(esc(ETHICS_LINE)) == 2
    assert report.index(esc(ETHICS_LINE)) < report.index('<section id="summary"')
    assert report.rindex(esc(ETHICS_LINE)) > report.index("<footer>")


def test_data_strings_are_escaped(report):
    assert HOSTILE_TEAM not in report
    assert esc(HOSTILE_TEAM) in report


def test_no_email_name_subject_or_comment_reaches_the_report(report, dataset):
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.-]+", report)
    for secret in (*NAMES, SUBJECT, COMMENT, "Jayden"):
        assert secret not in report, secret
    assert not any(pid in report for pid in dataset.people["person_id"])


def test_the_coverage_table_lists_every_file(report):
    coverage = report[report.index('<section id="coverage"') :]
    assert "Outlook calendar CSV" in coverage and "Staff roster" in coverage
    assert "[email address removed] calendar.csv" in coverage
    assert "<caption>" in coverage


def test_every_table_has_a_caption_and_every_chart_a_text_alternative(report):
    assert report.count("<table") == report.count("<caption>")
    named = re.findall(r'<svg\b[^>]*role="img" aria-label="([^"]+)"><title>([^<]+)</title>', report)
    assert len(named) == report.count("<svg") > 0
    assert all(label == title for label, title in named)


def test_a_caption_carries_only_what_the_chart_does_not_draw():
    data = pd.DataFrame({"team": ["East", "West"], "hours": [4.5, 2.0]})
    bars = alt.Chart(data).mark_bar().encode(x="hours:Q", y="team:N")
    drawn = figure(
        ChartSpec(bars.properties(title=alt.TitleParams("Hours", subtitle=["East meets most."])), "Hours", "East meets most.", "Bars."),
        FigureCounter(),
    )
    titled = figure(ChartSpec(bars.properties(title="Hours"), "Hours", "East meets most", "Bars."), FigureCounter())
    bare = figure(ChartSpec(bars, "Hours", "East meets most.", "Two bars: East 4.5, West 2."), FigureCounter())
    assert "<figcaption>" not in drawn
    assert "<figcaption>East meets most.</figcaption>" in titled
    assert "<figcaption>Hours. East meets most.</figcaption>" in bare
    assert 'aria-label="Two bars: East 4.5, West 2."' in bare


def _section_of(page: str, anchor: str) -> str:
    start = page.index(f'<section id="{anchor}"')
    return page[start : page.index("</section>", start)]


def test_the_network_is_drawn_by_team_with_its_measures(report):
    network = _section_of(report, "network")
    assert network.count("<svg") == 0  # the annex holds the measures; the team map is on the network's own page
    assert _section_of(report, "domain-network").count("<svg") == 1
    assert "Network measures" in network and "Each team&#x27;s ties" in network
    assert esc("Assessment East") in network


@pytest.mark.slow
def test_the_network_section_says_when_brokers_are_estimated(dataset, settings, monkeypatch):
    from diagnostic.network import metrics

    assert "sampled starting points" not in network_section(dataset, settings)  # exact at this size
    monkeypatch.setattr(metrics, "EXACT_BETWEENNESS_MAX", 10)
    monkeypatch.setattr(metrics, "BETWEENNESS_SAMPLES", 8)
    fresh = dataset.with_tables(people=dataset.people.copy())  # new tables: the network is built again
    estimated = network_section(fresh, settings)
    assert "Estimated from 8 sampled starting points" in estimated


@pytest.mark.slow
def test_scenarios_are_compared_with_a_plain_summary(dataset, results, settings):
    scenarios = [
        Scenario("<b>Fewer meetings</b>", {"cancel_recurring_meetings": 50}),
        Scenario("Audit with families", {"families_in_audits": 100}),
    ]
    scenario = _section_of(render_report(dataset, results, settings, scenarios=scenarios), "scenarios")
    assert "<b>Fewer meetings</b>" not in scenario and esc("<b>Fewer meetings</b>") in scenario
    assert "Audit with families" in scenario
    assert "Compost index" in scenario and "Now" in scenario
    assert "Indicators scored" in scenario and re.search(r"\d+ of \d+", scenario)  # what each score rests on
    assert scenario.count("This scenario") == 2


def test_the_self_assessment_shows_scores_by_area_and_group(report):
    section = _section_of(report, "self-assessment")
    assert "Everyone" in section and "Practitioner" in section
    assert "Service design methods" in section
    assert "75" in section  # every answer "agree" (4) scores (4 - 1) x 25


def test_the_language_scan_lists_terms_without_document_text(report):
    section = _section_of(report, "language")
    assert "supported family time" in section
    assert "closure letter.docx" in section
    assert "following the closure of your case" not in section


def test_an_empty_dataset_gives_a_partial_profile(settings):
    page = render_report(Dataset(), [], settings)
    assert "Partial profile" in page
    for anchor in SECTIONS:
        assert f'<section id="{anchor}"' in page


def test_write_report_writes_one_utf8_file(settings, tmp_path):
    path = write_report(Dataset(), [], settings, tmp_path / "out" / "report.html")
    assert path == tmp_path / "out" / "report.html"
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["report.html"]


def test_inline_svg_scopes_ids_and_names_the_image():
    svg = '<svg width="10"><defs><clipPath id="clip1"/></defs><g clip-path="url(#clip1)"/><text>ann.lee@northbridge.gov.uk</text></svg>'
    out = inline_svg(svg, "fig3", 'Hours "per" team')
    assert 'id="fig3-clip1"' in out and "url(#fig3-clip1)" in out and 'id="clip1"' not in out
    assert "<text>[email address removed]</text>" in out
    assert out.startswith('<svg width="10" role="img" aria-label="Hours &quot;per&quot; team"><title>')


def test_inline_svg_renames_every_id_and_reference_and_nothing_else():
    ids = ["clip1", "clip10", "grad-2"]
    body = "".join(f'<clipPath id="{i}"/><g clip-path="url(#{i})"/><use href="#{i}"/>' for i in ids)
    svg = f'<svg>{body}<g fill="url(#missing)"/><text>id="clip1" url(#clip10)</text></svg>'
    out = inline_svg(svg, "fig7", "Map")
    expected = svg
    for i in sorted(ids, key=len, reverse=True):  # the plain way: one replace per id and kind of reference
        expected = expected.replace(f'id="{i}"', f'id="fig7-{i}"').replace(f"url(#{i})", f"url(#fig7-{i})")
        expected = expected.replace(f'href="#{i}"', f'href="#fig7-{i}"')
    assert out.split("</title>", 1)[1] == expected[len("<svg>") :]
    assert "url(#missing)" in out  # a reference to no id in the picture is left alone


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (4.5, "hours/week", "4.5 hours/week"),
        (0.25, "", "0.25"),
        (62.0, "%", "62%"),
        (1204.4, "emails", "1,204 emails"),
        (None, "%", "Not computed"),
        (-12.25, "", "-12.2"),
    ],
)
def test_numbers_carry_their_unit(value, unit, text):
    assert number(value, unit) == text


ROSTER_PEOPLE = {
    "<b>Family Support</b>": ("Ann Lee", "Ben Okafor", "Chloe Martin", "Dev Patel", "Erin Walsh"),
    "=HYPERLINK(1)": ("Fay Gold", "Gus Hart", "Hana Ito", "Ivo Jones", "Jill Kerr"),
}
OUTLOOK_HEADER = (
    '"Subject","Start Date","Start Time","End Date","End Time","All day event","Reminder on/off","Reminder Date","Reminder Time",'
    '"Meeting Organizer","Required Attendees","Optional Attendees","Meeting Resources","Billing Information","Categories",'
    '"Description","Location","Mileage","Priority","Private","Sensitivity","Show time as"\n'
)
FORMS_HEADER = (
    "ID,Start time,Completion time,Email,Name,Last modified time,Who are you?,"
    "How happy are you with the help you get? (1-5),What is your feedback about?,Is there anything else you would like to tell us?\n"
)


def _raw_exports() -> list[tuple[str, bytes]]:
    """A roster, an Outlook calendar and a Forms export as people really send them: full of names and addresses."""
    roster = "First name,Surname,Email address,Team,Role,Manager email\n" + "".join(
        f"{name.split()[0]},{name.split()[1]},{_email(name)},{team},Social Worker,{_email('Ann Lee')}\n"
        for team, names in ROSTER_PEOPLE.items()
        for name in names
    )
    calendar = OUTLOOK_HEADER + "".join(
        f'"{SUBJECT} {i}","{13 + i:02d}/01/2025","10:00:00","{13 + i:02d}/01/2025","11:00:00","False","True","","",'
        f'"Ann Lee","Ann Lee;Ben Okafor;Fay Gold","","",,,"{COMMENT}","Room 2","","Normal","False","Normal","2"\n'
        for i in range(5)
    )
    forms = FORMS_HEADER + "".join(
        f"{i},07/01/2025 17:05,07/01/2025 17:07,young.person{i}@example.com,Kid {i},07/01/2025 17:07,"
        f"A child or young person,4,Meetings;,{COMMENT} {i}\n"
        for i in range(1, 7)
    )
    return [
        ("roster.csv", roster.encode("utf-8")),
        (f"{_email('Ann Lee')} calendar.csv", calendar.encode("cp1252")),
        ("Family feedback(1-6).csv", ("\ufeff" + forms).encode("utf-8")),
    ]


@pytest.mark.slow
def test_real_exports_full_of_names_leave_none_in_the_report(settings):
    dataset, loaded = load_bytes(_raw_exports(), settings)
    assert dataset.has("people", "meetings")
    page = render_report(dataset, loaded, settings)
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.-]+", page)
    for names in ROSTER_PEOPLE.values():
        for name in names:
            assert name not in page and name.split()[1] not in page, name
    for secret in (SUBJECT, COMMENT, "Jayden", "Kid 1"):
        assert secret not in page, secret
    assert "<b>Family Support</b>" not in page


@pytest.mark.parametrize(("score", "text"), [(41.94, "41.9"), (100.0, "100"), (0, "0"), (None, "Not scored"), (float("nan"), "Not scored")])
def test_scores_are_points_to_one_decimal_place(score, text):
    assert points(score) == text


def test_a_missing_score_beside_its_band_in_words_is_a_dash():
    assert points(None, missing="—") == "—" and points(41.94, missing="—") == "41.9"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["baseline", "Baseline"])
def test_a_scenario_named_baseline_keeps_its_own_column(dataset, results, settings, name):
    scenarios = [Scenario(name, {"families_in_audits": 100})]
    scenario = _section_of(render_report(dataset, results, settings, scenarios=scenarios), "scenarios")
    assert f"<h3>{name}</h3>" in scenario and "This scenario" in scenario


def test_the_terminal_table_writes_values_and_scores_as_the_report_does(dataset, settings, report):
    """The app, the report and the terminal share one formatter, so a figure reads the same in all three."""
    card = build_scorecard(dataset, settings)
    table = scorecard_table(card)
    assert table.startswith(f"Compost index: {points(card.score)} ")
    for r in card.results:
        value, score = number(r.measurement.value, r.indicator.unit), points(r.score)
        assert f"{value}  " in table and f"{score}  " in table
        assert esc(value) in report and esc(score) in report
    assert "—" not in table.split(ETHICS_LINE)[0]
