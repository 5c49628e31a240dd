"""The tables of who met and wrote to whom: meetings, attendance, email messages, activity totals and ties.

The first columns of each table are DESIGN.md's minimum; the rest are extras some exports carry.
"""

from __future__ import annotations

from diagnostic.schema.spec import BOOL, DATETIME, FLOAT, INT, PERSON, REFERENCE, STR, TIME, Column, Table
from diagnostic.schema.vocabularies import ATTENDANCE_ROLE, RECIPIENT_TYPE, TIE_KIND

MEETINGS = Table(
    "meetings",
    columns=(
        Column(
            "meeting_id",
            STR,
            required=True,
            role=REFERENCE,
            reference="meeting",
            synonyms=("Meeting ID", "MeetingId", "Event ID", "UID"),
            examples=("M-0001", "M-0002"),
            help="Any reference that is the same for every row about one meeting (it links to the attendance template).",
        ),
        Column(
            "start",
            DATETIME,
            required=True,
            role=TIME,
            synonyms=("Start", "Start time", "Start date", "Starts", "Begin"),
            examples=("2025-01-14 10:00", "2025-01-15 14:00"),
            help="When the meeting starts, as 2025-01-14 10:00 or 14/01/2025 10:00.",
        ),
        Column(
            "end",
            DATETIME,
            required=True,
            role=TIME,
            synonyms=("End", "End time", "End date", "Finish", "Ends"),
            examples=("2025-01-14 11:00", "2025-01-15 15:30"),
            help="When the meeting ends, written the same way as start.",
        ),
        Column(
            "organiser_id",
            STR,
            role=PERSON,
            synonyms=("Organiser", "Organizer", "Meeting Organizer", "Meeting Organiser", "Host", "Owner"),
            examples=("sam.okafor@northbridge.gov.uk", "ann.lee@northbridge.gov.uk"),
            help="The organiser's email address or name.",
        ),
        Column(
            "is_recurring",
            BOOL,
            synonyms=("Recurring", "Is recurring", "IsRecurring", "Repeats"),
            examples=("Yes", "No"),
            help="Yes if the meeting is part of a repeating series, otherwise No.",
        ),
        # people invited, organiser included
        Column(
            "invitees",
            INT,
            synonyms=("Invitees", "Attendees", "Number of attendees", "Participants", "Invited"),
            examples=("8", "4"),
            help="How many people were invited, the organiser included.",
        ),
        # see diagnostic.classify.MEETING_KINDS
        Column(
            "kind",
            STR,
            examples=("team_meeting", "case"),
            help="One of supervision, group_supervision, team_meeting, case, panel, performance, training or other (or leave empty and give a subject).",
        ),
        # time with children and families: the roses, not the concrete
        Column(
            "direct_work",
            BOOL,
            examples=("No", "No"),
            help="Yes if this is time with children or families (a home visit, family time), otherwise No.",
        ),
        Column("source_format", STR, template=False),
        Column(
            "series_id",
            STR,
            role=REFERENCE,
            reference="series",
            examples=("S-01", ""),
            help="Any reference shared by every meeting in one repeating series.",
        ),
        Column(
            "all_day",
            BOOL,
            synonyms=("All day", "All day event", "All_Day_Meeting"),
            examples=("No", "No"),
            help="Yes for all-day events, otherwise No.",
        ),
        Column("attendee_hours", FLOAT, template=False),  # from aggregate exports without an attendee list (Viva)
        # a salted hash of the subject and start date: how one meeting seen in a calendar, an Outlook
        # export and a Teams report is recognised (diagnostic.ingest.same_meeting); never shown
        Column("match_key", STR, role=REFERENCE, reference="match", template=False),
        Column(
            "subject",
            STR,
            synonyms=("Subject", "Title", "Meeting title", "Summary"),
            opt_in="show_text",
            help="The meeting title; it is used to work out the kind and is only kept if you choose to show text.",
        ),
    ),
    label="meetings",
    kind="meetings",
    about="One row per meeting: when it was, who organised it, how many were invited and what kind of meeting it was.",
    dedupe=("meeting_id",),
)

