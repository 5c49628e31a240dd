"""The words local exports use, for columns and for values, mapped to the canonical ones.

Councils keep complaints logs, audit sheets and staff lists in their own spreadsheets, so the same
idea arrives under many headers ("Date Received", "Date complaint received") and many spellings
("Partly upheld", "Partially upheld"). Keeping every synonym here, once, lets the named loaders,
the canonical templates and the column-mapping step all read them the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from diagnostic.ingest.rawfile import normalise_header

UNKNOWN = object()  # a non-empty value no rule recognises (the caller reports its rows)
CONTAINS_MIN = 8  # a synonym this long may match inside a longer header ("Date received (dd/mm/yyyy)")

# ---------------------------------------------------------------------------------------------
# Column headers: canonical table -> canonical column -> headers seen in the wild (any spelling;
# matching ignores case, spaces and punctuation). The canonical name itself always matches.

COLUMN_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "feedback": {
        "feedback_id": ("Reference", "Ref", "Complaint reference", "Case reference", "ID", "Record ID", "Feedback ID"),
        "kind": ("Record Type", "Type", "Feedback type", "Type of feedback", "Representation type", "Category of record"),
        "stage": ("Stage", "Complaint Stage", "Procedure stage", "Current stage"),
        "received": ("Date Received", "Received", "Date complaint received", "Received date", "Date logged", "Date"),
        "responded": ("Date Responded", "Response Date", "Date of response", "Responded", "Date response sent", "Response sent"),
        "due": ("Extended Due Date", "Response Due Date", "Due Date", "Target date", "Response due"),
        "source": (
            "Complainant Type",
            "Complainant",
            "Who complained",
            "Who made the complaint",
            "Complainant category",
            "From",
            "Source",
            "Respondent type",
        ),
        "outcome": ("Outcome", "Finding", "Findings", "Decision", "Result"),
        "action_taken": (
            "Learning / Action Agreed",
            "Action Agreed",
            "Learning",
            "Action taken",
            "Actions agreed",
            "Learning and actions",
            "Lessons learned",
            "Lessons learnt",
        ),
        "closed_loop": (
            "You said we did",
            "Feedback to complainant on action",
            "Learning shared with complainant",
            "Reported back",
            "Fed back",
        ),
        "team": ("Team", "Team name", "Service Area", "Service", "Area"),
        "theme": ("Category", "Theme", "Subject", "Topic", "Nature of complaint", "Issue"),
        "text": ("Summary", "Details", "Description", "Comments", "Comment"),
        "rating": ("Rating", "Score", "Satisfaction"),
    },
    "audits": {
        "audit_id": ("Audit ID", "Audit reference", "Audit ref", "Audit number", "Audit no"),
        "date": ("Audit Date", "Date of audit", "Date audited", "Date completed", "Completed date", "Date"),
        "team": ("Team", "Team name", "Service Area", "Service"),
        "practitioner_id": (
            "Practitioner",
            "Social Worker",
            "Allocated worker",
            "Case holder",
            "Allocated social worker",
            "Worker",
            "Practitioner email",
        ),
        "auditor_id": ("Auditor", "Audited by", "Auditor name", "Reviewer", "Completed by", "Auditor email"),
        "grade": (
            "Overall grade",
            "Grade",
            "Overall rating",
            "Rating",
            "Overall judgement",
            "Judgement",
            "Overall Ofsted grade",
        ),
        "focus": ("Audit Type", "Type of audit", "Focus", "Audit focus", "Audit method"),
        "child_voice": (
            "Voice of the child evidenced",
            "Voice of child evidenced",
            "Voice of the child",
            "Child's voice",
            "Childs voice",
            "Child voice",
            "Wishes and feelings evidenced",
        ),
        "family_involved": (
            "Family feedback obtained",
            "Family involved",
            "Family feedback",
            "Parent involved",
            "Parent/carer involved",
            "Family involvement",
        ),
        "practitioner_involved": (
            "Practitioner involved",
            "Completed with practitioner",
            "Audit conversation",
            "Audit conversation held",
            "Practitioner present",
            "Practitioner participated",
            "Worker involved",
            "Social worker involved",
            "Case holder involved",
        ),
        "actions_set": ("Actions set", "Number of actions", "No of actions", "Actions agreed", "Total actions"),
        "actions_done": ("Actions completed", "Actions done", "Actions complete", "Completed actions", "Number of actions completed"),
        "learning_recorded": ("Learning recorded", "Learning", "Learning identified", "Learning points", "What we learned"),
    },
    "people": {
        "person_id": ("Email", "Email address", "Work email", "E-mail", "User principal name", "UPN", "Mail"),
        "display_name": ("Name", "Display name", "Full name", "Employee name", "Staff name"),
        "team": ("Team", "Team name", "Service Area", "Service", "Unit", "Department"),
        "role": ("Role", "Job title", "Job Role", "Position", "Post", "Post title", "Designation"),
        "manager_id": ("Manager", "Line manager", "Manager email", "Line manager email", "Reports to", "Supervisor", "Manager name"),
        "is_practitioner": ("Practitioner", "Is practitioner", "Practitioner flag", "Case holder", "Holds cases", "Case holding"),
        "is_manager": ("Is manager", "Manager flag", "People manager"),
        "organisation": ("Organisation", "Organization", "Agency", "Employer"),
    },
    # The tables below come from standard exports with their own loaders; these synonyms only help
    # the column-mapping step guess for an export nobody recognises.
    "meetings": {
        "meeting_id": ("Meeting ID", "MeetingId", "Event ID", "UID"),
        "start": ("Start", "Start time", "Start date", "Starts", "Begin"),
        "end": ("End", "End time", "End date", "Finish", "Ends"),
        "organiser_id": ("Organiser", "Organizer", "Meeting Organizer", "Meeting Organiser", "Host", "Owner"),
        "is_recurring": ("Recurring", "Is recurring", "IsRecurring", "Repeats"),
        "invitees": ("Invitees", "Attendees", "Number of attendees", "Participants", "Invited"),
        "subject": ("Subject", "Title", "Meeting title", "Summary"),
        "all_day": ("All day", "All day event", "All_Day_Meeting"),
    },
    "attendance": {
        "person_id": ("Email", "Attendee", "Participant", "Name", "Full Name", "Participant ID (UPN)"),
        "role": ("Role", "Attendee role", "Response type"),
        "attended": ("Attended", "Joined", "Present"),
        "minutes": ("Minutes", "Duration", "In-Meeting Duration", "Time in meeting"),
    },
    "messages": {
        "sent_at": ("Sent", "Date sent", "Received", "Date", "Timestamp", "Time"),
        "sender_id": ("Sender", "SenderAddress", "Sender address", "From"),
        "recipient_id": ("Recipient", "RecipientAddress", "Recipient address", "To"),
        "recipient_type": ("Recipient type", "Type", "Field"),
        "n_recipients": ("Recipients", "Recipient count", "Number of recipients"),
        "message_id": ("Message ID", "MessageId", "Internet message ID"),
    },
    "volumes": {
        "person_id": ("User Principal Name", "UPN", "Email", "PersonId", "Person", "User"),
        "period_start": ("Period start", "Start date", "From", "Week starting", "MetricDate", "Date"),
        "period_end": ("Period end", "End date", "To", "Week ending"),
        "emails_sent": ("Send Count", "Emails sent", "Emails_sent", "Sent"),
        "emails_received": ("Receive Count", "Emails received", "Received"),
        "emails_read": ("Read Count", "Emails read"),
        "meetings": ("Meetings", "Meeting Count", "Meetings attended"),
        "meeting_hours": ("Meeting hours", "Meeting_hours", "Hours in meetings"),
        "chats_sent": ("Chats sent", "Chats_sent", "Private Chat Message Count"),
        "after_hours_hours": ("After hours collaboration hours", "After_hours_collaboration_hours", "After-hours hours"),
    },
    "ties": {
        "person_a": ("PrimaryCollaborator_PersonId", "From", "Source", "Person 1", "Sender"),
        "person_b": ("SecondaryCollaborator_PersonId", "To", "Target", "Person 2", "Recipient"),
        "weight": ("Weight", "Count", "Strength", "Interactions", "Hours"),
        "kind": ("Kind", "Type", "Channel"),
        "period": ("Period", "Week", "MetricDate", "Date"),
    },
}


def column_names(table: str) -> dict[str, tuple[str, ...]]:
    """Canonical column -> acceptable headers (the canonical name first) for one table."""
    from diagnostic.dataset import SCHEMAS

    extra = COLUMN_SYNONYMS.get(table, {})
    return {column: (column, *extra.get(column, ())) for column in SCHEMAS[table]}


def match_columns(headers: Iterable[str], synonyms: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Canonical column -> the user's header, each header used at most once.

    Each column's synonyms are tried in order, most specific first; a synonym matches a header
    exactly (ignoring case and punctuation) or, if it is long enough, at the start of a longer
    header ("Date complaint received (dd/mm/yyyy)"). Only when no synonym matches so does one
    found later in a header count: words in front change the meaning ("Target response date" is
    a due date), so "Response sent" wins over it. A header that is exactly some column's synonym
    is never taken by another column's inside match. Headers that match nothing are left out.
    """
    headers = [h for h in headers if isinstance(h, str)]
    repeats = {f"{h}.{i}" for h in duplicate_headers(headers) for i in range(1, len(headers))}
    originals = [h for h in headers if h not in repeats]  # pandas' "X.1" for a second "X": we read the first
    position = {h: i for i, h in reversed(list(enumerate(originals)))}
    by_norm: dict[str, list[str]] = {}
    for h in originals:
        by_norm.setdefault(normalise_header(h), []).append(h)
    wanted = {column: [normalise_header(n) for n in names] for column, names in synonyms.items()}
    exact = {n for names in wanted.values() for n in names}  # never taken by another column's inside match
    used: set[str] = set()

    def earliest(norms: Iterable[str]) -> str | None:
        free = [h for n in norms for h in by_norm[n] if h not in used]
        return min(free, key=position.__getitem__, default=None)

    def holding(name: str, *, at_start: bool) -> list[str]:
        if len(name) < CONTAINS_MIN:
            return []
        return [n for n in by_norm if n not in exact and (n.startswith(name) if at_start else name in n)]

    found: dict[str, str] = {}
    for column, names in wanted.items():
        starting = (earliest(([name] if name in by_norm else []) + holding(name, at_start=True)) for name in names)
        inside = (earliest(holding(name, at_start=False)) for name in names)
        hit = next((h for h in starting if h), None) or next((h for h in inside if h), None)
        if hit is not None:
            found[column] = hit
            used.add(hit)
    return found


