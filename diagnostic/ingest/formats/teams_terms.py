"""The words of a Teams attendance report in each language Teams writes it (formats.md, MEETINGS b).

Teams localises the whole report to the organiser's language: section titles, summary labels,
column headers, roles, the Joined/Left actions of the 2020 list, the words between a date and its
time (``13/04/2021 à 09:01:31``) and the units of a duration (``1 Std. 5 Min.``). Every such word
is kept here, one table per language, and read back to the English report's normalised header
(``"Heure d'arrivée"`` -> ``"jointime"``), so the loader itself only knows the English layout.

Headers are matched with accents and punctuation ignored, so ``Rôle``, ``Role`` and ``ROLE`` are
one word; Japanese words keep their letters (``参加者 ID (UPN)`` -> ``参加者idupn``). A word Teams
may write in more than one way is listed in each spelling seen or likely: a report we cannot read
is worse than a synonym never used. Japanese lists only the words a public reader of Japanese
reports relies on, so its table lacks some (the 2020 list's actions among them).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from diagnostic.ingest.headers import fold_header, header_memo

# Japanese letters (kana and kanji, not the "・" between words): kept when a word is folded
_JAPANESE = re.compile(r"[\u3040-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_ASCII_LETTERS = re.compile(r"[0-9a-z]")


@dataclass(frozen=True)
class Terms:
    """One language's words. ``headers`` and ``summary`` map the English key to local spellings."""

    headers: dict[str, tuple[str, ...]]
    summary: dict[str, tuple[str, ...]]
    sections: tuple[str, ...]
    organiser: tuple[str, ...]
    units: dict[str, tuple[str, ...]]  # "h", "m", "s" -> the local unit words
    joined: tuple[str, ...] = ()  # a 2020 list's action for a join ("Joined before" starts with it)
    left: tuple[str, ...] = ()
    time_words: tuple[str, ...] = ()  # words between a date and its time
    before: tuple[str, ...] = field(default=())  # the "Joined before" action: there before the list began
    # word stems for headers spelt in a way not listed above ("Heure de la première arrivée"):
    # "join", "leave", "first", "last" and "time" -> stems of those words, folded
    stems: dict[str, tuple[str, ...]] = field(default_factory=dict)


