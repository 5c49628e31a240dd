"""The language scan: every term of the list found in its forms, everyday senses left alone, plain findings."""

from __future__ import annotations

import io
from dataclasses import replace

import pandas as pd
import pytest

from diagnostic.dataset import Dataset, conform
from diagnostic.indicators import language as indicators
from diagnostic.language import LEGAL_NOTE, PROMPT_NOTE, TERMS, count_words, find_terms, scan_dataset, scan_documents
from diagnostic.scorecard import build_scorecard

LETTER = """Dear Ms Okafor,

Following the closure of your case, contact will be supervised at the contact centre.
Your allocated worker will send the case notes. Your LAC review is on 3 June.
If you need us, our contact details are below. Please contact the duty team on 01632 960 123.
"""

POLICY = """# Children in care: placement policy

Looked after children are placed by the placement team. The care plan sets out contact with
siblings and birth parents. Where a young person absconds, staff record the incident; challenging
behaviour and aggressive incidents are escalated to the IRO. In any case, staff follow the
threshold document. In this case-by-case approach, the team around the child meets monthly.
"""

RELATIONAL = """A letter to you and your family

It was good to see you, Sam, and your mum on Tuesday. We talked about family time with your
brothers and sisters, and about your plan for the future. I will visit again next week.
"""


def documents(*named: tuple[str, str]) -> pd.DataFrame:
    return conform(
        "documents",
        pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(named))], "name": [n for n, _ in named], "text": [t for _, t in named]}),
    )


def found(text: str, settings) -> dict[str, int]:
    scan = scan_documents(documents(("doc.txt", text)), settings)
    return {f.term: f.count for f in scan.findings}


# ----------------------------------------------------------------------------------------------
# the list


def test_the_list_has_all_51_rows_each_with_a_suggestion_and_a_source():
    assert len(TERMS) == 51
    assert len({t.term for t in TERMS}) == 51
    for term in TERMS:
        assert term.suggestion and term.source and term.where


@pytest.mark.slow
@pytest.mark.parametrize(
    "term, text",
    [
        ("case", "We discussed your case."),
        ("contact (with family)", "Contact with his mother is weekly."),
        ("closure / case closure", "Case closure happens after review."),
        ("case notes", "Write your case-notes today."),
        ("team around the child", "The Team Around the Child met."),
        ("intervention", "Interventions were offered."),
        ("placement", "Her placements broke down."),
        ("LAC / LAAC / CLA (looked after children)", "He is LAC."),
        ("LAC / LAAC / CLA (looked after children)", "She is L.A.C. now."),
        ("LAC / LAAC / CLA (looked after children)", "Support for looked-after children."),
        ("LAC / LAAC / CLA (looked after children)", "Support for a looked after child."),
        ("CLA / LAC review", "The CLA Review is on Monday."),
        ("respite", "Respite is booked."),
        ("siblings", "Her sibling visited."),
        ("abscond", "He absconded twice."),
        ("challenging behaviour", "Challenging behaviours were noted."),
        ("attention seeker / attention-seeking", "She was attention seeking."),
        ("defiant", "He was defiant."),
        ("aggressive", "She became aggressive."),
        ("unit (residential)", "He moved to the residential unit."),
        ("residents", "Residents must be in by nine."),
        ("sanctions", "Sanctions were applied."),
        ("care leaver", "Support for care leavers."),
        ("care plan", "The care plan says so."),
        ("birth / biological parents", "Her birth mother wrote."),
        ("contact centre", "Meet at the contact centre."),
        ("difficult to place", "He is difficult to place."),
        ("foster carers (in talk with the child)", "Your foster carers will come."),
        ("in care", "You are in care."),
        ("leaving care", "The leaving care team."),
        ("permanence", "Permanence planning starts."),
        ("NEET", "He is NEET."),
        ("asylum seeker (as a label)", "An asylum seeker arrived."),
        ("acronyms (CIN, CP, IRO …)", "The IRO chairs it."),
        ("service user / client", "Every service user is asked."),
        ("did not attend (DNA), of a child", "The child DNA'd the appointment."),
        ("did not attend (DNA), of a child", "She did not attend the clinic."),
        ("hard to reach", "Hard-to-reach families."),
        ("non-engaging / non-compliant", "Mother is non-engaging."),
        ("failed to engage", "Father failed to engage."),
        ("disguised compliance", "Disguised compliance was suspected."),
        ("referral", "We received a referral."),
        ("threshold / does not meet threshold", "This does not meet threshold."),
        ("allocated worker", "Your allocated social worker is away."),
        ("caseload", "Caseloads are high."),
        ("supervised contact", "Supervised contact is on Fridays."),
        ("supervised contact", "Contact will be supervised."),
        ("strategy discussion (in letters to families)", "A strategy discussion was held."),
        ("child protection conference", "The initial child protection conference."),
        ("core group", "The core group meets."),
        ("statutory visit", "Statutory visits are due."),
        ("presenting as", "Presenting as tired."),
        ("escalate", "This was escalated."),
        ("compliance (of staff with procedure)", "Compliance with procedure is checked."),
        ("performance management (of practice)", "Performance management of practice."),
        ("pathway plan", "Your pathway plan."),
    ],
)
def test_each_term_is_found_in_its_usual_forms(term, text, settings):
    assert found(text, settings).get(term) == 1, found(text, settings)