def duplicate_headers(headers: Iterable[str]) -> list[str]:
    """Headers that appear more than once (pandas renames the repeats ``X.1``, ``X.2``)."""
    names = [str(h) for h in headers]
    plain = set(names)
    return sorted({re.sub(r"\.\d+$", "", n) for n in names if re.search(r"\.\d+$", n) and re.sub(r"\.\d+$", "", n) in plain})


# ---------------------------------------------------------------------------------------------
# Cell values. Each vocabulary is an ordered list of (pattern, value) rules over the cleaned,
# lower-cased cell; the first match wins. ``None`` means "recognised, and missing on purpose".

Rules = tuple[tuple[str, object], ...]

BOOLEAN: Rules = (
    (r"^(partly|partially|part|some|mixed|n/?a|not applicable|unknown|not known|tbc|-+)$", None),
    (r"^(y|yes|true|t|1|ticked|done|complete|completed|evidenced|obtained|held|involved)\b", True),
    (r"^(✓|✔)$", True),
    (r"^(n|no|false|f|0|none|not evidenced|not obtained|not held|not involved|not done|not completed|outstanding)\b", False),
)
GRADE: Rules = (
    (r"^(4|o|outstanding)\b", 4),
    (r"^(3|g|good)\b", 3),
    (r"^(2|ri|r\.i\.?|requires improvement|requires improvement to be good|needs improvement)\b", 2),
    (r"^(1|i|inadequate)\b", 1),
    (r"^(n/?a|not graded|ungraded|not applicable|-+)$", None),
)
FOCUS: Rules = (
    (r"compliance|dip[\s-]*sampl|audit of records|desk[\s-]*top|qa check|quality check", "compliance"),
    (r"practice|thematic|collaborative|reflective|observation|deep[\s-]*dive|appreciative|learning", "practice"),
)
SOURCE: Rules = (  # ordered: an advocate speaks for a child; a school's staff are partners
    (r"advocate|young carer|care leaver|on behalf of (a |the )?(child|young)", "child"),
    (
        r"\b(partners?|schools?|teachers?|health|nhs|gp|nurses?|doctors?|police|professionals?|agency|agencies|"
        r"cafcass|probation|solicitors?|voluntary|charity|education)\b",
        "partner",
    ),
    (
        r"\b(staff|social workers?|practitioners?|colleagues?|employees?|team members?|managers?|workers?|council officers?)\b|works? (for|at|in)",
        "staff",
    ),
    (r"\b(parents?|carers?|famil(y|ies)|mother|father|mum|dad|grand\w*|guardians?|kinship|foster|relatives?)\b", "parent_carer"),
    (r"\b(child|children|young (person|people)|yp|pupil|teenager|under 18)\b", "child"),
    (r".", "other"),
)
KIND: Rules = (
    (r"complain", "complaint"),
    (r"compliment|thank", "compliment"),
    (r"suggest|idea", "suggestion"),
    (r"survey|questionnaire", "survey"),
    (r"comment|feedback|concern", "comment"),
    (r"\bmp\b|member|councillor|enquiry|inquiry|freedom of information|foi|other", "other"),
)
STAGE_OMBUDSMAN = -1  # the Ombudsman stage: outside the council's three stages
STAGE: Rules = (
    (r"lgsco|ombudsman", STAGE_OMBUDSMAN),
    (r"^(stage\s*)?(1|one|i)\b|^s\s*1$|^st\s*1$|local resolution|informal", 1),
    (r"^(stage\s*)?(2|two|ii)\b|^s\s*2$|^st\s*2$|investigation", 2),
    (r"^(stage\s*)?(3|three|iii)\b|^s\s*3$|^st\s*3$|review panel|panel", 3),
)
OUTCOME: Rules = (
    (r"withdrawn|withdrew", "withdrawn"),
    (r"not\s*upheld|no finding|unfounded|not substantiated|unsubstantiated", "not_upheld"),
    (r"part(ly|ially)?\s*upheld|upheld in part|partial", "partly_upheld"),
    (r"upheld|substantiated|founded", "upheld"),
    (r"resolved|settled|closed.*resolution", "resolved"),
    (r"^(open|ongoing|pending|in progress|awaiting.*|n/?a|-+)$", None),
)
LIKERT: Rules = (
    (r"^(strongly disagree|very dissatisfied|very poor|very unhappy|never|not at all)$", 1),
    (r"^(disagree|dissatisfied|poor|unhappy|rarely|not really)$", 2),
    (r"^(neither agree nor disagree|neither satisfied nor dissatisfied|neither|neutral|ok|okay|fair|average|sometimes)$", 3),
    (r"^(agree|satisfied|good|happy|often|mostly)$", 4),
    (r"^(strongly agree|very satisfied|very good|excellent|very happy|always|completely)$", 5),
)
DONT_KNOW = r"^(don'?t know|do not know|dk|not sure|unsure|n/?a|not applicable|prefer not to say)$"
RESPONDENT_GROUP: Rules = (
    (r"practitioner|social worker|worker|frontline|front line", "practitioner"),
    (r"manager|supervisor|team lead", "manager"),
    (r"leader|senior|director|head of|executive", "leader"),
    (r"room|workshop|group|tally", "room"),
    (r"^(all|everyone|mixed)$", "all"),
)
ATTENDANCE_ROLE: Rules = (
    (r"organi[sz]er|chair|host", "organiser"),
    (r"required|req", "required"),
    (r"optional|opt", "optional"),
    (r"attendee|participant|presenter|invitee", "attendee"),
)
RECIPIENT_TYPE: Rules = ((r"^to$", "to"), (r"^cc$", "cc"), (r"^bcc$", "bcc"))
TIE_KIND: Rules = (
    (r"e-?mail", "email"),
    (r"meeting|calendar", "meeting"),
    (r"chat|teams|message", "chat"),
    (r"collab|other", "collaboration"),
)

