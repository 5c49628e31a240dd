"""Policies and letters: Word, PDF and plain text are read; broken files and tables are not documents."""

from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import example, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

import diagnostic.ingest as ingest
from diagnostic.ingest import load_file
from diagnostic.ingest.formats import documents
from diagnostic.ingest.formats.documents import looks_like_prose
from diagnostic.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "documents"


def load(name: str, settings: Settings):
    return load_file((FIXTURES / name).read_bytes(), name, settings, strict=True)


def test_word_letter_paragraphs_and_table_cells(settings):
    result = load("letter_to_family.docx", settings)
    doc = result.dataset.documents
    assert (result.kind, result.format, result.format_label) == ("documents", "document_docx", "Policy or letter (Word)")
    assert result.rows == 1 and result.dataset.present() == {"documents": 1}
    assert doc["name"].tolist() == ["letter_to_family.docx"]
    assert doc["doc_id"].str.match(r"^d[0-9a-f]{16}$").all()
    text = doc["text"].iloc[0]
    assert "Following the closure of your case, contact with your child will be supervised" in text
    assert "Contact arrangements\tSupervised, fortnightly" in text
    assert text.count("Please tell us what you think of this letter.") == 1  # a merged cell is read once
    assert not result.issues


def test_pdf_policy_text_from_every_page(settings):
    result = load("contact_policy.pdf", settings)
    text = result.dataset.documents["text"].iloc[0]
    assert (result.format, result.format_label) == ("document_pdf", "Policy or letter (PDF)")
    assert text.startswith("Contact and Family Time Policy")
    assert "Cases are closed when the plan has been completed." in text
    assert not result.issues


def test_a_scanned_pdf_gets_a_warning_not_an_error(settings):
    result = load("scanned_letter.pdf", settings)
    assert result.usable and result.dataset.documents["text"].iloc[0] == ""
    assert result.warnings == [
        "scanned_letter.pdf: This PDF has 2 pages but no text we can read: it is probably a scan (pictures of pages). "
        "Load the original Word document, or a PDF saved from it, instead."
    ]


def test_plain_text_in_windows_encoding(settings):
    result = load("writing_to_families.txt", settings)
    assert (result.format, result.format_label) == ("document_text", "Policy or letter (text)")
    assert result.dataset.documents["text"].iloc[0].splitlines()[2].startswith("Write to the family, not about them.")
    assert "\r" not in result.dataset.documents["text"].iloc[0]


def test_a_one_line_letter_is_a_document(settings):
    result = load_file(b"Following the closure of your case, contact will be supervised.\n", "letter.txt", settings, strict=True)
    assert result.format == "document_text"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("table.txt", b"name,team,role\nAnn,A,SW\nBen,B,SW\n"),
        ("tabs.txt", b"a\tb\tc\n1\t2\t3\n4\t5\t6\n"),
        ("notes.csv", b"Following the closure of your case, contact will be supervised.\n"),
        ("numbers.txt", b"12 34 56\n78 90 12\n"),
    ],
)
def test_tables_and_csv_files_are_never_documents(settings, name, data):
    assert load_file(data, name, settings, strict=True).format != "document_text"


def test_prose_needs_words_and_a_sentence():
    assert looks_like_prose("We will write to you within ten working days. Thank you.")
    assert not looks_like_prose("a;b;c\n1;2;3")
    assert not looks_like_prose("")


@pytest.mark.parametrize(
    ("name", "data", "sentence"),
    [
        ("broken.docx", b"PK\x03\x04this is not really a Word file", "this Word document cannot be opened"),
        ("renamed.docx", b"plain text saved with the wrong name", "this Word document cannot be opened"),
        ("broken.pdf", b"%PDF-1.4\nnothing else", "this PDF cannot be opened"),
    ],
)
def test_corrupt_word_and_pdf_files_give_one_sentence(settings, name, data, sentence):
    result = load_file(data, name, settings, strict=True)
    assert result.errors == [
        f"{name}: {sentence}. "
        + (
            "Open it in Word and save it again as .docx."
            if "Word" in sentence
            else "Save it again as PDF (or as a Word document) and load that."
        )
    ]


@hyp_settings(max_examples=30, deadline=None)
@given(
    st.sampled_from(["letter_to_family.docx", "contact_policy.pdf", "writing_to_families.txt"]),
    st.integers(0, 40_000),
    st.binary(min_size=1, max_size=16),
)
@example("letter_to_family.docx", 36066, b"\x00@")  # a damaged zip directory claiming zip version 6.4
def test_mutated_documents_only_ever_give_issues(name, at, insert):
    data = bytearray((FIXTURES / name).read_bytes())
    data[at % len(data) : at % len(data) + len(insert)] = insert
    with patch.object(ingest, "FORMATS", documents.FORMATS):
        result = load_file(bytes(data), name, Settings(salt="s"), strict=True)
    assert result.usable or all(e.startswith(name) for e in result.errors)


def test_the_same_text_under_a_copy_name_is_one_document_with_its_own_name(settings):
    data = (FIXTURES / "writing_to_families.txt").read_bytes()
    dataset, _ = ingest.load_bytes([("writing_to_families (1).txt", data), ("writing_to_families.txt", data)], settings)
    assert dataset.documents["name"].tolist() == ["writing_to_families.txt"]
    other, _ = ingest.load_bytes([("writing_to_families.txt", data), ("letter.txt", data + b"\nA second paragraph.\n")], settings)
    assert len(other.documents) == 2