ATTENDANCE = Table(
    "attendance",
    columns=(
        Column(
            "meeting_id",
            STR,
            required=True,
            role=REFERENCE,
            reference="meeting",
            examples=("M-0001", "M-0001"),
            help="The meeting's reference, as in the meetings template.",
        ),
        Column(
            "person_id",
            STR,
            required=True,
            role=PERSON,
            synonyms=("Email", "Attendee", "Participant", "Name", "Full Name", "Participant ID (UPN)"),
            examples=("sam.okafor@northbridge.gov.uk", "ann.lee@northbridge.gov.uk"),
            help="The attendee's email address or name.",
        ),
        Column(
            "role",
            STR,
            vocabulary=ATTENDANCE_ROLE,
            expect="Write organiser, required, optional or attendee.",
            synonyms=("Role", "Attendee role", "Response type"),
            examples=("organiser", "required"),
            help="One of organiser, required, optional or attendee.",
        ),
        Column(
            "attended",
            BOOL,
            synonyms=("Attended", "Joined", "Present"),
            examples=("Yes", "Yes"),
            help="Yes if the person joined, No if they did not, empty if not known.",
        ),
        Column(
            "minutes",
            FLOAT,
            synonyms=("Minutes", "Duration", "In-Meeting Duration", "Time in meeting"),
            examples=("60", "55"),
            help="How many minutes the person was in the meeting, if known.",
        ),
    ),
    label="meeting attendance",
    kind="meetings",
    about="One row per person at a meeting, linked to the meetings template by meeting_id.",
    dedupe=("meeting_id", "person_id"),
)

MESSAGES = Table(
    "messages",
    columns=(
        Column(
            "sent_at",
            DATETIME,
            required=True,
            role=TIME,
            synonyms=("Sent", "Date sent", "Received", "Date", "Timestamp", "Time"),
            examples=("2025-01-14 09:12", "2025-01-14 09:12"),
            help="When the email was sent, as 2025-01-14 09:12.",
        ),
        Column(
            "sender_id",
            STR,
            required=True,
            role=PERSON,
            synonyms=("Sender", "SenderAddress", "Sender address", "From"),
            examples=("ann.lee@northbridge.gov.uk", "ann.lee@northbridge.gov.uk"),
            help="The sender's email address.",
        ),
        Column(
            "recipient_id",
            STR,
            required=True,
            role=PERSON,
            synonyms=("Recipient", "RecipientAddress", "Recipient address", "To"),
            examples=("sam.okafor@northbridge.gov.uk", "school.nurse@northbridge.nhs.example"),
            help="One recipient's email address (one row per recipient).",
        ),
        Column(
            "recipient_type",
            STR,
            vocabulary=RECIPIENT_TYPE,
            expect="Write to, cc or bcc.",
            synonyms=("Recipient type", "Type", "Field"),
            examples=("to", "cc"),
            help="One of to, cc or bcc.",
        ),
        Column(
            "n_recipients",
            INT,
            synonyms=("Recipients", "Recipient count", "Number of recipients"),
            examples=("2", "2"),
            help="How many people the email was sent to in total.",
        ),
        Column(
            "message_id",
            STR,
            role=REFERENCE,
            reference="message",
            synonyms=("Message ID", "MessageId", "Internet message ID"),
            examples=("E-0001", "E-0001"),
            help="Any reference that is the same for every row about one email.",
        ),
    ),
    label="email messages",
    kind="email",
    about="One row per email and recipient: who sent it, to whom and when.",
    dedupe=("message_id", "recipient_id"),
)