# Job titles. Non-practitioner words are tried first: "Social Work Team Manager" manages.
ROLE_NOT_PRACTITIONER = re.compile(r"manager|head of|director|business support|admin|officer in charge|principal|coordinator|analyst", re.I)
ROLE_PRACTITIONER = re.compile(
    r"social worker|practitioner|family support worker|personal adviser|personal advisor|support worker|"
    r"\basye\b|youth worker|key worker|family worker|early help worker",
    re.I,
)
ROLE_MANAGER = re.compile(r"manager|head of|director|team leader|service lead", re.I)

_SPACES = re.compile(r"\s+")


def blank_to_na(values: pd.Series) -> pd.Series:
    """Text with surrounding spaces removed, and empty cells as NA."""
    text = values.astype("string").str.strip()
    return text.where(text != "", pd.NA)


def clean(value: object) -> str | None:
    """A cell as lower-case single-spaced text, or None when it is empty."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    text = _SPACES.sub(" ", str(value)).strip().strip(".").lower()
    return text or None


def lookup(value: object, rules: Rules) -> object:
    """The canonical value for one cell: a rule's value, None when empty, or ``UNKNOWN``."""
    text = clean(value)
    if text is None:
        return None
    for pattern, result in rules:
        if re.search(pattern, text):
            return result
    return UNKNOWN


