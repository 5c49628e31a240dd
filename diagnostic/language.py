"""Institutional language in policies, letters and templates, and the relational words to offer instead.

"No one wants to be a case. Language like that can shut down relationships" (Barking & Dagenham).
The scan finds the 51 terms of the language list (and any the organisation adds in its settings)
and counts them per 1,000 words. A finding is a prompt for a conversation with children and
families, never a banned word: some terms are required by law, and the child's own preference wins.

Matching is on whole words, case-insensitive except for acronyms ("CP" but not "cp"). Where two
terms overlap, the longer one wins ("case notes" is one finding, not "case" plus "case notes").
Some words have everyday senses that are not institutional ("contact details", "in any case");
those contexts are left out as well as a word list can manage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.settings import Settings

WORDS_PER = 1000  # terms are counted per 1,000 words
CONTEXT_CHARS = 40  # how far before and after a match an exclusion may look
ELLIPSIS = "…"
USER_SOURCE = "Your organisation's own list (settings)"

LEGAL_NOTE = (
    "This term can be required by law or statutory guidance. Treat it as a prompt for a conversation, "
    "not a banned word: keep it where the law needs it, explain it in plain words, and ask the child what they prefer."
)
PROMPT_NOTE = "A prompt for a conversation with children and families, not a banned word. The child's own preference wins."

SOURCES = {
    "BD": "Barking & Dagenham CARES framework",
    "TACT": "TACT, Language That Cares (2019)",
    "NL": "North Lanarkshire Council Promise language guide",
    "LEI": "Leicester City Council, Our language",
    "WNB": "UK NHS safeguarding practice ('was not brought')",
    "OFSTED": "Ofsted inspection framework (uses 'children in care')",
    "J": "judgement",
}

_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_SPACE = re.compile(r"\s+")
_EMAIL = re.compile(r"\S+@\S+\.\S+")
_DIGITS = re.compile(r"\+?\d[\d ()/.-]{3,}\d|\d{3,}")
_HONORIFIC_NAME = re.compile(r"\b(Dear|Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?")


@dataclass(frozen=True)
class Term:
    """One row of the language list, with the pattern that finds it.

    ``pattern`` is a regular expression (case-insensitive unless ``acronym``); ``not_before`` and
    ``not_after`` are patterns tested against the text just before (anchored at its end) and just
    after (anchored at its start) a match, to leave out everyday senses of the same word.
    """

    term: str
    suggestion: str
    where: str
    source: str
    pattern: str
    legal: bool = False
    acronym: bool = False
    not_before: str | None = None
    not_after: str | None = None
    compiled: re.Pattern = field(init=False, repr=False, compare=False)
    before: re.Pattern | None = field(init=False, repr=False, compare=False)
    after: re.Pattern | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        flags = 0 if self.acronym else re.IGNORECASE
        object.__setattr__(self, "compiled", re.compile(self.pattern, flags))
        object.__setattr__(self, "before", re.compile(f"(?:{self.not_before})$", re.IGNORECASE) if self.not_before else None)
        object.__setattr__(self, "after", re.compile(self.not_after, re.IGNORECASE) if self.not_after else None)

    def spans(self, text: str) -> Iterable[tuple[int, int]]:
        """Start and end of each match in ``text`` that is not an everyday sense of the word."""
        for m in self.compiled.finditer(text):
            start, end = m.span()
            if self.before is not None and self.before.search(text[max(0, start - CONTEXT_CHARS) : start]):
                continue
            if self.after is not None and self.after.match(text, end, min(len(text), end + CONTEXT_CHARS)):
                continue
            yield start, end


def _source(*keys: str) -> str:
    return "; ".join(SOURCES[k] for k in keys)


# Contexts where "case" is the everyday word, not a child or a family.
_CASE_NOT_BEFORE = (
    r"\bin(?:\s+\w+)?\s+|\b(?:just|worst|best|upper|lower|test|edge|business|use|court|legal|special|strong|weak)\s+"
    r"|\b(?:is|was|be|been|not|remains?)\s+the\s+|-by-"
)
_CASE_NOT_AFTER = r"\s*(?:law|stud(?:y|ies)|-by-|of\b|that\b|for\b)"
# "contact" in the family-time sense; not the verb ("please contact us") nor contact details.
_CONTACT_NOT_BEFORE = (
    r"\b(?:to|please|can|could|may|might|should|will|would|must|shall|not|pls|first|initial|eye|physical|sexual|close|in|main|named|key|emergency|useful)\s+"
    r"|\bpoint of\s+"
)
_CONTACT_NOT_AFTER = (
    r"\s*(?::|details?\b|us\b|me\b|him\b|her\b|them\b|you\b|your\b|our\b|the\b|a\b|an\b|his\b|their\b|my\b|number|no\.|information|info\b"
    r"|point|name|telephone|tel\b|phone|e-?mail|address|form|list|person|officer|card|lens|tracing|hours|sheet|page|methods?)"
)

TERMS: tuple[Term, ...] = (
    Term("case", "child / family / the family I work with: use names", "records, meetings", _source("BD"),
         r"\bcases?\b", not_before=_CASE_NOT_BEFORE, not_after=_CASE_NOT_AFTER),
    Term("contact (with family)", "family time; seeing Mum, Dad or Grandma", "care plans, letters", _source("BD", "TACT", "NL"),
         r"\bcontacts?\b", legal=True, not_before=_CONTACT_NOT_BEFORE, not_after=_CONTACT_NOT_AFTER),
    Term("closure / case closure", "goodbye; ending our work together", "records, letters", _source("BD"),
         r"\b(?:case[- ])?closures?\b|\bclos(?:e|ed|ing)\s+(?:the|your|this|a|their|his|her)\s+case\b|\bcase\s+(?:(?:was|is|will be|has been)\s+)?closed\b",
         not_before=r"\b(?:road|school|site|office|building)\s+"),
    Term("case notes", "a letter to the family, written to them and shared with them", "recording", _source("BD"),
         r"\bcase[- ]?notes?\b|\bcase[- ]recording\b"),
    Term("team around the child", "team around the relationship", "multi-agency plans", _source("BD"),
         r"\bteams? around the (?:child|children|family|families)\b"),
    Term("intervention", "help; what we will do together ('the relationship is the intervention')", "plans", _source("BD"),
         r"\binterventions?\b"),
    Term("placement", "home", "care plans, reviews", _source("NL"),
         r"\bplacements?\b", legal=True, not_before=r"\b(?:student|work|practice|practise|university|college)\s+"),
    Term("LAC / LAAC / CLA (looked after children)", "the child's name; children in care; care-experienced young people", "all",
         _source("NL", "TACT", "OFSTED"),
         r"(?<![\w.])(?:L\.?A\.?A?\.?C|C\.?L\.?A)\.?(?!\w)|(?i:\blooked[- ]after (?:child(?:ren)?|young (?:people|person))\b|\bchild(?:ren)? looked[- ]after\b)",
         legal=True, acronym=True),
    Term("CLA / LAC review", "All About Me meeting; my review", "invitations", _source("TACT"),
         r"(?:\b(?:CLA|LAC|LAAC)|(?i:\blooked[- ]after(?: child(?:ren)?)?))\s+(?i:reviews?)\b", acronym=True),
    Term("respite", "a break; a stay-over (for both child and carer)", "plans", _source("TACT"), r"\brespite\b"),
    Term("siblings", "brothers and sisters", "plans, records", _source("NL"), r"\bsiblings?\b"),
    Term("abscond", "ran away; went missing", "incident reports", _source("TACT", "NL"), r"\babscond(?:s|ed|ing|er|ers)?\b"),
    Term("challenging behaviour", "having trouble coping; in distress; unmet need; upset", "records", _source("TACT", "NL"),
         r"\bchallenging behaviou?rs?\b"),
    Term("attention seeker / attention-seeking", "looking for help or support; unmet need", "records", _source("NL"),
         r"\battention[- ]seek(?:er|ers|ing)\b"),
    Term("defiant", "strong-willed; confident in their choices", "records", _source("NL"), r"\bdefian(?:t|ce)\b"),
    Term("aggressive", "reacting to a situation", "records", _source("NL"), r"\baggressi(?:ve|vely|on)\b"),
    Term("unit (residential)", "house; home", "all", _source("NL"), r"\b(?:residential|children's|childrens|secure)\s+units?\b"),
    Term("residents", "young people", "residential records", _source("NL"),
         r"\bresidents\b", not_before=r"\b(?:local|borough|council|all|area|our|city|county)\s+"),
    Term("sanctions", "consequences", "residential policies", _source("NL"), r"\bsanction(?:s|ed|ing)?\b"),
    Term("care leaver", "care-experienced adult", "letters, services", _source("TACT"), r"\bcare[- ]leavers?\b", legal=True),
    Term("care plan", "my plan; future plans", "letters, plans", _source("TACT"), r"\bcare[- ]plan(?:s|ning)?\b", legal=True),
    Term("birth / biological parents", "parents; family; Mum; Dad (ask the child)", "records", _source("TACT"),
         r"\b(?:birth|biological)\s+(?:parents?|mother|father|mum|dad|family|families)\b"),
    Term("contact centre", "family centre", "letters", _source("TACT"), r"\bcontact\s+cent(?:re|er)s?\b"),
    Term("difficult to place", "we have not yet found a home good enough for them", "panels, reports", _source("TACT"),
         r"\b(?:difficult|hard)[- ]to[- ]place\b"),
    Term("foster carers (in talk with the child)", "their names; foster mum or foster dad; the family I live with", "conversations, letters",
         _source("TACT"), r"\bfoster[- ]carers?\b"),
    Term("in care", "living with a different family in a different home", "letters", _source("TACT"),
         r"\bin care\b", not_before=r"\b(?:child|children|young people|young person)\s+", not_after=r"\s*(?:proceedings|planning|of)\b"),
    Term("leaving care", "moving on; moving up", "pathway work", _source("TACT"), r"\bleaving care\b"),
    Term("permanence", "my home without disruptions", "plans", _source("TACT"), r"\bpermanen(?:ce|cy)\b", legal=True),
    Term("NEET", "not in education, training or work: say it plainly", "reports", _source("TACT"), r"\bNEETs?\b", acronym=True),
    Term("asylum seeker (as a label)", "young person", "all", _source("TACT"), r"(?i:\basylum[- ]seek(?:er|ers|ing)\b)|\bUASC\b", acronym=True),
    Term("acronyms (CIN, CP, IRO …)", "full words, explained", "letters, plans", _source("TACT"),
         r"\b(?:CIN|CP|CPP|ICPC|RCPC|IRO|PLO|MASH|LADO|EHA|TAC|TAF|SGO|PEP|CAMHS|FGC|CSE|CCE|SW)s?\b", acronym=True),
    Term("service user / client", "person who draws on support; the person's name", "policies", _source("LEI"),
         r"\bservice[- ]users?\b|\bclients?\b"),
    Term("did not attend (DNA), of a child", "was not brought", "health and education records", _source("WNB"),
         r"(?i:\b(?:did not|didn't|failed to) attend\b)|\bDNA(?:'?d|s)?\b", acronym=True,
         not_after=r"\s*(?:test|testing|tests|sample|samples|profile|evidence)"),
    Term("hard to reach", "not yet reached; our services are hard to reach", "strategies", _source("J"), r"\bhard[- ]to[- ]reach\b"),
    Term("non-engaging / non-compliant", "not yet able to work with us: what is getting in the way?", "records", _source("J"),
         r"\bnon[- ]?(?:engag(?:ing|ement|ed)|complian(?:t|ce))\b|\bnot engaging\b"),
    Term("failed to engage", "we have not yet found a way to work together", "records, letters", _source("J"),
         r"\b(?:fail(?:ed|s|ing|ure)?|refus(?:ed|es|ing|al)) to engage\b"),
    Term("disguised compliance", "describe what was agreed and what happened", "records", _source("J"), r"\bdisguised complian(?:ce|t)\b"),
    Term("referral", "a request for help", "letters", _source("J"), r"\breferrals?\b", legal=True),
    Term("threshold / does not meet threshold", "what help fits now, and who can give it", "letters", _source("J"),
         r"\b(?:does not|doesn't|did not|didn't|not) meets? (?:the |our )?thresholds?\b|\bthresholds?\b", legal=True),
    Term("allocated worker", "your social worker, (name), on (number)", "letters", _source("J"), r"\ballocated (?:social )?workers?\b"),
    Term("caseload", "the children and families I work with", "HR, performance", _source("J"), r"\bcase[- ]?loads?\b"),
    Term("supervised contact", "supported family time", "plans", _source("J"),
         r"\bsupervised contact\b|\bcontact (?:will|would|must|should|shall|is to|is going to) be supervised\b"),
    Term("strategy discussion (in letters to families)", "a meeting between professionals about your child's safety; we will tell you what was decided and why",
         "letters", _source("J"), r"\bstrategy (?:discussions?|meetings?)\b", legal=True),
    Term("child protection conference", "a meeting with you about keeping (child) safe", "invitations", _source("J"),
         r"\b(?:initial |review )?child protection (?:case )?conferences?\b", legal=True),
    Term("core group", "the group helping your family, including you", "invitations", _source("J"), r"\bcore groups?\b", legal=True),
    Term("statutory visit", "visit; time together", "records", _source("J"), r"\bstatutory visits?\b", legal=True),
    Term("presenting as", "seemed; told me; I noticed", "records", _source("J"), r"\bpresent(?:ing|ed|s) as\b"),
    Term("escalate", "ask for help from; bring in", "procedures", _source("J"), r"\bescalat(?:e|es|ed|ing|ion|ions)\b"),
    Term("compliance (of staff with procedure)", "following the plan we agreed together", "audits, HR", _source("J"), r"\bcomplian(?:ce|t)\b"),
    Term("performance management (of practice)", "practice conversations; learning together", "HR, audit", _source("J"),
         r"\bperformance[- ]manag(?:ement|ed|ing)\b"),
    Term("pathway plan", "my plan for my future", "letters", _source("J"), r"\bpathway plans?\b", legal=True),
)  # fmt: skip

ACRONYM_TERMS = frozenset(t.term for t in TERMS if t.acronym)


def user_term(phrase: str, suggestion: str) -> Term:
    """A Term for a phrase from the organisation's settings: whole words, any case, plural allowed."""
    words = [re.escape(w) for w in re.split(r"[\s-]+", phrase.strip()) if w]
    body = r"[\s-]+".join(words)
    return Term(phrase.strip(), suggestion, "your documents", USER_SOURCE, rf"\b{body}(?:s|es)?\b")