VOLUMES = Table(
    "volumes",
    columns=(
        Column(
            "person_id",
            STR,
            required=True,
            role=PERSON,
            synonyms=("User Principal Name", "UPN", "Email", "PersonId", "Person", "User"),
            examples=("ann.lee@northbridge.gov.uk", "sam.okafor@northbridge.gov.uk"),
            help="The person's email address or name.",
        ),
        Column(
            "period_start",
            DATETIME,
            required=True,
            role=TIME,
            synonyms=("Period start", "Start date", "From", "Week starting", "MetricDate", "Date"),
            examples=("2025-01-13", "2025-01-13"),
            help="The first day of the period the totals cover.",
        ),
        Column(
            "period_end",
            DATETIME,
            role=TIME,
            synonyms=("Period end", "End date", "To", "Week ending"),
            examples=("2025-01-19", "2025-01-19"),
            help="The last day of the period the totals cover.",
        ),
        Column(
            "emails_sent",
            FLOAT,
            synonyms=("Send Count", "Emails sent", "Emails_sent", "Sent"),
            examples=("64", "120"),
            help="Emails the person sent in the period.",
        ),
        Column(
            "emails_received",
            FLOAT,
            synonyms=("Receive Count", "Emails received", "Received"),
            examples=("310", "540"),
            help="Emails the person received in the period.",
        ),
        Column("emails_read", FLOAT, synonyms=("Read Count", "Emails read"), help="Emails the person read in the period."),
        Column(
            "meetings",
            FLOAT,
            synonyms=("Meetings", "Meeting Count", "Meetings attended"),
            examples=("11", "19"),
            help="Meetings the person attended in the period.",
        ),
        Column(
            "meeting_hours",
            FLOAT,
            synonyms=("Meeting hours", "Meeting_hours", "Hours in meetings"),
            examples=("9.5", "17.0"),
            help="Hours the person spent in meetings in the period.",
        ),
        Column(
            "chats_sent",
            FLOAT,
            synonyms=("Chats sent", "Chats_sent", "Private Chat Message Count"),
            help="Chat messages the person sent in the period.",
        ),
        Column(
            "after_hours_hours",
            FLOAT,
            synonyms=("After hours collaboration hours", "After_hours_collaboration_hours", "After-hours hours"),
            examples=("2.0", "4.5"),
            help="Hours of email, chat and meetings outside working hours in the period.",
        ),
        Column("email_hours", FLOAT, help="Hours the person spent on email in the period."),
        Column("collaboration_hours", FLOAT, help="Hours the person spent on email, chat, calls and meetings in the period."),
        Column("source_format", STR, template=False),
        # Measured by Viva Insights, each by its own definition (formats.md d): what the person query
        # gives beyond counts. Loaders of other exports leave them empty.
        Column("after_hours_meeting_hours", FLOAT, template=False),  # hours in meetings outside the person's working hours
        Column("after_hours_email_hours", FLOAT, template=False),  # hours on email outside the person's working hours
        Column("weekend_hours", FLOAT, template=False),  # hours of email, chat, calls and meetings at the weekend
        Column("conflicting_meeting_hours", FLOAT, template=False),  # meeting hours that overlap another accepted meeting
        Column("large_long_meeting_hours", FLOAT, template=False),  # hours in meetings of more than 8 people lasting over an hour
        Column("multitasking_hours", FLOAT, template=False),  # meeting hours during which the person also sent email or chat
        Column("manager_1to1_hours", FLOAT, template=False),  # hours of meetings and calls with only the person's manager
        Column("external_collaboration_hours", FLOAT, template=False),  # collaboration hours with people outside the organisation
        Column("focus_hours", FLOAT, template=False),  # working hours in blocks of two hours or more free of meetings
        Column("internal_network_size", FLOAT, template=False),  # colleagues the person had meaningful contact with
        Column("external_network_size", FLOAT, template=False),  # people outside the organisation with meaningful contact
        Column("collaboration_span", FLOAT, template=False),  # colleagues the person collaborated with in the period
        # Staff-survey answers some Viva person queries carry per person (Glint or Pulse results the analyst
        # joined as organisational data), each on a 1-5 agreement scale; other loaders leave them empty.
        Column("speak_my_mind", FLOAT, template=False),  # "I feel free to speak my mind"
        Column("workload_rating", FLOAT, template=False),  # "My workload is manageable"
    ),
    label="activity totals per person",
    kind="email",
    about="One row per person and period: how many emails, chats and meeting hours they had.",
    dedupe=None,
)

TIES = Table(
    "ties",
    columns=(
        Column(
            "person_a",
            STR,
            required=True,
            role=PERSON,
            synonyms=("PrimaryCollaborator_PersonId", "From", "Source", "Person 1", "Sender"),
            examples=("ann.lee@northbridge.gov.uk", "ann.lee@northbridge.gov.uk"),
            help="One person's email address or name.",
        ),
        Column(
            "person_b",
            STR,
            required=True,
            role=PERSON,
            synonyms=("SecondaryCollaborator_PersonId", "To", "Target", "Person 2", "Recipient"),
            examples=("sam.okafor@northbridge.gov.uk", "school.nurse@northbridge.nhs.example"),
            help="The other person's email address or name.",
        ),
        Column(
            "weight",
            FLOAT,
            synonyms=("Weight", "Count", "Strength", "Interactions", "Hours"),
            examples=("12", "3"),
            help="How strong the link is, for example emails exchanged or hours in meetings together.",
        ),
        Column(
            "kind",
            STR,
            vocabulary=TIE_KIND,
            expect="Write email, meeting, chat or collaboration.",
            synonyms=("Kind", "Type", "Channel"),
            examples=("email", "meeting"),
            help="One of email, meeting, chat or collaboration.",
        ),
        Column(
            "period",
            DATETIME,
            role=TIME,
            synonyms=("Period", "Week", "MetricDate", "Date"),
            examples=("2025-01-13", "2025-01-13"),
            help="The first day of the period the link covers.",
        ),
    ),
    label="working relationships",
    kind="collaboration",
    about="One row per pair of people who work together, with how strong the link is.",
    dedupe=None,
)

# Viva Insights group-to-group query: collaboration between two groups of one HR attribute (its
# values are group labels such as a department, never people), per period.
GROUP_TIES = Table(
    "group_ties",
    columns=(
        Column("attribute", STR),  # the HR attribute the groups are values of, as the file names it
        Column("group_a", STR),
        Column("group_b", STR),
        Column("size_a", INT),  # people in each group, as Viva counted them
        Column("size_b", INT),
        Column("hours", FLOAT),  # group_a's collaboration hours with group_b in the period
        Column("period", DATETIME, role=TIME),
        Column("source_format", STR, template=False),
    ),
    dedupe=None,
)
