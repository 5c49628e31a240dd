"""The words in the sample: complaint summaries, comments, the self-assessment statements, a letter
and a policy. All fictional, with no names of children, families or staff in any free text.
"""

from __future__ import annotations

# (category, summary) for complaints
COMPLAINT_TOPICS: tuple[tuple[str, str], ...] = (
    ("Communication", "Parent says calls and emails to the social worker were not returned for three weeks."),
    ("Communication", "Young person was not told that their social worker had changed."),
    ("Delay", "Family waited over two months for the assessment to be finished."),
    ("Delay", "Promised review meeting was cancelled twice without a new date."),
    ("Quality of service", "Parent says the report shared at the meeting had wrong facts about the family."),
    ("Quality of service", "Carer says the plan was changed without anyone asking them."),
    ("Family time arrangements", "Parent unhappy that family time was moved to a centre far from home."),
    ("Family time arrangements", "Young person wants to see their brother more often and was not listened to."),
    ("Decision about plan", "Parent disagrees with the decision to hold a child protection conference."),
    ("Staff conduct", "Parent felt the worker was dismissive during a home visit."),
    ("Information sharing", "Family not told before the meeting what would be shared about them."),
    ("Financial support", "Care leaver says the setting-up-home grant was paid late."),
)

COMPLIMENTS: tuple[str, ...] = (
    "Thank you to the worker who kept every promise and always called back.",
    "Young person says their adviser helped them move into their first flat and stayed in touch.",
    "Carer praised the team for the support group and for being easy to reach.",
    "Parent said the family group conference was the first time they felt listened to.",
    "School thanked the team for working closely with them over the term.",
    "Young person said their worker explained everything in plain words.",
)

# (learning / action agreed, "you said, we did" report back)
YOU_SAID_WE_DID: tuple[tuple[str, str], ...] = (
    (
        "Workers to confirm changes of worker in writing and by phone within two days.",
        "You said you were not told about a new worker. We now ring and write within two days of any change.",
    ),
    (
        "Reports to be shared with families two days before meetings.",
        "You said reports had mistakes. We now share reports two days before the meeting so you can correct them.",
    ),
    (
        "Family time to be arranged closer to home where possible; venue list reviewed.",
        "You said family time was too far away. We have added two venues nearer to where families live.",
    ),
    (
        "Review dates to be agreed with the family and not moved without a new date.",
        "You said meetings were cancelled. We now agree a new date before cancelling any review.",
    ),
    (
        "Grant payments checked weekly by the team manager.",
        "You said your grant was late. We now check payments every week so they arrive on time.",
    ),
    (
        "Leaflet on meetings rewritten with young people.",
        "You said you did not know what happens at meetings. Young people helped us rewrite the leaflet.",
    ),
)

# Microsoft Forms: comments by how the person rated us (1-2 low, 3 middling, 4-5 high)
FORM_COMMENTS: dict[str, tuple[str, ...]] = {
    "low": (
        "I never know who my worker is going to be next.",
        "Meetings are all professionals talking about us. Nobody asks me.",
        "I had to chase for weeks to get an answer.",
        "The letters are full of words I don't understand.",
        "They cancelled my review again.",
    ),
    "mid": (
        "Some of the workers are good but it changes a lot.",
        "It is better than before but still slow.",
        "I was listened to in the end.",
        "",
    ),
    "high": (
        "My worker listens to me and comes when she says she will.",
        "They helped me with college and my flat.",
        "I liked that I could bring my friend to my review.",
        "They explained what was happening and why.",
        "",
        "",
    ),
}

# What staff note in the downloaded workbook when they act on an answer
FORM_ACTIONS: tuple[str, ...] = (
    "Raised at team meeting; worker changes now confirmed in writing",
    "Review rebooked with the young person's choice of time",
    "Letter template rewritten in plain words",
    "Passed to team manager; family time venue changed",
    "Added to the participation group's agenda",
)

FORM_WHO = ("A young person", "A parent or carer", "A foster carer", "Someone else")
FORM_TOPICS = ("My worker", "Meetings about me", "Family time", "My plan", "Letters and reports", "Moving on")

SURVEY_MATRIX = (
    "I get regular, good-quality supervision",
    "Our meetings are a good use of my time",
    "I have enough time with children and families",
    "When I raise something, it is acted on",
    "We hear what happened to feedback we gave",
)
SURVEY_SCALE = ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")
SURVEY_BLOCKERS = ("Meetings", "Email", "Recording and forms", "Travel")
SURVEY_COMMENTS: dict[str, tuple[str, ...]] = {
    "low": (
        "Fewer meetings that could have been an email, and fewer emails copied to everyone.",
        "Protected time for visits. My diary is booked back to back by other people.",
        "Supervision that actually happens and is about the children, not the numbers.",
        "Stop asking for the same data three times a week.",
    ),
    "mid": (
        "More time to write up visits during the day rather than in the evening.",
        "A clearer way to hear what happened to the survey results.",
        "",
    ),
    "high": (
        "Keep the group supervision, it is the best hour of the month.",
        "Keep our afternoons free for families.",
        "More chances to work alongside schools like we do now.",
        "",
    ),
}