def terms_for(settings: Settings) -> tuple[Term, ...]:
    """The built-in list plus the user's own terms; a user term replaces a built-in one of the same name."""
    extra = tuple(user_term(p, s) for p, s in settings.language_terms.items() if p.strip())
    mine = {t.term.casefold() for t in extra}
    return extra + tuple(t for t in TERMS if t.term.casefold() not in mine)


def count_words(text: str) -> int:
    """Words as a reader counts them ("don't" and "care-experienced" are one word each)."""
    return len(_WORD.findall(text))


def find_terms(text: str, terms: tuple[Term, ...]) -> list[tuple[int, int, int]]:
    """Non-overlapping matches as ``(term index, start, end)``, in text order; longer matches win."""
    candidates = [(start, end, i) for i, term in enumerate(terms) for start, end in term.spans(text)]
    candidates.sort(key=lambda c: (c[0] - c[1], c[0], c[2]))
    taken = bytearray(len(text))
    kept = []
    for start, end, i in candidates:
        if taken.find(1, start, end) == -1:
            taken[start:end] = b"\x01" * (end - start)
            kept.append((i, start, end))
    kept.sort(key=lambda k: k[1])
    return kept


@dataclass(frozen=True)
class TermFinding:
    """One term found in the documents: how often, and in which documents."""

    term: str
    suggestion: str
    count: int
    files: tuple[str, ...]
    source: str
    legal: bool = False

    def to_dict(self) -> dict:
        return {
            "term": self.term,
            "suggestion": self.suggestion,
            "count": self.count,
            "files": list(self.files),
            "source": self.source,
            "note": LEGAL_NOTE if self.legal else PROMPT_NOTE,
        }