LANGUAGES: dict[str, Terms] = {
    "English": Terms(
        headers={
            "name": ("Name",),
            "fullname": ("Full Name",),
            "firstjoin": ("First Join", "First join"),
            "lastleave": ("Last Leave", "Last leave"),
            "inmeetingduration": ("In-Meeting Duration", "In-meeting duration", "Attendance duration"),
            "jointime": ("Join Time", "Join time"),
            "leavetime": ("Leave Time", "Leave time"),
            "duration": ("Duration",),
            "email": ("Email", "E-mail", "Email address"),
            "participantidupn": ("Participant ID (UPN)", "UPN"),
            "role": ("Role",),
            "useraction": ("User Action",),
            "timestamp": ("Timestamp",),
            "engagementtype": ("Engagement Type",),
        },
        summary={
            "meetingtitle": ("Meeting title", "Meeting Title"),
            "starttime": ("Start time", "Meeting Start Time"),
            "endtime": ("End time", "Meeting End Time"),
            "meetingid": ("Meeting Id", "Meeting ID"),
            "attendedparticipants": ("Attended participants", "Total Number of Participants"),
        },
        sections=("Summary", "Meeting Summary", "Participants", "In-Meeting Activities", "In-meeting activities", "Meeting Engagement"),
        organiser=("Organizer", "Organiser"),
        joined=("Joined",),
        left=("Left", "Leave"),
        units={
            "h": ("h", "hr", "hrs", "hour", "hours"),
            "m": ("m", "min", "mins", "minute", "minutes"),
            "s": ("s", "sec", "secs", "second", "seconds"),
        },
        time_words=("at",),
        before=("Joined before",),
        stems={"join": ("join",), "leave": ("leave", "left"), "first": ("first",), "last": ("last",), "time": ("time",)},
    ),
    "French": Terms(
        headers={
            "name": ("Nom",),
            "fullname": ("Nom complet",),
            "firstjoin": ("Première arrivée", "Première participation", "Première connexion", "Heure de première arrivée"),
            "lastleave": ("Dernier départ", "Dernière sortie", "Dernière déconnexion", "Heure du dernier départ"),
            "inmeetingduration": ("Durée de la réunion", "Durée dans la réunion", "Durée en réunion", "Durée de participation"),
            "jointime": ("Heure d'arrivée", "Heure de participation", "Heure de connexion"),
            "leavetime": ("Heure de départ", "Heure de sortie", "Heure de déconnexion"),
            "duration": ("Durée",),
            "email": ("E-mail", "Adresse e-mail", "Adresse de messagerie", "Courrier"),
            "participantidupn": ("ID de participant (UPN)", "ID du participant (UPN)"),
            "role": ("Rôle",),
            "useraction": ("Action de l'utilisateur", "Action utilisateur"),
            "timestamp": ("Horodatage", "Horodateur"),
        },
        summary={
            "meetingtitle": ("Titre de la réunion",),
            "starttime": ("Heure de début", "Heure de début de la réunion"),
            "endtime": ("Heure de fin", "Heure de fin de la réunion"),
            "meetingid": ("ID de réunion", "ID de la réunion", "Identifiant de la réunion"),
            "attendedparticipants": ("Participants présents", "Nombre total de participants"),
        },
        sections=("Résumé", "Résumé de la réunion", "Participants", "Activités dans la réunion", "Activités en réunion"),
        organiser=("Organisateur", "Organisatrice"),
        joined=("A rejoint", "Rejoint", "Joint"),
        left=("A quitté", "Quitté", "Parti", "Partie"),
        units={"h": ("h", "heure", "heures"), "m": ("m", "min", "mn", "minute", "minutes"), "s": ("s", "sec", "seconde", "secondes")},
        time_words=("à",),
        before=("A rejoint avant", "Rejoint avant"),
        stems={
            "join": ("arrivee", "rejoint", "connexion"),
            "leave": ("depart", "sortie", "deconnexion"),
            "first": ("premier", "premiere"),
            "last": ("dernier", "derniere"),
            "time": ("heure",),
        },
    ),
    "German": Terms(
        headers={
            "name": ("Name",),
            "fullname": ("Vollständiger Name",),
            "firstjoin": ("Erster Beitritt", "Erste Teilnahme", "Zuerst beigetreten"),
            "lastleave": ("Letztes Verlassen", "Zuletzt verlassen", "Letzter Austritt"),
            "inmeetingduration": ("Dauer in der Besprechung", "Besprechungsdauer", "Dauer im Meeting", "Teilnahmedauer"),
            "jointime": ("Beitrittszeit", "Beitrittszeitpunkt", "Zeitpunkt des Beitritts"),
            "leavetime": ("Zeitpunkt des Verlassens", "Uhrzeit des Verlassens", "Verlassenszeit", "Austrittszeit"),
            "duration": ("Dauer",),
            "email": ("E-Mail", "E-Mail-Adresse"),
            "participantidupn": ("Teilnehmer-ID (UPN)", "Teilnehmer-ID"),
            "role": ("Rolle",),
            "useraction": ("Benutzeraktion",),
            "timestamp": ("Zeitstempel",),
        },
        summary={
            "meetingtitle": ("Besprechungstitel", "Titel der Besprechung"),
            "starttime": ("Startzeit", "Beginn", "Besprechungsbeginn", "Anfangszeit"),
            "endtime": ("Endzeit", "Ende", "Besprechungsende"),
            "meetingid": ("Besprechungs-ID",),
            "attendedparticipants": ("Teilnehmende Personen", "Gesamtzahl der Teilnehmer", "Anwesende Teilnehmer"),
        },
        sections=("Zusammenfassung", "Teilnehmer", "Aktivitäten in der Besprechung", "Besprechungsaktivitäten"),
        organiser=("Organisator", "Organisatorin"),
        joined=("Beigetreten",),
        left=("Verlassen", "Hat verlassen", "Ausgetreten"),
        units={"h": ("std", "stunde", "stunden"), "m": ("min", "minute", "minuten"), "s": ("sek", "sekunde", "sekunden")},
        time_words=("um",),
        before=("Beigetreten vor", "Bereits beigetreten"),
        stems={
            "join": ("beitritt", "beigetreten", "teilnahme"),
            "leave": ("verlass", "austritt"),
            "first": ("erst",),
            "last": ("letzt", "zuletzt"),
            "time": ("zeit", "uhrzeit"),
        },
    ),
    "Spanish": Terms(
        headers={
            "name": ("Nombre",),
            "fullname": ("Nombre completo",),
            "firstjoin": ("Primera unión", "Primera entrada", "Primera conexión", "Hora de primera unión"),
            "lastleave": ("Última salida", "Última desconexión", "Hora de última salida"),
            "inmeetingduration": ("Duración en la reunión", "Duración de la reunión"),
            "jointime": ("Hora de unión", "Hora de entrada", "Hora de incorporación"),
            "leavetime": ("Hora de salida",),
            "duration": ("Duración",),
            "email": ("Correo electrónico", "Correo", "Dirección de correo electrónico"),
            "participantidupn": ("Id. de participante (UPN)", "ID de participante (UPN)"),
            "role": ("Rol", "Función"),
            "useraction": ("Acción del usuario",),
            "timestamp": ("Marca de tiempo", "Marca de hora"),
        },
        summary={
            "meetingtitle": ("Título de la reunión",),
            "starttime": ("Hora de inicio",),
            "endtime": ("Hora de finalización", "Hora de fin"),
            "meetingid": ("Id. de reunión", "ID de la reunión", "Id. de la reunión"),
            "attendedparticipants": ("Participantes que asistieron", "Participantes asistentes", "Número total de participantes"),
        },
        sections=("Resumen", "Participantes", "Actividades en la reunión"),
        organiser=("Organizador", "Organizadora"),
        joined=("Unido", "Se unió"),
        left=("Salió", "Abandonó", "Ha salido"),
        units={"h": ("h", "hora", "horas"), "m": ("min", "minuto", "minutos"), "s": ("s", "seg", "segundo", "segundos")},
        time_words=("a las", "a la"),
        before=("Unido antes", "Se unió antes"),
        stems={
            "join": ("entrada", "incorporacion", "horadeunion"),
            "leave": ("salida", "salio"),
            "first": ("primer", "primera"),
            "last": ("ultim",),
            "time": ("hora",),
        },
    ),
    "Dutch": Terms(
        headers={
            "name": ("Naam",),
            "fullname": ("Volledige naam",),
            "firstjoin": ("Eerste deelname", "Eerst deelgenomen", "Eerste keer deelgenomen"),
            "lastleave": ("Laatst verlaten", "Laatste vertrek", "Laatste keer verlaten"),
            "inmeetingduration": ("Duur in vergadering", "Duur van vergadering", "Vergaderduur"),
            "jointime": ("Tijd van deelname", "Tijdstip van deelname", "Deelnametijd"),
            "leavetime": ("Tijdstip van verlaten", "Tijd van verlaten", "Vertrektijd"),
            "duration": ("Duur",),
            "email": ("E-mailadres", "E-mail"),
            "participantidupn": ("Deelnemer-id (UPN)", "Id van deelnemer (UPN)"),
            "role": ("Rol",),
            "useraction": ("Gebruikersactie",),
            "timestamp": ("Tijdstempel",),
        },
        summary={
            "meetingtitle": ("Titel van vergadering", "Vergadertitel", "Titel van de vergadering"),
            "starttime": ("Begintijd", "Starttijd"),
            "endtime": ("Eindtijd",),
            "meetingid": ("Vergadering-id", "Id van vergadering"),
            "attendedparticipants": ("Aanwezige deelnemers", "Deelnemers aanwezig", "Totaal aantal deelnemers"),
        },
        sections=("Samenvatting", "Deelnemers", "Activiteiten in vergadering", "Activiteiten tijdens de vergadering"),
        organiser=("Organisator",),
        joined=("Deelgenomen", "Toegevoegd"),
        left=("Verlaten", "Vertrokken"),
        units={"h": ("u", "uur", "uren"), "m": ("min", "minuut", "minuten"), "s": ("s", "sec", "seconde", "seconden")},
        time_words=("om",),
        before=("Eerder deelgenomen", "Deelgenomen voor"),
        stems={
            "join": ("deelname", "deelgenomen"),
            "leave": ("verlaten", "vertrek"),
            "first": ("eerst",),
            "last": ("laatst",),
            "time": ("tijd",),
        },
    ),
    "Italian": Terms(
        headers={
            "name": ("Nome",),
            "fullname": ("Nome completo",),
            "firstjoin": ("Primo ingresso", "Prima partecipazione", "Primo accesso"),
            "lastleave": ("Ultima uscita", "Ultimo abbandono"),
            "inmeetingduration": ("Durata nella riunione", "Durata della riunione", "Durata in riunione"),
            "jointime": ("Ora di ingresso", "Ora di partecipazione", "Ora di accesso"),
            "leavetime": ("Ora di uscita", "Ora di abbandono"),
            "duration": ("Durata",),
            "email": ("Indirizzo di posta elettronica", "Posta elettronica", "E-mail", "Indirizzo e-mail"),
            "participantidupn": ("ID partecipante (UPN)", "ID del partecipante (UPN)"),
            "role": ("Ruolo",),
            "useraction": ("Azione utente", "Azione dell'utente"),
            "timestamp": ("Data e ora",),
        },
        summary={
            "meetingtitle": ("Titolo della riunione", "Titolo riunione"),
            "starttime": ("Ora di inizio", "Ora inizio"),
            "endtime": ("Ora di fine", "Ora di termine", "Ora fine"),
            "meetingid": ("ID riunione", "ID della riunione"),
            "attendedparticipants": ("Partecipanti presenti", "Numero totale di partecipanti"),
        },
        sections=("Riepilogo", "Partecipanti", "Attività durante la riunione", "Attività nella riunione"),
        organiser=("Organizzatore", "Organizzatrice"),
        joined=("Partecipato", "Entrato", "Aggiunto"),
        left=("Uscito", "Abbandonato"),
        units={"h": ("h", "ora", "ore"), "m": ("min", "minuto", "minuti"), "s": ("s", "sec", "secondo", "secondi")},
        time_words=("alle", "alle ore"),
        before=("Entrato prima", "Partecipato prima"),
        stems={
            "join": ("ingresso", "partecipazione", "accesso"),
            "leave": ("uscita", "abbandono"),
            "first": ("primo", "prima"),
            "last": ("ultim",),
            "time": ("oradi", "orario"),
        },
    ),
    "Portuguese": Terms(
        headers={
            "name": ("Nome",),
            "fullname": ("Nome Completo",),
            "firstjoin": ("Primeira Entrada", "Primeira participação", "Primeiro ingresso"),
            "lastleave": ("Última Saída",),
            "inmeetingduration": ("Duração na Reunião", "Duração da reunião", "Duração em reunião"),
            "jointime": ("Hora de Entrada", "Horário de entrada", "Hora de ingresso"),
            "leavetime": ("Hora de Saída", "Horário de saída"),
            "duration": ("Duração",),
            "email": ("Email", "E-mail", "Endereço de email", "Endereço de e-mail"),
            "participantidupn": ("ID do Participante (UPN)", "ID de participante (UPN)"),
            "role": ("Função", "Papel"),
            "useraction": ("Ação do usuário", "Ação do utilizador"),
            "timestamp": ("Carimbo de data/hora", "Data/hora"),
        },
        summary={
            "meetingtitle": ("Título da reunião",),
            "starttime": ("Hora de início", "Horário de início"),
            "endtime": ("Hora de término", "Hora de fim", "Horário de término"),
            "meetingid": ("ID da reunião",),
            "attendedparticipants": ("Participantes presentes", "Número total de participantes"),
        },
        sections=("Resumo", "Participantes", "Atividades na reunião", "Atividades durante a reunião"),
        organiser=("Organizador", "Organizadora"),
        joined=("Ingressou", "Entrou"),
        left=("Saiu",),
        units={"h": ("h", "hora", "horas"), "m": ("min", "minuto", "minutos"), "s": ("s", "seg", "segundo", "segundos")},
        time_words=("às", "as"),
        before=("Ingressou antes", "Entrou antes"),
        stems={
            "join": ("entrada", "ingresso"),
            "leave": ("saida",),
            "first": ("primeir",),
            "last": ("ultim",),
            "time": ("hora", "horario"),
        },
    ),
    # Only sourced words (current layout): the sections, the summary's title, start and end, the
    # participants' columns and the duration units are those the public reader of Japanese reports
    # nuitsjp/teams-board relies on (src/services/csv-transformer.js, and
    # .kiro/specs/apply-domain-model/research.md: "名前、初めての参加、最終退出、会議の長さ、メール、
    # 参加者 ID (UPN)、役割", "X 時間 Y 分 Z 秒"); "開催者" is the organiser in Microsoft's Japanese page
    # on these reports (support.microsoft.com/ja-jp, article ae7cf170-530c-47d3-84c1-3aedac74d310).
    # The in-meeting activities' columns and the 2020 list's actions are not known, so not listed.
    "Japanese": Terms(
        headers={
            "name": ("名前",),
            "firstjoin": ("初めての参加",),
            "lastleave": ("最終退出",),
            "inmeetingduration": ("会議の長さ",),
            "email": ("メール", "メール アドレス"),
            "participantidupn": ("参加者 ID (UPN)",),
            "role": ("役割",),
        },
        summary={"meetingtitle": ("会議のタイトル",), "starttime": ("開始時刻",), "endtime": ("終了時刻",)},
        sections=("要約", "参加者", "会議中のアクティビティ"),
        organiser=("開催者",),
        units={"h": ("時間",), "m": ("分",), "s": ("秒",)},
    ),
}


