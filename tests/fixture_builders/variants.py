"""Builds the fixtures of export variants seen in real downloads (formats.md, "Variants seen in
real downloads"), byte for byte as described there: localised and re-saved Teams attendance
reports, legacy SurveyMonkey exports, Outlook CSV from other locales, Microsoft 365 summary
reports and Microsoft Forms CSVs. Fictional people only (northbridge.gov.uk, .example partners).

Run from the project root: ``python tests/fixture_builders/variants.py``. The files are committed;
this script says exactly how each was made.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "variants"
GOV = "northbridge.gov.uk"
ANN, BEN, CHLOE, DEV = (f"{n}@{GOV}" for n in ("ann.lee", "ben.okafor", "chloe.martin", "dev.patel"))


def tabbed(rows: list[list[str]], eol: str = "\n") -> str:
    """Teams' writing: tab-separated, a cell quoted only when it holds a tab, quote or line break."""

    def cell(v: str) -> str:
        return '"' + v.replace('"', '""') + '"' if any(c in v for c in '\t"\n') else v

    return "".join("\t".join(cell(v) for v in row) + eol for row in rows)


def utf16(text: str) -> bytes:
    """UTF-16LE with its BOM, as Teams downloads are."""
    return b"\xff\xfe" + text.encode("utf-16-le")


# ---------------------------------------------------------------------------------------------
# Teams attendance reports in other languages.
# The same meeting in each: Ann organises 09:01:31-10:46:31; Ben (presenter) 09:02:00-10:00:00,
# then 10:10:00-10:46:00; Chloé 09:05:00-09:49:03. Minutes: Ann 105, Ben 58 + 36 = 94, Chloé 44.05.

FRENCH_2021 = [
    ["*Résumé de la réunion"],
    ["Nombre total de participants", "3"],
    ["Titre de la réunion", "null"],
    ["Heure de début de la réunion", "13/04/2021 à 09:01:31"],
    ["Heure de fin de la réunion", "13/04/2021 à 10:46:31"],
    ["ID de la réunion", "fr-2021-0413"],
    [],
    ["Nom complet", "Heure d'arrivée", "Heure de départ", "Durée", "E-mail", "Rôle", "ID de participant (UPN)"],
    ["Ann Lee", "13/04/2021 à 09:01:31", "13/04/2021 à 10:46:31", "1 h 45 m", ANN, "Organisateur", ANN],
    ["Ben Okafor", "13/04/2021 à 09:02:00", "13/04/2021 à 10:00:00", "58 m", BEN, "Présentateur", BEN],
    ["Ben Okafor", "13/04/2021 à 10:10:00", "13/04/2021 à 10:46:00", "36 m", BEN, "Présentateur", BEN],
    ["Chloé Martin", "13/04/2021 à 09:05:00", "13/04/2021 à 09:49:03", "44 m 3 s", CHLOE, "Participant", CHLOE],
]

GERMAN_CURRENT = [
    ["1. Zusammenfassung"],
    ["Besprechungstitel", "Teambesprechung"],
    ["Teilnehmende Personen", "3"],
    ["Startzeit", "13.04.2021, 09:01:31"],
    ["Endzeit", "13.04.2021, 10:46:31"],
    ["Besprechungsdauer", "1 Std. 45 Min."],
    [],
    ["2. Teilnehmer"],
    ["Name", "Erster Beitritt", "Letztes Verlassen", "Dauer in der Besprechung", "E-Mail", "Teilnehmer-ID (UPN)", "Rolle"],
    ["Ann Lee", "13.04.2021, 09:01:31", "13.04.2021, 10:46:31", "1 Std. 45 Min.", ANN, ANN, "Organisator"],
    ["Ben Okafor", "13.04.2021, 09:02:00", "13.04.2021, 10:46:00", "1 Std. 34 Min.", BEN, BEN, "Referent"],
    ["Chloé Martin", "13.04.2021, 09:05:00", "13.04.2021, 09:49:03", "44 Min. 3 Sek.", CHLOE, CHLOE, "Teilnehmer"],
    [],
    ["3. Aktivitäten in der Besprechung"],
    ["Name", "Beitrittszeit", "Zeitpunkt des Verlassens", "Dauer", "E-Mail", "Rolle"],
    ["Ann Lee", "13.04.2021, 09:01:31", "13.04.2021, 10:46:31", "1 Std. 45 Min.", ANN, "Organisator"],
    ["Ben Okafor", "13.04.2021, 09:02:00", "13.04.2021, 10:00:00", "58 Min.", BEN, "Referent"],
    ["Ben Okafor", "13.04.2021, 10:10:00", "13.04.2021, 10:46:00", "36 Min.", BEN, "Referent"],
    ["Chloé Martin", "13.04.2021, 09:05:00", "13.04.2021, 09:49:03", "44 Min. 3 Sek.", CHLOE, "Teilnehmer"],
]