@pytest.mark.parametrize(
    "text",
    [
        "Our contact details are below.",
        "Please contact us on the number below.",
        "Contact: the duty team.",
        "You can contact your social worker at any time.",
        "In any case, we will write.",
        "In this case we agree.",
        "Each decision is taken case-by-case.",
        "Case law says so.",
        "We make the case for change.",
        "Local residents were consulted.",
        "Children in care told us what they prefer.",
        "A student placement in our team.",
        "The cp and iro in lower case are not acronyms.",
        "A DNA test was ordered.",
    ],
)
def test_everyday_senses_are_not_findings(text, settings):
    assert found(text, settings) == {}


def test_the_longer_term_wins_where_two_overlap(settings):
    assert found("The case notes and the contact centre.", settings) == {"case notes": 1, "contact centre": 1}
    assert found("Disguised compliance.", settings) == {"disguised compliance": 1}


# ----------------------------------------------------------------------------------------------
# the scan


def test_a_letter_and_a_policy_as_txt_md_and_docx(settings):
    docs = documents(("letter.txt", LETTER), ("policy.md", POLICY), ("letter-copy.docx", LETTER), ("visit.txt", RELATIONAL))
    scan = scan_documents(docs, settings)
    findings = {f.term: f for f in scan.findings}
    assert findings["closure / case closure"].files == ("letter-copy.docx", "letter.txt")
    assert findings["placement"].files == ("policy.md",) and findings["placement"].count == 2
    assert "contact (with family)" in findings  # "contact with siblings" in the policy
    assert findings["contact (with family)"].files == ("policy.md",)  # never the letter's "contact details"
    assert all(f.suggestion for f in scan.findings)
    per_doc = {d.name: d for d in scan.documents}
    assert per_doc["visit.txt"].terms == 0 and per_doc["visit.txt"].per_1000_words == 0
    assert per_doc["letter.txt"].words == count_words(LETTER)


def test_to_dict_has_the_contract_keys_and_notes(settings):
    record = scan_documents(documents(("letter.txt", LETTER), ("policy.md", POLICY)), settings).to_dict()
    assert set(record) == {"findings", "documents"}
    for finding in record["findings"]:
        assert {"term", "suggestion", "count", "files", "source"} <= set(finding)
        assert finding["note"] in (LEGAL_NOTE, PROMPT_NOTE)
    notes = {f["term"]: f["note"] for f in record["findings"]}
    assert notes["LAC / LAAC / CLA (looked after children)"] == notes["placement"] == LEGAL_NOTE
    assert notes["case"] == PROMPT_NOTE
    assert set(record["documents"][1]) == {"name", "words", "terms", "per_1000_words"}
    assert "Okafor" not in str(record)