def fold(cell: object) -> str:
    """A word as it is matched: :func:`~diagnostic.ingest.headers.fold_header` (case, accents,
    spaces and punctuation set aside), keeping the letters of a Japanese word, which that drops."""
    text = cell if isinstance(cell, str) else str(cell if cell is not None else "")
    if text.isascii() or not _JAPANESE.search(text):
        return fold_header(text)
    plain = unicodedata.normalize("NFKC", text).lower()  # full-width "ＩＤ" -> "id"
    return "".join(c for c in plain if _JAPANESE.match(c) or _ASCII_LETTERS.match(c))


def _lookup(part: str) -> dict[str, str]:
    """Folded local word -> English key, over every language; a clash between languages is a bug here."""
    out: dict[str, str] = {}
    for terms in LANGUAGES.values():
        for key, words in getattr(terms, part).items():
            for word in (key, *words):
                if out.setdefault(fold(word), key) != key:
                    raise ValueError(f"{word!r} means both {out[fold(word)]!r} and {key!r}")
    return out


HEADER_KEYS = _lookup("headers")
SUMMARY_KEYS = _lookup("summary")
SECTIONS = frozenset(fold(s) for terms in LANGUAGES.values() for s in terms.sections)
ORGANISER = frozenset(fold(w) for terms in LANGUAGES.values() for w in terms.organiser)
JOINED = tuple(sorted({fold(w) for terms in LANGUAGES.values() for w in terms.joined}))
LEFT = tuple(sorted({fold(w) for terms in LANGUAGES.values() for w in terms.left}))
BEFORE = frozenset(fold(w) for terms in LANGUAGES.values() for w in terms.before)
STEMS = {
    part: tuple(sorted({s for t in LANGUAGES.values() for s in t.stems.get(part, ())}))
    for part in ("join", "leave", "first", "last", "time")
}
_STEM_SEARCH = {part: re.compile("|".join(map(re.escape, stems))).search for part, stems in STEMS.items()}  # one scan, not one per stem
MAIL_WORDS = ("email", "courriel", "postaelettronica", "correoelectronico")  # an address column however it is spelt
STEM_HEADER_MAX = 40  # characters: a header longer than this is a question, not a column of times
UNITS = {fold(w): unit for terms in LANGUAGES.values() for unit, words in terms.units.items() for w in words}
_TIME_WORDS = sorted({w for terms in LANGUAGES.values() for w in terms.time_words}, key=len, reverse=True)
# "13/04/2021 à 09:01:31", "13.04.2021, 09:01:31", "13/04/2021 um 09:01:31": the date, then the time
_DATE_THEN_TIME = re.compile(
    r"^\s*(\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4})\.?(?:\s*,\s*|\s+)(?:(?:" + "|".join(map(re.escape, _TIME_WORDS)) + r")\s+)?(?=\d)",
    re.IGNORECASE,
)
_MERIDIEM = re.compile(r"\b([ap])\.?\s?m\.?(?=\s|$)", re.IGNORECASE)  # "p. m." (Spanish), "p.m." -> "PM"
_AMOUNT = re.compile(r"(\d+(?:[.,]\d+)?)\s*([^\W\d_]+)\.?")