# The 2021 layout in four more languages: (file, summary labels, headers, date-time shape, durations, roles)
SESSIONS_2021 = {
    "teams_es_2021.csv": (
        ("Resumen de la reunión", "Número total de participantes", "Título de la reunión", "Hora de inicio", "Hora de finalización"),
        ("Nombre completo", "Hora de unión", "Hora de salida", "Duración", "Correo electrónico", "Rol"),
        "13/4/2021 {}",
        ("1 h 45 min", "58 min", "36 min", "44 min 3 s"),
        ("Organizador", "Moderador", "Asistente"),
    ),
    "teams_nl_2021.csv": (
        ("Samenvatting van vergadering", "Totaal aantal deelnemers", "Titel van vergadering", "Begintijd", "Eindtijd"),
        ("Volledige naam", "Tijd van deelname", "Tijdstip van verlaten", "Duur", "E-mailadres", "Rol"),
        "13-4-2021 {}",
        ("1 u 45 min", "58 min", "36 min", "44 min 3 s"),
        ("Organisator", "Presentator", "Deelnemer"),
    ),
    "teams_it_2021.csv": (
        ("Riepilogo riunione", "Numero totale di partecipanti", "Titolo della riunione", "Ora di inizio", "Ora di fine"),
        ("Nome completo", "Ora di ingresso", "Ora di uscita", "Durata", "Indirizzo di posta elettronica", "Ruolo"),
        "13/04/2021, {}",
        ("1 h 45 min", "58 min", "36 min", "44 min 3 s"),
        ("Organizzatore", "Relatore", "Partecipante"),
    ),
    "teams_pt_2021.csv": (
        ("Resumo da Reunião", "Número Total de Participantes", "Título da Reunião", "Hora de Início", "Hora de Término"),
        ("Nome Completo", "Hora de Entrada", "Hora de Saída", "Duração", "Email", "Função"),
        "13/04/2021 às {}",
        ("1 h 45 min", "58 min", "36 min", "44 min 3 s"),
        ("Organizador", "Apresentador", "Participante"),
    ),
}


def sessions_2021(summary, headers, when, durations, roles) -> list[list[str]]:
    title, total, name, start, end = summary
    at = when.format
    return [
        [title],
        [total, "3"],
        [name, "Group supervision"],
        [start, at("09:01:31")],
        [end, at("10:46:31")],
        [],
        list(headers),
        ["Ann Lee", at("09:01:31"), at("10:46:31"), durations[0], ANN, roles[0]],
        ["Ben Okafor", at("09:02:00"), at("10:00:00"), durations[1], BEN, roles[1]],
        ["Ben Okafor", at("10:10:00"), at("10:46:00"), durations[2], BEN, roles[1]],
        ["Chloé Martin", at("09:05:00"), at("09:49:03"), durations[3], CHLOE, roles[2]],
    ]


# The participants table alone, re-saved by Excel in a comma-decimal locale: semicolons, UTF-8
# without BOM, CRLF, the first column renamed, Excel's own date display.
RESAVED = [
    ["Nama", "First Join", "Last Leave", "In-Meeting Duration", "Email", "Participant ID (UPN)", "Role"],
    ["Ann Lee", "13/01/2025 10:00", "13/01/2025 11:42", "1h 42m", ANN, ANN, "Organizer"],
    ["Ben Okafor", "13/01/2025 10:01", "13/01/2025 11:40", "1h 39m", BEN, BEN, "Presenter"],
    ["Chloé Martin", "13/01/2025 10:05", "13/01/2025 10:50", "45m", CHLOE, CHLOE, "Attendee"],
    ["Dev Patel", "13/01/2025 10:20", "13/01/2025 11:00", "40m", DEV, DEV, "Attendee"],
]

