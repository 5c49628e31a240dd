"""Language domain: how much institutional language the policies, letters and templates carry.

Read with :mod:`diagnostic.language`, which finds the terms. The thresholds are judgement: no
sector benchmark exists for terms per 1,000 words, so pilot organisations should reset them near
what they observe. A scan counts words, not meaning; the conversation it starts is the point.
"""

from __future__ import annotations

import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.indicators.base import Indicator, Measurement, not_computed
from diagnostic.language import WORDS_PER, LanguageScan, scan_documents
from diagnostic.settings import Settings
from diagnostic.wording import number

RELATIONAL_MAX_PER_1000 = 3.0  # a document with fewer terms than this per 1,000 words reads as relational (judgement)
PERCENT = 100.0
SOURCE = "judgement (no published benchmark; reset after a pilot)"

_last: tuple[pd.DataFrame, tuple, LanguageScan] | None = None


def _scan(dataset: Dataset, settings: Settings) -> LanguageScan:
    """The scan of this dataset's documents, computed once for the three indicators that read it."""
    global _last
    key = tuple(sorted(settings.language_terms.items()))
    if _last is not None and _last[0] is dataset.documents and _last[1] == key:
        return _last[2]
    scan = scan_documents(dataset.documents, settings)
    _last = (dataset.documents, key, scan)
    return scan


def _no_words(scan: LanguageScan) -> Measurement | None:
    if scan.words == 0:
        return not_computed("Not computed: the documents loaded contain no readable words.", len(scan.documents), "documents")
    return None


def _coverage_of(scan: LanguageScan) -> str:
    return f"of the {len(scan.documents):,} documents loaded"


def _coverage(scan: LanguageScan) -> float:
    """Share of the documents loaded that had text to read."""
    return sum(1 for d in scan.documents if d.words) / len(scan.documents)


def terms_per_1000_words(dataset: Dataset, settings: Settings) -> Measurement:
    scan = _scan(dataset, settings)
    if (missing := _no_words(scan)) is not None:
        return missing
    value = WORDS_PER * scan.total_terms / scan.words
    return Measurement(
        value,
        len(scan.documents),
        "documents",
        _coverage(scan),
        note=f"{number(scan.total_terms, 'terms')} in {number(scan.words, 'words')}.",
        coverage_of=_coverage_of(scan),
    )


def relational_documents_share(dataset: Dataset, settings: Settings) -> Measurement:
    scan = _scan(dataset, settings)
    if (missing := _no_words(scan)) is not None:
        return missing
    read = [d for d in scan.documents if d.words]
    relational = sum(1 for d in read if d.per_1000_words < RELATIONAL_MAX_PER_1000)
    return Measurement(PERCENT * relational / len(read), len(read), "documents", _coverage(scan), coverage_of=_coverage_of(scan))


def acronyms_per_1000_words(dataset: Dataset, settings: Settings) -> Measurement:
    scan = _scan(dataset, settings)
    if (missing := _no_words(scan)) is not None:
        return missing
    acronyms = sum(d.acronyms for d in scan.documents)
    return Measurement(WORDS_PER * acronyms / scan.words, len(scan.documents), "documents", _coverage(scan), coverage_of=_coverage_of(scan))


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        id="institutional_terms_per_1000_words",
        domain="language",
        title="Institutional terms per 1,000 words",
        question="How often do our policies, letters and templates use words that can shut down relationships?",
        unit="terms per 1,000 words",
        concrete_at=10.0,
        compost_at=1.0,
        source=SOURCE,
        seed="'No one wants to be a case. Language like that can shut down relationships' (Barking & Dagenham); "
        "'the language we use in policies and letters' (Dove, 2024)",
        caveat="Counts words, not meaning. Some terms are required by law; a lower number is not automatically better writing.",
        needs=("documents",),
        compute=terms_per_1000_words,
    ),
    Indicator(
        id="documents_with_relational_language_share",
        domain="language",
        title="Documents written in relational language",
        question=f"What share of our documents use fewer than {RELATIONAL_MAX_PER_1000:g} institutional terms per 1,000 words?",
        unit="%",
        concrete_at=20.0,
        compost_at=80.0,
        source=SOURCE,
        seed="'After a visit, instead of sending case notes, social workers write a letter to the family' (Barking & Dagenham)",
        caveat="Short documents swing a long way on one word. Court documents and statutory plans need some terms.",
        needs=("documents",),
        compute=relational_documents_share,
    ),
    Indicator(
        id="acronyms_per_1000_words",
        domain="language",
        title="Acronyms per 1,000 words",
        question="How often do our documents use acronyms (LAC, CIN, CP, IRO and others) that families may not know?",
        unit="acronyms per 1,000 words",
        concrete_at=5.0,
        compost_at=0.5,
        source=SOURCE,
        seed="'Families say what annoys them is social workers being secretive' (Barking & Dagenham)",
        caveat="Acronyms explained in full on first use still count. Internal procedures may reasonably use more than letters.",
        needs=("documents",),
        compute=acronyms_per_1000_words,
    ),
)