def translate(values: pd.Series, rules: Rules | Callable[[object], object], dtype: str) -> tuple[pd.Series, list[int]]:
    """Map a column through a vocabulary: (canonical values, positions of unrecognised cells).

    Each distinct cell is looked up once and the answers are spread back by position, so a
    300,000-row column of a few repeated words costs a few lookups.
    """
    find = rules if callable(rules) else (lambda v: lookup(v, rules))
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    found = [find(u) for u in uniques]
    table = pd.array([pd.NA if f is None or f is UNKNOWN else f for f in found], dtype=dtype)
    result = pd.Series(table.take(codes, allow_fill=True), index=values.index, dtype=dtype)
    unknown = np.array([f is UNKNOWN for f in found] + [False], dtype=bool)[codes]  # code -1 (empty) reads the final False
    return result, [int(i) for i in np.flatnonzero(unknown)]


def number(value: object) -> float | None | object:
    """A count or a rating written as text ("3", "3.0", "1,204", "80%") -> float."""
    text = clean(value)
    if text is None:
        return None
    text = text.replace(",", "")
    percent = text.endswith("%")
    try:
        result = float(text.rstrip("%").strip())
    except ValueError:
        return UNKNOWN
    if not np.isfinite(result):
        return UNKNOWN
    return result / 100 if percent else result


def filled(value: object) -> bool | None:
    """True for a meaningful entry ("Letter sent 3 March"), False for "none"/"no", None if empty."""
    text = clean(value)
    if text is None:
        return None
    return not re.fullmatch(r"(no|none|nil|n/?a|not applicable|no action|no action required|no learning|-+|0)", text)


def role_is_practitioner(role: object) -> bool | None:
    """Practitioner or not from a job title; None when the title says neither."""
    text = clean(role)
    if text is None:
        return None
    if ROLE_NOT_PRACTITIONER.search(text):
        return False
    if ROLE_PRACTITIONER.search(text):
        return True
    return None


def role_is_manager(role: object) -> bool | None:
    """Manager or not from a job title (used only when a roster has no manager column)."""
    text = clean(role)
    if text is None:
        return None
    return bool(ROLE_MANAGER.search(text))


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """ "1 date", "3 dates": numbers with their unit, in plain English."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def agree(n: int, singular: str, plural: str) -> str:
    """The verb (or pronoun) that agrees with a count: ``agree(1, "is", "are")`` -> "is"."""
    return singular if n == 1 else plural