# The 2020 list, re-saved as CSV with commas: rows out of time order, "Joined before", a join with
# no leave (Dev, still there when the list was downloaded) and a leave with no join (Chloé).
# First event 09:50:12, last 10:50:12. Minutes: Ann 60, Ben 20 + 15 = 35, Chloé 40, Dev 30.
EVENTS_2020 = [
    ["Full Name", "User Action", "Timestamp"],
    ["Ben Okafor", "Left", "11/4/2020, 10:10:12 AM"],
    ["Dev Patel", "Joined", "11/4/2020, 10:20:12 AM"],
    ["Ann Lee", "Joined before", "11/4/2020, 9:50:12 AM"],
    ["Ann Lee", "Left", "11/4/2020, 10:50:12 AM"],
    ["Ben Okafor", "Joined", "11/4/2020, 9:50:12 AM"],
    ["Chloé Martin", "Left", "11/4/2020, 10:30:12 AM"],
    ["Ben Okafor", "Joined", "11/4/2020, 10:30:12 AM"],
    ["Ben Okafor", "Left", "11/4/2020, 10:45:12 AM"],
]


def write_teams() -> None:
    (HERE / "teams_fr_2021.csv").write_bytes(utf16(tabbed(FRENCH_2021)))
    (HERE / "teams_de_current.csv").write_bytes(utf16(tabbed(GERMAN_CURRENT)))
    for name, parts in SESSIONS_2021.items():
        (HERE / name).write_bytes(utf16(tabbed(sessions_2021(*parts))))
    (HERE / "teams_resaved_semicolons.csv").write_bytes("".join(";".join(r) + "\r\n" for r in RESAVED).encode("utf-8"))
    text = "".join(",".join(f'"{v}"' if "," in v else v for v in row) + "\r\n" for row in EVENTS_2020)
    (HERE / "teams_2020_unpaired.csv").write_bytes(text.encode("utf-8"))


# ---------------------------------------------------------------------------------------------
# SurveyMonkey legacy "all responses" (2015-2017): RespondentID spellings, a second header row whose
# empty cells are NUL bytes (or runs of spaces), a multi-select question over several columns.

SM_META = ["RespondentID", "CollectorID", "StartDate", "EndDate", "IP Address", "Email Address", "First Name", "LastName", "Custom Data"]
SM_OPTIONS = ["Meetings", "Letters", "My social worker", "Phone calls"]
SM_HEADER = [
    *SM_META,
    "Which of these best describes you?",
    "How satisfied are you with the service? (1-5)",
    "What was your feedback about? (tick all that apply)",
    *[""] * len(SM_OPTIONS),
    "Is there anything else you want to tell us?",
]
SM_LABELS = ["Response", "Response", *SM_OPTIONS, "Other (please specify)", "Open-Ended Response"]
SM_ROWS = [
    [
        "4512783301",
        "71234567",
        "03/14/2016 10:15:32 AM",
        "03/14/2016 10:19:02 AM",
        "198.51.100.7",
        "",
        "",
        "",
        "",
        "Young person",
        "5",
        "Meetings",
        "",
        "My social worker",
        "",
        "",
        "Thanks for listening",
    ],
    [
        "4512783302",
        "71234567",
        "03/15/2016 04:02:10 PM",
        "03/15/2016 04:09:45 PM",
        "198.51.100.8",
        "",
        "",
        "",
        "",
        "Parent or carer",
        "2",
        "Meetings",
        "Letters",
        "",
        "",
        "",
        "Too many people at the meeting",
    ],
    [
        "4512783303",
        "71234567",
        "03/21/2016 09:00:00 AM",
        "03/21/2016 09:03:30 AM",
        "198.51.100.9",
        "",
        "",
        "",
        "",
        "Parent or carer",
        "4",
        "",
        "",
        "",
        "Phone calls",
        "Texts",
        "",
    ],
]


def surveymonkey(empty: str) -> bytes:
    """The export with ``empty`` written in every empty cell of the second header row."""
    labels = [empty] * len(SM_META) + [f"{label}   " if empty.strip() == "" and empty else label for label in SM_LABELS]
    rows = [SM_HEADER, labels, *SM_ROWS]
    return "".join(",".join(f'"{v}"' if "," in v else v for v in row) + "\r\n" for row in rows).encode("utf-8")


SM_WIDE_OPTIONS = 256 - len(SM_META) - 1  # cut at exactly 256 columns, in the middle of the last question


def surveymonkey_cut_at_256() -> bytes:
    """A multi-select question with many options, the export ending at column 256 (IV)."""
    options = [f"Service {i}" for i in range(1, SM_WIDE_OPTIONS + 1)]
    header = [*SM_META, "Which of these best describes you?", "Which services have you used? (tick all that apply)"]
    header += [""] * (len(options) - 1)
    labels = ["\0"] * len(SM_META) + ["Response", *options]
    body = [[*row[:9], row[9], *[opt if i % (n + 2) == 0 else "" for i, opt in enumerate(options)]] for n, row in enumerate(SM_ROWS)]
    return "".join(",".join(row) + "\r\n" for row in [header, labels, *body]).encode("utf-8")


