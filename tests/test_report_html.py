"""The HTML report: self-contained, every section present, ethics line, escaping, no identifiers."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from diagnostic.dataset import Dataset, conform
from diagnostic.ingest import LoadResult
from diagnostic.privacy import ETHICS_LINE, pseudonym
from diagnostic.report.html import esc, inline_svg, number, render_report, write_report

HOSTILE_TEAM = "<script>alert(1)</script>"
TEAMS = ("Assessment East", "Children in care", HOSTILE_TEAM)
NAMES = ("Ann Lee", "Bilal Khan", "Chloe Evans", "Dev Patel", "Erin Walsh", "Femi Ade")
SUBJECT = "Supervision with Ann Lee about Jayden"
COMMENT = "Jayden's mum said nobody called her back"
SECTIONS = ("summary", "domains", "network", "scenarios", "self-assessment", "language", "coverage")
EXTERNAL_LOAD = re.compile(
    r"<(script|link|img|iframe|object|embed|source|video|audio)\b[^>]*\b(src|href|data)\s*=\s*[\"']?\s*(https?:)?//", re.I
)


def _email(name: str) -> str:
    return name.lower().replace(" ", ".") + "@northbridge.gov.uk"


@pytest.fixture
def people_keys():
    return [(team, name) for team in TEAMS for name in NAMES]


@pytest.fixture
def dataset(settings, people_keys) -> Dataset:
    """Six people in each of three teams, a fortnight of meetings and email, audits, feedback and a letter."""
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
    return Dataset(
        people=people, meetings=meetings, attendance=attendance, messages=messages, audits=audits, feedback=feedback, documents=documents
    )


@pytest.fixture
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


@pytest.fixture
def report(dataset, results, settings) -> str:
    return render_report(dataset, results, settings)


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
    for svg in re.findall(r"<svg\b[^>]*>", report):
        assert 'role="img"' in svg and "aria-label=" in svg
    assert report.count("<svg") == report.count("<figcaption>")


def test_an_empty_dataset_gives_a_partial_profile(settings):
    page = render_report(Dataset(), [], settings)
    assert "Partial profile" in page
    for anchor in SECTIONS:
        assert f'<section id="{anchor}"' in page


def test_write_report_writes_one_utf8_file(dataset, results, settings, tmp_path):
    path = write_report(dataset, results, settings, tmp_path / "out" / "report.html")
    assert path == tmp_path / "out" / "report.html"
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["report.html"]


def test_inline_svg_scopes_ids_and_names_the_image():
    svg = '<svg width="10"><defs><clipPath id="clip1"/></defs><g clip-path="url(#clip1)"/></svg>'
    out = inline_svg(svg, "fig3", 'Hours "per" team')
    assert 'id="fig3-clip1"' in out and "url(#fig3-clip1)" in out and 'id="clip1"' not in out
    assert out.startswith('<svg width="10" role="img" aria-label="Hours &quot;per&quot; team"><title>')


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
