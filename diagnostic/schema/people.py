"""The staff list, and the aliases that join a person known by name to the same person known by email."""

from __future__ import annotations

from diagnostic.schema.spec import BOOL, OVERSEER, PERSON, STR, Column, Table

PEOPLE = Table(
    "people",
    columns=(
        Column(
            "person_id",
            STR,
            required=True,
            role=PERSON,
            synonyms=("Email", "Email address", "Work email", "E-mail", "User principal name", "UPN", "Mail"),
            examples=("ann.lee@northbridge.gov.uk", "sam.okafor@northbridge.gov.uk"),
            help="The person's work email address (or their name if there is no email); it is replaced by a code when loaded.",
        ),
        Column(
            "team",
            STR,
            synonyms=("Team", "Team name", "Service Area", "Service", "Unit", "Department"),
            examples=("Assessment Team North", "Assessment Team North"),
            help="The team the person works in, written the same way every time.",
        ),
        Column(
            "role",
            STR,
            synonyms=("Role", "Job title", "Job Role", "Position", "Post", "Post title", "Designation"),
            examples=("Social Worker", "Team Manager"),
            help="The person's job title.",
        ),
        Column(
            "is_manager",
            BOOL,
            synonyms=("Is manager", "Manager flag", "People manager"),
            examples=("No", "Yes"),
            help="Yes if the person line-manages anyone, otherwise No; leave empty to work it out from manager_id.",
        ),
        Column(
            "manager_id",
            STR,
            role=OVERSEER,
            synonyms=("Manager", "Line manager", "Manager email", "Line manager email", "Reports to", "Supervisor", "Manager name"),
            examples=("sam.okafor@northbridge.gov.uk", "jo.patel@northbridge.gov.uk"),
            help="The email address (or name) of the person's line manager.",
        ),
        Column(
            "is_practitioner",
            BOOL,
            synonyms=("Practitioner", "Is practitioner", "Practitioner flag", "Case holder", "Holds cases", "Case holding"),
            examples=("Yes", "No"),
            help="Yes if the person works directly with children and families, otherwise No.",
        ),
        # "internal" or a partner agency name
        Column(
            "organisation",
            STR,
            synonyms=("Organisation", "Organization", "Agency", "Employer"),
            help="The organisation the person works for, if it is not this council (for example Health or Police).",
        ),
        Column("domain", STR, template=False),  # email domain (not personal); decides organisation
        Column(
            "display_name",
            STR,
            synonyms=("Name", "Display name", "Full name", "Employee name", "Staff name"),
            opt_in="show_names",
            examples=("Ann Lee", "Sam Okafor"),
            help="The person's name as it appears in calendars; it is only shown if you choose to show names.",
        ),
    ),
    label="staff list",
    kind="roster",
    about="One row per member of staff: who they are, their team, their job and their line manager.",
    template_first=("person_id", "display_name"),  # a person is known by their email and their name together
)

# pseudonym of a name-keyed person -> pseudonym of the same person's email key
ALIASES = Table(
    "aliases",
    columns=(
        Column("alias_id", STR, role=PERSON),
        Column("person_id", STR, role=PERSON),
    ),
)

# Every HR attribute a file carries for a person (Organization, FunctionType, LevelDesignation,
# GroupName, a roster's team or service): one row per person and attribute. Values are group
# labels, never people. Which attribute is the team is the user's choice (Settings.team_attribute).
ATTRIBUTES = Table(
    "attributes",
    columns=(
        Column("person_id", STR, role=PERSON),
        Column("attribute", STR),  # the header as the file wrote it
        Column("value", STR),
    ),
    dedupe=("person_id", "attribute"),
)