def write_surveymonkey() -> None:
    (HERE / "surveymonkey_legacy_nul.csv").write_bytes(surveymonkey("\0"))
    (HERE / "surveymonkey_legacy_spaces.csv").write_bytes(surveymonkey("    "))
    (HERE / "surveymonkey_legacy_256.csv").write_bytes(surveymonkey_cut_at_256())


# ---------------------------------------------------------------------------------------------
# Outlook calendar CSV from a D.M.YYYY locale: every field quoted, a Teams join block inside the
# description, "Meeting Organizer" empty on most rows, attendees as display names and lists, and an
# all-day event from 00:00 to 00:00 marked False.

OUTLOOK_EN = [
    "Subject",
    "Start Date",
    "Start Time",
    "End Date",
    "End Time",
    "All day event",
    "Reminder on/off",
    "Reminder Date",
    "Reminder Time",
    "Meeting Organizer",
    "Required Attendees",
    "Optional Attendees",
    "Meeting Resources",
    "Billing Information",
    "Categories",
    "Description",
    "Location",
    "Mileage",
    "Priority",
    "Private",
    "Sensitivity",
    "Show time as",
]
OUTLOOK_DE = [
    "Betreff",
    "Beginnt am",
    "Beginnt um",
    "Endet am",
    "Endet um",
    "Ganztägiges Ereignis",
    "Erinnerung Ein/Aus",
    "Erinnerung am",
    "Erinnerung um",
    "Besprechungsplanung",
    "Erforderliche Teilnehmer",
    "Optionale Teilnehmer",
    "Besprechungsressourcen",
    "Abrechnungsinformationen",
    "Kategorien",
    "Beschreibung",
    "Ort",
    "Reisekilometer",
    "Priorität",
    "Privat",
    "Vertraulichkeit",
    "Zeitspanne zeigen als",
]
OUTLOOK_FR = [
    "Objet",
    "Début",
    "Début",
    "Fin",
    "Fin",
    "Journée entière",
    "Rappel actif/inactif",
    "Date de rappel",
    "Heure du rappel",
    "Organisateur d'une réunion",
    "Participants obligatoires",
    "Participants facultatifs",
    "Ressources de la réunion",
    "Afficher la disponibilité",
    "Catégories",
    "Critère de diffusion",
    "Description",
    "Emplacement",
    "Informations facturation",
    "Kilométrage",
    "Priorité",
    "Privé",
]
JOIN_BLOCK = "Microsoft Teams-Besprechung\r\nÜber Computer oder mobile App teilnehmen\r\nHier klicken, um an der Besprechung teilzunehmen\r\n________________"
# subject, start day, start, end day, end, all day, organiser, required, optional, description
OUTLOOK_ROWS = [
    (
        "Team meeting",
        "7.11.2023",
        "09:30:00",
        "7.11.2023",
        "10:30:00",
        "False",
        "",
        "Ann Lee;Ben Okafor;Chloé Martin",
        "DL - Children's Services North",
        JOIN_BLOCK,
    ),
    (
        "Team meeting",
        "14.11.2023",
        "09:30:00",
        "14.11.2023",
        "10:30:00",
        "False",
        "",
        "Ann Lee;Ben Okafor;Chloé Martin",
        "DL - Children's Services North",
        JOIN_BLOCK,
    ),
    ("Supervision", "8.11.2023", "14:00:00", "8.11.2023", "15:00:00", "False", "Ann Lee", "Ann Lee;Dev Patel", "", ""),
    ("Practice week", "20.11.2023", "00:00:00", "21.11.2023", "00:00:00", "False", "", "All Staff (North)", "", ""),
    (
        "Core group",
        "9.11.2023",
        "11:00:00",
        "9.11.2023",
        "12:00:00",
        "False",
        "",
        "Ben Okafor;Dev Patel;j.smith@northbridge.nhs.example",
        "",
        "Agenda:\r\n1. Plan\r\n2. Actions",
    ),
]


def outlook(header: list[str]) -> str:
    """Every field quoted, CRLF, as Outlook writes the 22 columns (the unread ones left empty)."""
    lines = [header]
    for subject, sd, st, ed, et, allday, organiser, required, optional, description in OUTLOOK_ROWS:
        row = [
            subject,
            sd,
            st,
            ed,
            et,
            allday,
            "False",
            sd,
            st,
            organiser,
            required,
            optional,
            "",
            "",
            "",
            description,
            "",
            "",
            "Normal",
            "False",
            "Normal",
            "2",
        ]
        lines.append(row)
    return "".join(",".join('"' + v.replace('"', '""') + '"' for v in row) + "\r\n" for row in lines)