def header_key(cell: object) -> str:
    """The English report's normalised header for a cell in any language (unknown cells folded).

    A header not in the tables is read from its words: one naming the UPN or an email address is
    that column, and one naming a join or a leave together with a time or with first/last ("Heure
    de la première arrivée" -> ``firstjoin``) is that time; a join or leave *date* ("Join date" in
    a staff list) is not a time and is left alone.
    """
    return _folded_key(fold(cell))


@header_memo
def _folded_key(folded: str) -> str:
    """:func:`header_key` of a folded cell: worked out once per distinct text, as every file's
    first lines are asked whether they are a Teams report."""
    if folded in HEADER_KEYS or len(folded) > STEM_HEADER_MAX:
        return HEADER_KEYS.get(folded, folded)
    if "upn" in folded:  # "Identifiant du participant (UPN)": Teams keeps the English abbreviation
        return "participantidupn"
    if any(word in folded for word in MAIL_WORDS):
        return "email"
    joins, leaves = _has_stem(folded, "join"), _has_stem(folded, "leave")
    if joins == leaves:  # neither (most cells of most files: the other stems are not looked for), or both
        return folded
    if joins and (_has_stem(folded, "first") or _has_stem(folded, "time")):
        return "firstjoin" if _has_stem(folded, "first") else "jointime"
    if leaves and (_has_stem(folded, "last") or _has_stem(folded, "time")):
        return "lastleave" if _has_stem(folded, "last") else "leavetime"
    return folded


