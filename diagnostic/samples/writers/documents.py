"""A letter to a family (Word) and a family time policy (Markdown) for the language scan.

Both use the institutional words the scan looks for ("case", "contact", "closure", "placement",
"LAC", "service user", "failed to engage", ...), as many real letters and policies still do.
"""

from __future__ import annotations

from datetime import datetime

from docx import Document

from diagnostic.samples.texts import LETTER_PARAGRAPHS, LETTER_TITLE, POLICY_MARKDOWN
from diagnostic.samples.writers.office import docx_bytes


def write_letter(stamp: datetime) -> bytes:
    document = Document()
    document.core_properties.title = LETTER_TITLE
    for text in LETTER_PARAGRAPHS:
        document.add_paragraph(text)
    return docx_bytes(document, stamp)


def write_policy() -> bytes:
    return POLICY_MARKDOWN.encode("utf-8")