# indicators.md section C: the statements a room votes on (id, theme, statement)
SELF_ASSESSMENT: tuple[tuple[str, str, str], ...] = (
    (
        "sa_design_1",
        "Service design methods",
        "Children, parents/carers and practitioners take part in designing or changing our services from the start, not only when a draft is finished.",
    ),
    (
        "sa_design_2",
        "Service design methods",
        "When we change a process, we check what it does to the time practitioners spend with families.",
    ),
    (
        "sa_design_3",
        "Service design methods",
        "Practitioners can try a new way of working with a family without first getting several levels of sign-off.",
    ),
    (
        "sa_perf_1",
        "Performance measures",
        "The measures our leaders look at most tell us about the quality of relationships with children and families, not only timescales and volumes.",
    ),
    ("sa_perf_2", "Performance measures", "Requests for data and spreadsheets increase when leaders are anxious."),
    (
        "sa_perf_3",
        "Performance measures",
        "Our case-file audits are done with the practitioner, and where possible with the family, rather than to them.",
    ),
    ("sa_hr_1", "HR processes", "We recruit and promote people partly on evidence of relational values and skills."),
    ("sa_hr_2", "HR processes", "I receive regular, good-quality supervision that supports both my practice and my wellbeing."),
    ("sa_hr_3", "HR processes", "Our HR procedures (absence, capability, probation) are experienced as supportive as well as challenging."),
    ("sa_hr_4", "HR processes", "If I make a mistake in my work, it is often held against me."),
    (
        "sa_lang_1",
        "Language in policies and letters",
        "Our letters to families are written so that the family would recognise themselves and feel respected.",
    ),
    (
        "sa_lang_2",
        "Language in policies and letters",
        'Our policies and templates still use words like "case", "contact", "placement" and "closure" without thinking about how they land.',
    ),
    ("sa_lang_3", "Language in policies and letters", "Families know, before a meeting or hearing, what will be shared about them."),
    ("sa_meet_1", "How meetings are chaired", "Our meetings have a clear purpose, and end with agreed actions and who will do them."),
    (
        "sa_meet_2",
        "How meetings are chaired",
        "The chair makes sure the quietest or most junior person (and the family, where present) is heard.",
    ),
    ("sa_meet_3", "How meetings are chaired", "We regularly stop or shorten meetings that no longer earn their time."),
    ("sa_meet_4", "How meetings are chaired", "It is safe to raise a problem or disagree in our meetings, including with senior managers."),
    ("sa_fb_1", "What happens with feedback", "Feedback from children and young people reaches the people who can change things."),
    ("sa_fb_2", "What happens with feedback", 'When someone gives us feedback, we tell them what we did about it ("you said, we did").'),
    (
        "sa_fb_3",
        "What happens with feedback",
        "Staff feedback (e.g., surveys, exit interviews) has led to visible changes in the last year.",
    ),
    (
        "sa_part_1",
        "Working with partners",
        "Health, police, schools and we share responsibility for children rather than passing referrals between us.",
    ),
    (
        "sa_part_2",
        "Working with partners",
        "Practitioners from partner agencies are part of our everyday team conversations, not only formal meetings.",
    ),
)
# How the room leans on each theme: the mean answer (1-5) before reverse-scored items are flipped.
SELF_ASSESSMENT_LEAN: dict[str, float] = {
    "Service design methods": 2.4,
    "Performance measures": 2.3,
    "HR processes": 3.1,
    "Language in policies and letters": 2.6,
    "How meetings are chaired": 2.8,
    "What happens with feedback": 2.2,
    "Working with partners": 3.6,
}
REVERSED = frozenset({"sa_perf_2", "sa_hr_4", "sa_lang_2"})

LETTER_TITLE = "Letter to family"
LETTER_PARAGRAPHS: tuple[str, ...] = (
    "Dear Parent/Carer,",
    "Re: Case closure – reference C-REF",
    "Following the recent referral to Children's Services, your allocated worker has completed an assessment. "
    "Your case was discussed at a strategy discussion and at the core group.",
    "As you failed to engage with the agreed plan and did not attend two appointments, the case does not meet "
    "the threshold for further intervention and will now be closed.",
    "Contact arrangements for the child, who is LAC and remains in placement, will continue as supervised "
    "contact at the contact centre once a fortnight. Any change to contact will be decided at the next LAC review.",
    "As a service user you have the right to make a complaint. Please quote the case reference above.",
    "Yours faithfully,",
    "Children's Services, Northbridge Council",
)

POLICY_MARKDOWN = """# Family time policy

Northbridge Council Children's Services. Version 3.2. Owner: Head of service – Children in care and permanence.

## 1. Purpose

This policy sets out how contact is arranged for children who are looked after (LAC) and their birth parents,
siblings and wider family. In this policy "family time" and "contact" mean the same thing.

## 2. Principles

- Contact must promote the welfare of the child and support the care plan.
- The allocated worker decides the level of supervision. Supervised contact takes place at the contact centre.
- Where parents fail to engage or do not attend (DNA) twice, contact will be reviewed and may be reduced.
- Children are asked what they would like. Family time should feel like time with family, not a meeting.

## 3. Arranging contact

1. The allocated worker completes the contact plan within 5 working days of placement.
2. The plan is agreed at the placement planning meeting and reviewed at each LAC review.
3. Sanctions for missed sessions are recorded on the case file.

## 4. Endings

When the child's case is closed or the placement ends, the worker records closure on the system and writes
to the service user to confirm that contact arrangements have ended.
"""