@dataclass(frozen=True)
class DocumentSummary:
    """One document: its length and how dense its institutional language is."""

    name: str
    words: int
    terms: int
    acronyms: int

    @property
    def per_1000_words(self) -> float | None:
        return WORDS_PER * self.terms / self.words if self.words else None

    def to_dict(self) -> dict:
        per = self.per_1000_words
        return {"name": self.name, "words": self.words, "terms": self.terms, "per_1000_words": None if per is None else round(per, 2)}


class Snippet(NamedTuple):
    """An extract: the text before the term, the term as the document writes it, the text after."""

    before: str
    term: str
    after: str


@dataclass(frozen=True)
class LanguageScan:
    """What the scan found. The documents' text is kept only to give short snippets on request."""

    findings: tuple[TermFinding, ...]
    documents: tuple[DocumentSummary, ...]
    _terms: tuple[Term, ...] = field(default=(), repr=False)
    _texts: tuple[str, ...] = field(default=(), repr=False)
    _matches: tuple[tuple[tuple[int, int, int], ...], ...] = field(default=(), repr=False)

    @property
    def words(self) -> int:
        return sum(d.words for d in self.documents)

    @property
    def total_terms(self) -> int:
        return sum(d.terms for d in self.documents)

    def to_dict(self) -> dict:
        return {"findings": [f.to_dict() for f in self.findings], "documents": [d.to_dict() for d in self.documents]}

    def snippets(self, term: str, max_snippets: int = 3, width: int = 60) -> list[Snippet]:
        """Up to ``max_snippets`` short extracts around ``term``, each as the text before, the term
        as written, and the text after: plain text, so the page marks the term and nothing in a
        document (a Markdown image, a link) is ever read as formatting.

        ``width`` characters are kept each side, cut back to whole words. Email addresses, long
        numbers and names after a title ("Dear Ms Smith") are replaced, because letters to
        families carry them; even so, snippets are for the person who loaded the documents and
        belong in no export.
        """
        index = next((i for i, t in enumerate(self._terms) if t.term == term), None)
        if index is None:
            return []
        out: list[Snippet] = []
        for text, matches in zip(self._texts, self._matches):
            for i, start, end in matches:
                if i != index:
                    continue
                out.append(_snippet(text, start, end, width))
                if len(out) >= max_snippets:
                    return out
        return out


