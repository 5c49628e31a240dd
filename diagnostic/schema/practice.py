"""The tables about practice: case audits, feedback, documents for the language scan, self-assessment answers."""

from __future__ import annotations

from diagnostic.schema.spec import BOOL, DATETIME, FLOAT, INT, OVERSEER, PERSON, REFERENCE, STR, TIME, Column, Table
from diagnostic.schema.vocabularies import CHILD_VOICE, FOCUS, GRADE, KIND, OUTCOME, SOURCE, STAGE

AUDITS = Table(
    "audits",
    columns=(
        Column(
            "audit_id",
            STR,
            role=REFERENCE,
            reference="audit",
            synonyms=("Audit ID", "Audit reference", "Audit ref", "Audit number", "Audit no"),
            examples=("A-2025-001", "A-2025-002"),
            help="Your reference for the audit (not the child's ID); it is replaced by a code when loaded.",
        ),
        Column(
            "date",
            DATETIME,
            role=TIME,
            synonyms=("Audit Date", "Date of audit", "Date audited", "Date completed", "Completed date", "Date"),
            examples=("2025-01-20", "2025-01-27"),
            help="The date the audit was completed.",
        ),
        Column(
            "team",
            STR,
            synonyms=("Team", "Team name", "Service Area", "Service"),
            examples=("Assessment Team North", "Assessment Team North"),
            help="The team that holds the case.",
        ),
        Column(
            "practitioner_id",
            STR,
            role=PERSON,
            synonyms=(
                "Practitioner",
                "Social Worker",
                "Allocated worker",
                "Case holder",
                "Allocated social worker",
                "Worker",
                "Practitioner email",
            ),
            examples=("ann.lee@northbridge.gov.uk", "sam.okafor@northbridge.gov.uk"),
            help="The email address or name of the practitioner whose work was audited.",
        ),
        Column(
            "auditor_id",
            STR,
            role=OVERSEER,
            synonyms=("Auditor", "Audited by", "Auditor name", "Reviewer", "Completed by", "Auditor email"),
            examples=("jo.patel@northbridge.gov.uk", "jo.patel@northbridge.gov.uk"),
            help="The email address or name of the auditor.",
        ),
        # 1 inadequate, 2 requires improvement, 3 good, 4 outstanding
        Column(
            "grade",
            INT,
            vocabulary=GRADE,
            expect="Write Outstanding, Good, Requires improvement or Inadequate, or 4 to 1.",
            synonyms=("Overall grade", "Grade", "Overall rating", "Rating", "Overall judgement", "Judgement", "Overall Ofsted grade"),
            examples=("Good", "Requires improvement"),
            help="Outstanding, Good, Requires improvement or Inadequate (or 4 to 1).",
        ),
        Column(
            "focus",
            STR,
            vocabulary=FOCUS,
            expect="Write compliance or practice.",
            synonyms=("Audit Type", "Type of audit", "Focus", "Audit focus", "Audit method"),
            examples=("practice", "compliance"),
            help="Write practice for audits of the work with the family, or compliance for checks on records and timescales.",
        ),
        Column(
            "child_voice",
            BOOL,
            vocabulary=CHILD_VOICE,
            expect="Write Yes or No (Partly counts as No), or leave the cell empty when it is not known.",
            synonyms=(
                "Voice of the child evidenced",
                "Voice of child evidenced",
                "Voice of the child",
                "Child's voice",
                "Childs voice",
                "Child voice",
                "Wishes and feelings evidenced",
            ),
            examples=("Yes", "No"),
            help="Yes if the child's voice (wishes and feelings) is evidenced, otherwise No (partly evidenced is No).",
        ),
        Column(
            "family_involved",
            BOOL,
            synonyms=(
                "Family feedback obtained",
                "Family involved",
                "Family feedback",
                "Parent involved",
                "Parent/carer involved",
                "Family involvement",
            ),
            examples=("Yes", "No"),
            help="Yes if the family was asked for their view as part of the audit, otherwise No.",
        ),
        Column(
            "practitioner_involved",
            BOOL,
            synonyms=(
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
            examples=("Yes", "No"),
            help="Yes if the audit was done with the practitioner, otherwise No.",
        ),
        Column(
            "actions_set",
            INT,
            synonyms=("Actions set", "Number of actions", "No of actions", "Actions agreed", "Total actions"),
            examples=("3", "6"),
            help="How many actions the audit set.",
        ),
        Column(
            "actions_done",
            INT,
            synonyms=("Actions completed", "Actions done", "Actions complete", "Completed actions", "Number of actions completed"),
            examples=("2", "1"),
            help="How many of those actions are done.",
        ),
        Column(
            "learning_recorded",
            BOOL,
            synonyms=("Learning recorded", "Learning", "Learning identified", "Learning points", "What we learned"),
            examples=("Yes", "No"),
            help="Yes if learning from the audit was written down and shared, otherwise No.",
        ),
    ),
    label="case audits",
    kind="audits",
    about="One row per case audit: its grade, its focus, and whether the child, the family and the practitioner took part.",
    dedupe=("audit_id",),
)

FEEDBACK = Table(
    "feedback",
    columns=(
        Column(
            "feedback_id",
            STR,
            role=REFERENCE,
            reference="feedback",
            synonyms=("Reference", "Ref", "Complaint reference", "Case reference", "ID", "Record ID", "Feedback ID"),
            examples=("C-2025-014", "S-2025-003"),
            help="Your reference for the item; it is replaced by a code when loaded.",
        ),
        Column(
            "received",
            DATETIME,
            role=TIME,
            synonyms=("Date Received", "Received", "Date complaint received", "Received date", "Date logged", "Date"),
            examples=("2025-01-06", "2025-01-09"),
            help="The date the feedback was received.",
        ),
        Column(
            "source",
            STR,
            vocabulary=SOURCE,
            expect="Write child, parent/carer, staff, partner or other.",
            synonyms=(
                "Complainant Type",
                "Complainant",
                "Who complained",
                "Who made the complaint",
                "Complainant category",
                "From",
                "Source",
                "Respondent type",
            ),
            examples=("parent_carer", "child"),
            help="Who gave it: child, parent_carer, staff, partner or other.",
        ),
        Column(
            "kind",
            STR,
            vocabulary=KIND,
            expect="Write complaint, compliment, comment, suggestion or survey.",
            synonyms=("Record Type", "Type", "Feedback type", "Type of feedback", "Representation type", "Category of record"),
            examples=("complaint", "survey"),
            help="One of complaint, compliment, comment, suggestion or survey.",
        ),
        Column(
            "stage",
            INT,
            vocabulary=STAGE,
            expect="Write Stage 1, Stage 2 or Stage 3.",
            synonyms=("Stage", "Complaint Stage", "Procedure stage", "Current stage"),
            examples=("1", ""),
            help="For complaints, the stage: 1, 2 or 3.",
        ),
        # 0-1
        Column(
            "rating",
            FLOAT,
            expect="Write the rating as a number from 0 to 1 (for example 0.75).",
            most=1,
            synonyms=("Rating", "Score", "Satisfaction"),
            examples=("", "0.75"),
            help="For survey answers, the rating as a number from 0 (worst) to 1 (best).",
        ),
        Column(
            "theme",
            STR,
            synonyms=("Category", "Theme", "Subject", "Topic", "Nature of complaint", "Issue"),
            examples=("Communication", "Seeing my social worker"),
            help="What the feedback is about, in a few words.",
        ),
        Column(
            "team",
            STR,
            synonyms=("Team", "Team name", "Service Area", "Service", "Area"),
            examples=("Assessment Team North", ""),
            help="The team the feedback is about.",
        ),
        Column(
            "text",
            STR,
            synonyms=("Summary", "Details", "Description", "Comments", "Comment"),
            opt_in="show_text",
            help="The feedback itself; it is only kept if you choose to show text.",
        ),
        # date of the response, NA if none yet
        Column(
            "responded",
            DATETIME,
            synonyms=("Date Responded", "Response Date", "Date of response", "Responded", "Date response sent", "Response sent"),
            examples=("2025-01-17", ""),
            help="The date you responded, empty if not yet.",
        ),
        Column(
            "due",
            DATETIME,
            synonyms=("Extended Due Date", "Response Due Date", "Due Date", "Target date", "Response due"),
            examples=("2025-01-20", ""),
            help="The date the response was due.",
        ),
        Column(
            "outcome",
            STR,
            vocabulary=OUTCOME,
            expect="Write Upheld, Partly upheld, Not upheld, Withdrawn or Resolved.",
            synonyms=("Outcome", "Finding", "Findings", "Decision", "Result"),
            examples=("partly_upheld", ""),
            help="For complaints, one of upheld, partly_upheld, not_upheld, withdrawn or resolved.",
        ),
        Column(
            "action_taken",
            BOOL,
            synonyms=(
                "Learning / Action Agreed",
                "Action Agreed",
                "Learning",
                "Action taken",
                "Actions agreed",
                "Learning and actions",
                "Lessons learned",
                "Lessons learnt",
            ),
            examples=("Yes", "No"),
            help="Yes if something changed because of this feedback, otherwise No.",
        ),
        # "you said, we did" reported back
        Column(
            "closed_loop",
            BOOL,
            synonyms=(
                "You said we did",
                "Feedback to complainant on action",
                "Learning shared with complainant",
                "Reported back",
                "Fed back",
            ),
            examples=("Yes", ""),
            help="Yes if you told the person what you did about it (you said, we did), otherwise No.",
        ),
    ),
    label="feedback",
    kind="feedback",
    about="One row per complaint, compliment, comment or survey answer: who gave it, when, and what happened next.",
    dedupe=("feedback_id",),
)

DOCUMENTS = Table(
    "documents",
    columns=(
        Column("doc_id", STR),
        Column("name", STR),
        Column("text", STR),  # for the language scan; never shown whole
    ),
    dedupe=("doc_id",),
)

# self-assessment answers (one person) or tallies (a room's votes)
RESPONSES = Table(
    "responses",
    columns=(
        Column("statement_id", STR),
        Column("respondent_group", STR),  # practitioner / manager / leader / room / all
        Column("response", INT),  # 1-5; NA = don't know
        Column("count", INT),  # 1 for one person's answer, the votes for a tally
        # which answer this is: the same in any copy of the sheet or survey export (a pseudonym);
        # missing for answers given in the app, which are never loaded twice
        Column("answer_id", STR),
    ),
    dedupe=("answer_id",),
)
