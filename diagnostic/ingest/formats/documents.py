"""Policies, letters and templates (.txt, .md, .docx, .pdf) -> ``documents`` for the language scan.

Text is kept whole for the scan but never shown whole. A plain-text file is only taken for a
document when it reads as prose (words and sentences, not a delimited table) and its detection
score stays below every tabular format's, so a CSV is never mistaken for a letter.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from pathlib import PurePosixPath

import pandas as pd

from diagnostic.errors import InputError
from diagnostic.ingest.base import Format, LoadContext
from diagnostic.ingest.rawfile import RawFile
from diagnostic.ingest.vocabulary import counted
from diagnostic.privacy import pseudonymise_keys

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
PROSE_SCORE = 0.55  # just above the detection threshold, below any tabular format
BINARY_SCORE = 0.95  # a Word or PDF file is nothing else
NAMED_ONLY_SCORE = 0.6  # named .docx/.pdf but not one inside: claim it to say it is broken
MIN_WORDS = 5
MIN_LETTER_SHARE = 0.6
SAMPLE_CHARS = 8192
WORD = re.compile(r"[^\W\d_]{2,}")
SENTENCE_END = re.compile(r"[.!?:](\s|$)")
DELIMITERS = (",", ";", "\t", "|")
BROWSER_COPY = re.compile(r" \(\d+\)$")  # what a browser adds to a file's name when it is downloaded again


def looks_like_prose(text: str) -> bool:
    """Words in sentences, and not a table (the same number of delimiters on every line)."""
    sample = text[:SAMPLE_CHARS]
    lines = [line for line in sample.splitlines() if line.strip()]
    if not lines or _tabular(lines):
        return False
    visible = "".join(sample.split())
    letters = sum(c.isalpha() for c in visible) / max(1, len(visible))
    return len(WORD.findall(sample)) >= MIN_WORDS and letters >= MIN_LETTER_SHARE and bool(SENTENCE_END.search(sample))


def _tabular(lines: list[str]) -> bool:
    head = lines[:20]
    if len(head) < 2:
        return False
    return any(min(counts := [line.count(d) for line in head]) >= 2 and len(set(counts)) == 1 for d in DELIMITERS)


def detect_text(raw: RawFile) -> float:
    if not raw.name.lower().endswith(TEXT_SUFFIXES) or raw.is_xlsx or raw.is_docx or raw.is_pdf:
        return 0.0
    return PROSE_SCORE if looks_like_prose("\n".join(raw.head_lines)) else 0.0


def detect_docx(raw: RawFile) -> float:
    if raw.is_docx:
        return BINARY_SCORE
    return NAMED_ONLY_SCORE if raw.name.lower().endswith(".docx") and not raw.is_xlsx else 0.0


def detect_pdf(raw: RawFile) -> float:
    if raw.is_pdf:
        return BINARY_SCORE
    return NAMED_ONLY_SCORE if raw.name.lower().endswith(".pdf") else 0.0


def parse_text(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    return _document(raw, ctx, raw.text.replace("\r\n", "\n"))


def parse_docx(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """Paragraphs, then table cells (merged cells once), in document order of each kind."""
    import docx

    try:
        document = docx.Document(io.BytesIO(raw.data))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                seen: list[str] = []
                for cell in row.cells:
                    if not seen or cell.text != seen[-1]:
                        seen.append(cell.text)
                parts.append("\t".join(seen))
    except Exception:  # python-docx raises many types for broken files
        raise InputError(f"{raw.name}: this Word document cannot be opened. Open it in Word and save it again as .docx.") from None
    return _document(raw, ctx, "\n".join(p for p in parts if p.strip()))


def parse_pdf(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """The text of every page; a scan (pages that are only images) gets a warning, not an error."""
    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged PDFs are reported to the user, not the log
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw.data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{raw.name}: this PDF is protected by a password. Save an unprotected copy and load that.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception:  # pypdf raises many types for broken files
        raise InputError(f"{raw.name}: this PDF cannot be opened. Save it again as PDF (or as a Word document) and load that.") from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        ctx.warn(
            f"This PDF has {counted(len(pages), 'page')} but no text we can read: it is probably a scan (pictures of pages).",
            "Load the original Word document, or a PDF saved from it, instead.",
        )
    return _document(raw, ctx, text)


def _document(raw: RawFile, ctx: LoadContext, text: str) -> dict[str, pd.DataFrame]:
    """One ``documents`` row, keyed on its text: the same document loaded twice, whatever each
    copy is called, is scanned once. A document with no text (a scan) is keyed on its bytes."""
    ctx.rows_read = 1
    path = PurePosixPath(raw.name)
    name = BROWSER_COPY.sub("", path.stem) + path.suffix  # "letter (1).docx" is a second download of "letter.docx"
    content = f"text:{text}" if text.strip() else f"bytes:{hashlib.blake2b(raw.data, digest_size=16).hexdigest()}"
    doc_id = pseudonymise_keys(pd.Series([f"document:{content}"], dtype="string"), ctx.settings.salt).str.replace("p", "d", n=1)
    return {"documents": pd.DataFrame({"doc_id": doc_id, "name": [name], "text": [text]})}


FORMATS: tuple[Format, ...] = (
    Format(
        id="document_text",
        kind="documents",
        label="Policy or letter (text)",
        detect=detect_text,
        parse=parse_text,
        source="Any policy, letter or template saved as plain text (.txt) or Markdown (.md).",
    ),
    Format(
        id="document_docx",
        kind="documents",
        label="Policy or letter (Word)",
        detect=detect_docx,
        parse=parse_docx,
        source="A Word document (.docx): a policy, a letter template or a procedure.",
    ),
    Format(
        id="document_pdf",
        kind="documents",
        label="Policy or letter (PDF)",
        detect=detect_pdf,
        parse=parse_pdf,
        source="A PDF saved from Word or published on the procedures website (scans have no text to read).",
    ),
)