def _has_stem(folded: str, part: str) -> bool:
    return _STEM_SEARCH[part](folded) is not None


def summary_key(cell: object) -> str:
    """The English summary label for a cell in any language (``"Titre de la réunion"`` -> ``"meetingtitle"``)."""
    folded = fold(cell)
    return SUMMARY_KEYS.get(folded, HEADER_KEYS.get(folded, folded))


def is_section_title(cell: object) -> bool:
    """A section heading such as ``2. Teilnehmer`` or ``*Résumé de la réunion`` (numbers ignored)."""
    return fold(re.sub(r"^\W*\d+\s*\.", "", str(cell))) in SECTIONS


def is_organiser(values: pd.Series) -> pd.Series:
    """True for Teams' organiser role in any language; presenters, co-organisers and attendees are False."""
    return (
        values.astype(object).map(fold, na_action="ignore").isin(ORGANISER).astype(bool)
    )  # object: an all-blank column has no string type


def action(value: object) -> str | None:
    """``join`` or ``leave`` for a 2020 list's action in any language ("Joined before" joins)."""
    word = fold(value)
    if word.startswith(LEFT):
        return "leave"
    if word.startswith(JOINED) or word in BEFORE:
        return "join"
    return None


def joined_before(value: object) -> bool:
    """True for the "Joined before" action: the person was in the meeting before the list began."""
    return fold(value) in BEFORE


def time_text(values: pd.Series) -> pd.Series:
    """Timestamps in the English report's shape: ``13/04/2021 à 09:01:31`` and ``13.04.2021, 09:01:31``
    become ``13/04/2021 09:01:31`` and ``13.04.2021 09:01:31``; ``p. m.`` becomes ``PM``."""
    text = values.astype("string").str.replace(_DATE_THEN_TIME, r"\1 ", regex=True)
    return text.str.replace(_MERIDIEM, lambda m: m.group(1).upper() + "M", regex=True)


def duration_text(values: pd.Series) -> pd.Series:
    """Durations in the English units: ``1 Std. 5 Min.`` -> ``1h 5m``, ``44 min 3 s`` -> ``44m 3s``,
    ``2 h 44 m`` -> ``2h 44m``. Amounts with a unit we do not know are left out (the caller reports
    a duration it cannot read)."""

    def english(match: re.Match[str]) -> str:
        unit = UNITS.get(fold(match.group(2)))
        return f"{match.group(1).replace(',', '.')}{unit} " if unit else ""

    return values.astype("string").str.replace(_AMOUNT, english, regex=True).str.replace(r"\s+", " ", regex=True).str.strip()