def test_findings_are_ordered_by_count(settings):
    counts = [f.count for f in scan_documents(documents(("policy.md", POLICY)), settings).findings]
    assert counts == sorted(counts, reverse=True)


def test_snippets_mark_the_term_and_hide_names_and_numbers(settings):
    scan = scan_documents(documents(("letter.txt", LETTER)), settings)
    [snippet] = scan.snippets("case notes")
    assert snippet.term == "case notes"
    assert len(snippet.before) <= 60 + 1 and len(snippet.after) <= 60 + 1  # cut back to whole words, with an ellipsis
    assert LETTER.replace("\n", " ").find(snippet.before.removeprefix("…") + "case notes") >= 0  # the text as written around it
    contact = " ".join(scan.snippets("contact centre", width=200)[0])
    assert "Okafor" not in contact and "01632" not in contact and contact.startswith("Dear [name],")
    assert scan.snippets("case", max_snippets=1) and len(scan.snippets("case", max_snippets=1)) == 1
    assert scan.snippets("not a term") == []


def test_the_organisations_own_terms_are_scanned_too(settings):
    mine = replace(settings, language_terms={"service user": "the person's name", "front door": "the first people you talk to"})
    scan = scan_documents(documents(("policy.md", "Every service user meets the Front-Door team.")), mine)
    findings = {f.term: f for f in scan.findings}
    assert findings["front door"].suggestion == "the first people you talk to"
    assert findings["service user"].suggestion == "the person's name"
    assert sum(1 for f in scan.findings if "service user" in f.term) == 1


def test_scan_dataset_without_documents_is_empty(settings):
    assert scan_dataset(Dataset(), settings).to_dict() == {"findings": [], "documents": []}


def test_find_terms_returns_spans_in_text_order(settings):
    text = "Supervised contact after the case closure."
    spans = find_terms(text, TERMS)
    assert [text[s:e] for _, s, e in spans] == ["Supervised contact", "case closure"]


# ----------------------------------------------------------------------------------------------
# the language domain


def test_language_indicators_score_relational_writing_higher(settings):
    institutional = Dataset(documents=documents(("letter.txt", LETTER), ("policy.md", POLICY)))
    relational = Dataset(documents=documents(("visit.txt", RELATIONAL), ("again.txt", RELATIONAL)))
    low = build_scorecard(institutional, settings, indicators.INDICATORS)
    high = build_scorecard(relational, settings, indicators.INDICATORS)
    assert low.domain("language").band == "concrete"
    assert high.domain("language").score == 100
    assert high.result("documents_with_relational_language_share").measurement.value == 100
    per_1000 = low.result("institutional_terms_per_1000_words").measurement
    scan = scan_dataset(institutional, settings)
    assert per_1000.value == pytest.approx(1000 * scan.total_terms / scan.words)
    assert per_1000.n == 2 and per_1000.n_unit == "documents"


def test_language_indicators_without_words_are_not_computed(settings):
    empty = Dataset(documents=documents(("blank.txt", "   ")))
    card = build_scorecard(empty, settings, indicators.INDICATORS)
    assert all(r.measurement.value is None and r.measurement.note for r in card.results)


def test_loaded_documents_are_scanned(settings, tmp_path):
    """End to end through the document loader, where it is available."""
    from diagnostic.ingest import load_file

    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in LETTER.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    loaded = [
        load_file(LETTER.encode("utf-8"), "letter.txt", settings),
        load_file(POLICY.encode("utf-8"), "policy.md", settings),
        load_file(buffer.getvalue(), "letter.docx", settings),
    ]
    if not all(r.dataset.documents is not None for r in loaded):
        pytest.skip("the document loader does not read these files yet")
    frames = pd.concat([r.dataset.documents for r in loaded], ignore_index=True)
    scan = scan_documents(frames, settings)
    files = {name for f in scan.findings for name in f.files}
    assert {"letter.txt", "policy.md", "letter.docx"} <= files
