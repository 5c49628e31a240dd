"""The words local exports use for the values of canonical columns, mapped to the canonical values.

Each vocabulary is an ordered list of (pattern, value) rules over the cleaned, lower-cased cell; the
first match wins. ``None`` means "recognised, and missing on purpose". The table specifications name
the vocabulary of each column; the named loaders and the survey reader use some directly.
"""

from __future__ import annotations

from diagnostic.schema.spec import Rules

PARTLY = r"partly|partially|part|some|mixed"
BOOLEAN: Rules = (  # "Partly" is neither yes nor no: missing, unless a column decides otherwise
    (rf"^({PARTLY}|n/?a|not applicable|unknown|not known|tbc|-+)$", None),
    (r"^(y|yes|true|t|1|ticked|done|complete|completed|evidenced|obtained|held|involved)\b", True),
    (r"^(✓|✔)$", True),
    (r"^(n|no|false|f|0|none|not evidenced|not obtained|not held|not involved|not done|not completed|outstanding)\b", False),
)
# The child's voice is evidenced or it is not: an audit that finds it only partly evidenced has not
# found it (the catalogue counts audits where it is evidenced), so "Partly" is No.
CHILD_VOICE: Rules = ((rf"^({PARTLY})$", False), *BOOLEAN)
GRADE: Rules = (
    (r"^(4|o|outstanding)\b", 4),
    (r"^(3|g|good)\b", 3),
    (r"^(2|ri|r\.i\.?|requires improvement|requires improvement to be good|needs improvement)\b", 2),
    (r"^(1|i|inadequate)\b", 1),
    (r"^(n/?a|not graded|ungraded|not applicable|-+)$", None),
)
NOT_APPLICABLE = r"^(n/?a|not applicable|none|-+)$"
# Graded audits of the work on a child's file (single or multi-agency, the child's journey) look at
# practice, as thematic and collaborative audits do; dip samples and record checks look at compliance.
FOCUS: Rules = (
    (r"compliance|dip[\s-]*sampl|audit of records|desk[\s-]*top|qa check|quality check|timescale", "compliance"),
    (
        r"practice|thematic|collaborative|reflective|observation|deep[\s-]*dive|appreciative|learning|"
        r"case[\s-]*file|multi[\s-]*agency|single[\s-]*agency|joint|child'?s journey",
        "practice",
    ),
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
    (NOT_APPLICABLE, None),
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
    (r"^(open|ongoing|pending|in progress|awaiting.*)$", None),
    (NOT_APPLICABLE, None),
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
# When one person is listed twice on a meeting, the strongest role is kept: the roles above, strongest first.
ROLE_RANK = {role: rank for rank, (_, role) in enumerate(ATTENDANCE_ROLE)}
RECIPIENT_TYPE: Rules = ((r"^to$", "to"), (r"^cc$", "cc"), (r"^bcc$", "bcc"))
TIE_KIND: Rules = (
    (r"e-?mail", "email"),
    (r"meeting|calendar", "meeting"),
    (r"chat|teams|message", "chat"),
    (r"collab|other", "collaboration"),
)
