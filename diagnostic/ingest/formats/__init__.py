"""Every export format the product reads, one module per source system.

Adding a format: write a module with a ``FORMATS`` tuple of :class:`diagnostic.ingest.base.Format`
and list it here, plus a fixture and a test.
"""

from __future__ import annotations

from diagnostic.ingest.base import Format
from diagnostic.ingest.formats import (
    audits,
    canonical,
    complaints,
    documents,
    m365_reports,
    meetings_ics,
    message_trace,
    ms_forms,
    outlook_csv,
    roster,
    self_assessment,
    surveymonkey,
    teams_attendance,
    viva,
    viva_groups,
    viva_meetings,
)

FORMATS: tuple[Format, ...] = (
    *outlook_csv.FORMATS,
    *teams_attendance.FORMATS,
    *meetings_ics.FORMATS,
    *viva.FORMATS,
    *viva_meetings.FORMATS,
    *viva_groups.FORMATS,
    *m365_reports.FORMATS,
    *message_trace.FORMATS,
    *ms_forms.FORMATS,
    *surveymonkey.FORMATS,
    *complaints.FORMATS,
    *audits.FORMATS,
    *roster.FORMATS,
    *self_assessment.FORMATS,
    *canonical.FORMATS,
    *documents.FORMATS,
)
