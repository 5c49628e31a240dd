"""The report as a board paper: its first page, the summary's sentences and the organisation's name."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from diagnostic.cli import main
from diagnostic.dataset import Dataset
from diagnostic.indicators import REGISTRY
from diagnostic.indicators.base import Measurement, not_computed
from diagnostic.report.about import organisation_name, period_text
from diagnostic.report.domains import findings
from diagnostic.report.summary import cover_section, most_concrete, not_measured, sentence, strongest
from diagnostic.scorecard import IndicatorResult, roll_up
from diagnostic.settings import Settings, load_settings, save_settings
from tests.conftest import SAMPLE_SALT

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _result(indicator_id: str, value: float | None) -> IndicatorResult:
    ind = next(i for i in REGISTRY if i.id == indicator_id)
    measurement = not_computed("Not computed: needs a sheet nobody sent.") if value is None else Measurement(value, n=40, n_unit="meetings")
    return IndicatorResult(ind, measurement, ind.concrete_at, ind.compost_at)


def _card(values: dict[str, float | None]):
    return roll_up(tuple(_result(k, v) for k, v in values.items()), Settings(salt=SAMPLE_SALT))


def _value_at(indicator_id: str, reach: float) -> float:
    """The value that lies ``reach`` of the way (in hundredths, uncapped) from the concrete line to the compost line."""
    ind = next(i for i in REGISTRY if i.id == indicator_id)
    return ind.concrete_at + reach / 100 * (ind.compost_at - ind.concrete_at)


IDS = [i.id for i in REGISTRY if i.unit == "%"][:8]


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("board") / "r.html"
    assert main(["report", str(ROOT / "data" / "samples"), "--out", str(out)]) == 0
    return out.read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_sample_report_opens_with_the_organisation_the_period_and_the_summary(sample_report):
    body = sample_report[sample_report.index("<body>") :]
    first = body[: body.index("</section>")]  # the title block and the first section, before any page break
    text = _text(first)
    assert "<h1>northbridge.gov.uk</h1>" in first
    assert "Period covered: 13 December 2024 to 2 April 2025" in text
    assert "Sources used" in text and "Calendar (.ics)" in text and "Teams attendance report (3 files)" in text
    assert re.search(r"Compost index \d+(\.\d)? out of 100 (Concrete|Cracks|Soil|Compost)", text)
    assert "Index from 7 of 7 domains" in text
    assert "The strongest conditions" in text and "The most concrete" in text and "What was not measured" in text
    assert first.count("<li>") >= 3 + 3 + 1
    assert "Defensive copying (email) was not measured: the message trace does not say which recipients" in text


@pytest.mark.slow
def test_the_annex_holds_the_reference_tables_after_the_domain_pages(sample_report):
    order = [
        sample_report.index(f'<section id="{a}"')
        for a in ("summary", "index", "domain-meetings", "domain-language", "domains", "network", "coverage")
    ]
    assert order == sorted(order)
    annex = sample_report[sample_report.index('<section id="domains"') :]
    assert "Annex A: every indicator" in annex and "Meetings indicators" in annex and "About each indicator" in annex
    assert "Annex E: data coverage" in annex and "What each file gave" in annex
    assert '<section id="scenarios"' not in sample_report  # no scenario given, no empty page
    pages = re.findall(r'<section id="domain-[^"]+".*?</section>', sample_report, flags=re.S)
    assert len(pages) == 7 and all(page.count("<svg") <= 1 for page in pages)


def test_the_strongest_and_most_concrete_are_chosen_by_how_far_past_their_line():
    values = {IDS[0]: _value_at(IDS[0], 130), IDS[1]: _value_at(IDS[1], 100), IDS[2]: _value_at(IDS[2], 160), IDS[3]: _value_at(IDS[3], 60)}
    values |= {IDS[4]: _value_at(IDS[4], -50), IDS[5]: _value_at(IDS[5], 0), IDS[6]: _value_at(IDS[6], 20), IDS[7]: None}
    card = _card(values)
    assert [r.indicator.id for r in strongest(card)] == [IDS[2], IDS[0], IDS[1]]  # all three score 100: the furthest first
    assert [r.indicator.id for r in most_concrete(card)] == [IDS[4], IDS[5], IDS[6]]  # both at 0: the furthest below first
    assert IDS[7] not in {r.indicator.id for r in strongest(card) + most_concrete(card)}


def test_with_few_indicators_none_is_both_strongest_and_most_concrete():
    card = _card(
        {IDS[0]: _value_at(IDS[0], 90), IDS[1]: _value_at(IDS[1], 40), IDS[2]: _value_at(IDS[2], 10), IDS[3]: _value_at(IDS[3], 70)}
    )
    strong, weak = strongest(card), most_concrete(card)
    assert [r.indicator.id for r in strong] == [IDS[0], IDS[3], IDS[1]]
    assert [r.indicator.id for r in weak] == [IDS[2]]


def test_each_sentence_carries_its_number_and_unit():
    meetings = _result("meeting_hours_per_person", 5.9)
    assert (
        sentence(meetings)
        == f"{meetings.indicator.title} (meetings): 5.9 hours/week, which scores {_points(meetings)} out of 100 ({meetings.band})."
    )
    share = _result("large_meeting_share", 40.28)
    assert "40.3%, which scores 0 out of 100 (concrete)." in sentence(share)
    assert sentence(share, with_domain=False).startswith(f"{share.indicator.title}: 40.3%")
    area = _result("self_assessment_hr", 53.2)
    assert sentence(area).endswith(": 53.2 points out of 100 (soil).")  # a score is not said twice


def _points(r: IndicatorResult) -> str:
    from diagnostic.wording import points

    return points(r.score)


def test_an_indicator_not_computed_is_said_only_under_what_was_not_measured():
    missing = "cc_share"
    values = {i: _value_at(i, 50) for i in IDS[:6]} | {missing: None}
    card = _card(values)
    title = next(i.title for i in REGISTRY if i.id == missing)
    page = _text(cover_section(card))
    said = page[page.index("What was not measured") :]
    assert page.count(title) == 1 and title in said
    assert f"{title} (email) was not measured: it needs a sheet nobody sent." in said
    assert not_measured(card) == [f"{title} (email) was not measured: it needs a sheet nobody sent."]
    assert all(title not in line for line in findings(card, "email")[:-1])
    assert findings(card, "email")[-1].startswith("1 of this domain's indicators could not be measured")


def test_indicators_missing_for_one_reason_share_a_sentence():
    audits = sorted((i for i in REGISTRY if i.domain == "audits"), key=lambda i: i.id)
    card = _card({i.id: None for i in audits} | {"cc_share": None})
    lines = not_measured(card)
    assert len(lines) == 2
    assert (
        lines[0]
        == f"{audits[0].title}, {audits[1].title} and {len(audits) - 2} more (audits) were not measured: they need a sheet nobody sent."
    )
    assert lines[1].endswith("(email) was not measured: it needs a sheet nobody sent.")


def test_when_everything_is_measured_the_summary_says_so():
    page = _text(cover_section(_card({i: _value_at(i, 50) for i in IDS})))
    assert "Every indicator could be measured from the files loaded." in page


def test_a_domain_page_gives_two_or_three_findings():
    meetings = [i.id for i in REGISTRY if i.domain == "meetings"]
    card = _card({i: _value_at(i, 10 * n) for n, i in enumerate(meetings)})
    lines = findings(card, "meetings")
    assert len(lines) == 3
    chosen = [
        i for i in meetings if any(next(r.indicator.title for r in card.results if r.indicator.id == i) + ":" in line for line in lines)
    ]
    assert chosen == [meetings[0], meetings[1], meetings[-1]]  # the two most concrete and the strongest


def test_the_name_given_wins_over_the_settings_which_win_over_the_email_domain(sample_dataset):
    named = Settings(salt=SAMPLE_SALT, organisation="Northbridge Council")
    assert organisation_name(sample_dataset, named, "  Northbridge   Children's Services ").name == "Northbridge Children's Services"
    assert organisation_name(sample_dataset, named, "  ") == organisation_name(sample_dataset, named)
    assert organisation_name(sample_dataset, named).name == "Northbridge Council"
    assert organisation_name(sample_dataset, named).source == "settings"
    fallback = organisation_name(sample_dataset, Settings(salt=SAMPLE_SALT))
    assert (fallback.name, fallback.source) == ("northbridge.gov.uk", "email domain")  # 150 staff there; partners not counted


def test_the_email_domain_is_the_commonest_among_the_organisations_own_people(sample_dataset):
    people = sample_dataset.people.copy()
    internal = people.index[people["organisation"].eq("internal")]
    people.loc[internal[:100], "domain"] = "b.example.gov.uk"
    people.loc[internal[100:], "domain"] = "a.example.gov.uk"
    people.loc[people["organisation"].ne("internal"), "domain"] = "partner.nhs.example"  # more common, but not ours
    assert organisation_name(sample_dataset.with_tables(people=people), Settings(salt=SAMPLE_SALT)).name == "b.example.gov.uk"
    tied = people.copy()
    tied.loc[internal, "domain"] = ["b.example.gov.uk", "a.example.gov.uk"] * (len(internal) // 2) + ["a.example.gov.uk"] * (
        len(internal) % 2
    )
    tied = tied.iloc[::-1]  # row order never decides
    name = organisation_name(sample_dataset.with_tables(people=tied), Settings(salt=SAMPLE_SALT)).name
    assert name == "a.example.gov.uk"


def test_with_no_people_and_no_name_the_page_says_how_to_name_it():
    org = organisation_name(Dataset(), Settings(salt=SAMPLE_SALT))
    assert (org.name, org.source) == ("", "")
    assert period_text(None).startswith("The files loaded carry no dates")


def test_the_organisation_setting_is_kept_in_the_settings_file(tmp_path):
    path = tmp_path / "settings.json"
    save_settings(replace(load_settings(path), organisation="Northbridge Council"), path)
    assert load_settings(path).organisation == "Northbridge Council"


@pytest.mark.slow
def test_the_flag_names_the_organisation(tmp_path):
    out = tmp_path / "r.html"
    assert main(["report", str(ROOT / "data" / "samples"), "--out", str(out), "--organisation", "Northbridge <Council>"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<h1>Northbridge &lt;Council&gt;</h1>" in page
    assert "commonest email domain" not in page[: page.index("</header>")]