def write_outlook() -> None:
    (HERE / "outlook_dotted_dates.csv").write_bytes(outlook(OUTLOOK_EN).encode("utf-8"))
    (HERE / "outlook_german.csv").write_bytes(outlook(OUTLOOK_DE).encode("cp1252"))
    (HERE / "outlook_french.csv").write_bytes(outlook(OUTLOOK_FR).encode("cp1252"))


# ---------------------------------------------------------------------------------------------
# Microsoft Forms CSV as downloaded in a UK organisation: US dates with two-digit years, multi-select
# answers joined by ";" with a trailing ";", a file-upload column of long SharePoint links, and data
# rows one field longer than the header (a trailing comma after an Excel save).

FORMS_HEADER = [
    "ID",
    "Start time",
    "Completion time",
    "Email",
    "Name",
    "Last modified time",
    "Who are you?",
    "What was your contact with us about?",
    "How satisfied are you with the support you got? (1-5)",
    "Upload a photo or document (optional)",
    "Is there anything else you want to tell us?",
]
UPLOAD = "https://northbridgegov.sharepoint.com/sites/FamilyFeedback/Shared%20Documents/Apps/Microsoft%20Forms/Family%20feedback/Question/{n}_upload.pdf"
FORMS_ROWS = [
    ["1", "3/4/24 15:30:12", "3/4/24 15:36:05", "anonymous", "", "", "A parent or carer", "Meetings;Letters;", "4", "", "Clear letters"],
    [
        "2",
        "3/12/24 09:01:00",
        "3/12/24 09:04:40",
        "anonymous",
        "",
        "",
        "A child or young person",
        "My social worker;",
        "5",
        UPLOAD.format(n=2),
        "",
    ],
    [
        "3",
        "4/2/24 18:20:00",
        "4/2/24 18:22:31",
        "anonymous",
        "",
        "",
        "A parent or carer",
        "Meetings;Phone calls;My social worker;",
        "2",
        "",
        "Nobody called back",
    ],
    ["4", "4/9/24 10:00:00", "4/9/24 10:02:10", "anonymous", "", "", "A foster carer", "Phone calls;", "3", "", ""],
]


def write_forms() -> None:
    header = ",".join(FORMS_HEADER) + "\r\n"
    body = "".join(",".join(f'"{v}"' if "," in v else v for v in row) + ",\r\n" for row in FORMS_ROWS)
    (HERE / "Family feedback forms download.csv").write_bytes((header + body).encode("utf-8"))


# ---------------------------------------------------------------------------------------------
# Microsoft 365 usage reports of the other kinds (one row per day, or per device), UTF-8 with BOM.

M365_OTHER = {
    "TeamsUserActivityCounts.csv": (
        "Report Refresh Date,Report Date,Team Chat Messages,Private Chat Messages,Calls,Meetings,Post Messages,Reply Messages,"
        "Urgent Messages,Report Period",
        ["2025-01-31,{day},41,380,22,57,3,9,0,7"],
    ),
    "TeamsUserActivityUserCounts.csv": (
        "Report Refresh Date,Report Date,Team Chat Messages,Private Chat Messages,Calls,Meetings,Other Actions,Report Period",
        ["2025-01-31,{day},12,48,9,31,40,7"],
    ),
    "EmailActivityCounts.csv": (
        "Report Refresh Date,Send,Receive,Read,Meeting Created,Meeting Interacted,Report Date,Report Period",
        ["2025-01-31,812,2405,2210,33,120,{day},7"],
    ),
    "TeamsDeviceUsageUserCounts.csv": (
        "Report Refresh Date,Web,Windows Phone,Android Phone,iOS,Mac,Windows,Chrome OS,Linux,Report Date,Report Period",
        ["2025-01-31,14,0,21,30,2,160,0,0,{day},7"],
    ),
}


def write_m365() -> None:
    for name, (header, rows) in M365_OTHER.items():
        lines = [header] + [row.format(day=f"2025-01-{d:02d}") for row in rows for d in range(25, 32)]
        (HERE / name).write_bytes(b"\xef\xbb\xbf" + "".join(line + "\r\n" for line in lines).encode("utf-8"))


if __name__ == "__main__":
    HERE.mkdir(parents=True, exist_ok=True)
    write_teams()
    write_surveymonkey()
    write_m365()
    write_outlook()
    write_forms()