def _snippet(text: str, start: int, end: int, width: int) -> Snippet:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    if start - width > 0 and " " in left:
        left = ELLIPSIS + left.split(" ", 1)[1]
    if end + width < len(text) and " " in right:
        right = right.rsplit(" ", 1)[0] + ELLIPSIS
    return Snippet(_SPACE.sub(" ", _redact(left)).lstrip(), _SPACE.sub(" ", text[start:end]), _SPACE.sub(" ", _redact(right)).rstrip())


def _redact(text: str) -> str:
    text = _EMAIL.sub("[email]", text)
    text = _HONORIFIC_NAME.sub(lambda m: f"{m.group(1)} [name]", text)
    return _DIGITS.sub("[number]", text)


def scan_documents(documents: pd.DataFrame, settings: Settings) -> LanguageScan:
    """Scan a ``documents`` table (doc_id, name, text) for institutional language."""
    terms = terms_for(settings)
    acronyms = {i for i, t in enumerate(terms) if t.acronym}
    summaries: list[DocumentSummary] = []
    texts: list[str] = []
    all_matches: list[tuple[tuple[int, int, int], ...]] = []
    counts = [0] * len(terms)
    files: list[set[str]] = [set() for _ in terms]
    for doc_id, name, text in documents[["doc_id", "name", "text"]].itertuples(index=False):
        text = text if isinstance(text, str) else ""
        label = name if isinstance(name, str) and name else str(doc_id)
        matches = tuple(find_terms(text, terms))
        for i, _, _ in matches:
            counts[i] += 1
            files[i].add(label)
        summaries.append(DocumentSummary(label, count_words(text), len(matches), sum(1 for m in matches if m[0] in acronyms)))
        texts.append(text)
        all_matches.append(matches)
    findings = [
        TermFinding(t.term, t.suggestion, counts[i], tuple(sorted(files[i])), t.source, t.legal) for i, t in enumerate(terms) if counts[i]
    ]
    findings.sort(key=lambda f: (-f.count, f.term.casefold()))
    return LanguageScan(tuple(findings), tuple(summaries), terms, tuple(texts), tuple(all_matches))


def scan_dataset(dataset: Dataset, settings: Settings) -> LanguageScan:
    """The scan of the dataset's ``documents`` table (an empty scan when there is none)."""
    if dataset.documents is None:
        return LanguageScan((), ())
    return scan_documents(dataset.documents, settings)
