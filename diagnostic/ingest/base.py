"""What a format is, and the context a loader works in.

A :class:`Format` is data plus two functions: ``detect`` (how sure are we, from the content, that
a file is this format: 0 to 1) and ``parse`` (canonical tables from it). Loaders never see the
salt or keep identities: they hand raw emails/names to :meth:`LoadContext.identify` and get
pseudonyms back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from diagnostic.classify import classify_meetings
from diagnostic.errors import ERROR, WARNING, Issue
from diagnostic.ingest.rawfile import RawFile
from diagnostic.ingest.vocabulary import agree, counted
from diagnostic.non_people import NOUNS, non_person_kind
from diagnostic.privacy import email_domain, normalise_name, person_key, pseudonym, pseudonymise_keys
from diagnostic.schema import TZ
from diagnostic.settings import Settings

KINDS = ("meetings", "email", "collaboration", "audits", "feedback", "roster", "documents", "self_assessment", "unknown")


@dataclass
class LoadContext:
    """Per-file state: settings, the problems found, and the identities seen (pseudonymised)."""

    file: str
    settings: Settings
    issues: list[Issue] = field(default_factory=list)
    rows_read: int = 0  # data rows in the input (not counting headers)
    _people: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # id -> (domain, name)
    _aliases: set[tuple[str, str]] = field(default_factory=set)  # (name-keyed id, email-keyed id): every pair, kept
    _non_people: dict[str, str] = field(default_factory=dict)  # pseudonym of a non-person's key -> its kind
    non_people_rows: int = 0  # rows a loader left out for naming a non-person, where it counts rows (message traces)
    seen_names: set[str] = field(default_factory=set)  # display names met, only to keep them out of the file's shown name
    seen_subjects: set[str] = field(default_factory=set)  # meeting titles met, for the same reason

    def warn(self, message: str, action: str = "", column: str | None = None, rows: list[int] | tuple[int, ...] = ()) -> None:
        """Record something skipped or assumed; the file still loads."""
        self.issues.append(Issue(self.file, message, action, column, tuple(rows), WARNING))

    def error(self, message: str, action: str = "", column: str | None = None, rows: list[int] | tuple[int, ...] = ()) -> None:
        """Record something that made (part of) the file unusable."""
        self.issues.append(Issue(self.file, message, action, column, tuple(rows), ERROR))

    def identify(self, emails: pd.Series | None = None, names: pd.Series | None = None) -> pd.Series:
        """Pseudonymous person ids for parallel columns of emails and/or display names.

        Keys on the email where present, else the normalised name. Where a row has both, the
        name's pseudonym is recorded as an alias of the email's, so name-only exports (Outlook
        CSV) join to email-keyed ones once both are loaded; every pair is kept, so that a name
        two people share is seen as such when files are combined, never settled by which came
        last. NA where a row has neither, and for rooms, dial-ins and shared mailboxes
        (:mod:`diagnostic.non_people`), which are counted for :meth:`note_non_people` instead.
        """
        base = emails if emails is not None else names
        if base is None:
            raise ValueError("identify needs emails or names")
        index = base.index
        e = emails.astype("string") if emails is not None else pd.Series(pd.NA, index=index, dtype="string")
        n = names.astype("string") if names is not None else pd.Series(pd.NA, index=index, dtype="string")
        codes, first = _pair_codes(e, n)
        # each distinct pair, in order of first appearance, as lists: on a file's few hundred people
        # plain Python costs less than the column operations would
        e_values = [v if isinstance(v, str) else None for v in e.iloc[first].tolist()]
        n_values = [v if isinstance(v, str) else None for v in n.iloc[first].tolist()]
        keys = [person_key(ev, nv) for ev, nv in zip(e_values, n_values)]
        hashed = {key: pseudonym(key, self.settings.salt) for key in keys if key is not None}
        left_out = self._leave_out_non_people(e_values, n_values, keys)
        pids = [None if key is None or out else hashed[key] for key, out in zip(keys, left_out)]
        for ev, nv, key, pid in zip(e_values, n_values, keys, pids):
            if pid is None:
                continue
            if isinstance(nv, str) and "@" not in nv:
                self.seen_names.add(nv)
            domain = email_domain(key) if key.startswith("email:") else None
            shown = nv if (self.settings.show_names and isinstance(nv, str)) else None
            old = self._people.get(pid, (None, None))
            # of several names for one person, the first in text order: which row came first must not decide
            self._people[pid] = (old[0] or domain, min((n for n in (old[1], shown) if n is not None), default=None))
            if key.startswith("email:") and isinstance(nv, str) and normalise_name(nv) and "@" not in nv:
                alias = pseudonym(f"name:{normalise_name(nv)}", self.settings.salt)  # one hash, no Series per row
                if alias != pid:
                    self._aliases.add((alias, pid))
        return pd.Series(np.array(pids, dtype=object)[codes], index=index, dtype="string")

    def _leave_out_non_people(self, emails: list, names: list, keys: list) -> list[bool]:
        """True for each distinct (email, name) that is not a person; each is counted once per file."""
        out = []
        for ev, nv, key in zip(emails, names, keys):
            kind = non_person_kind(ev, nv)
            if kind is not None:
                self._non_people[pseudonym(key if isinstance(key, str) else f"raw:{_shown(ev)}|{_shown(nv)}", self.settings.salt)] = kind
            out.append(kind is not None)
        return out

    def people_table(self) -> pd.DataFrame:
        """Everyone this file mentioned: pseudonym, email domain, and a name only on opt-in."""
        rows = [(pid, dom, name) for pid, (dom, name) in self._people.items()]
        return pd.DataFrame(rows, columns=["person_id", "domain", "display_name"])

    def alias_table(self) -> pd.DataFrame:
        """Every (name-keyed id, email-keyed id) pair met, sorted: a name may belong to several people."""
        return pd.DataFrame(sorted(self._aliases), columns=["alias_id", "person_id"])

    def note_non_people(self) -> None:
        """One note for the file: how many of those it named are not people, of which kinds (never who)."""
        if not self._non_people:
            return
        n = len(self._non_people)
        kinds = list(self._non_people.values())
        found = [counted(kinds.count(kind), *noun) for kind, noun in NOUNS.items() if kind in kinds]
        rows = self.non_people_rows
        also = f" The {counted(rows, 'row')} sent to or from them {agree(rows, 'was', 'were')} not counted." if rows else ""
        self.warn(
            f"{counted(n, 'entry', 'entries')} in this file {agree(n, 'is not a person', 'are not people')} ({', '.join(found)}), "
            f"so {agree(n, 'it was', 'they were')} left out and not counted as staff or partners.{also}"
        )


def _pair_codes(emails: pd.Series, names: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(each row's code for its (email, name) pair, the first row of each code): codes count up
    in order of first appearance, a missing value being a value like any other."""
    email_codes, _ = pd.factorize(emails)
    name_codes, _ = pd.factorize(names)
    pair = (email_codes.astype(np.int64) + 1) * (len(names) + 1) + (name_codes + 1)
    codes, _ = pd.factorize(pair)
    _, first = np.unique(codes, return_index=True)
    return codes, first


def _shown(value: str | None) -> str:
    """A value as the pair's text wrote it before: a missing one as ``<NA>``."""
    return "<NA>" if value is None else value


Detect = Callable[[RawFile], float]
Parse = Callable[[RawFile, LoadContext], dict[str, pd.DataFrame]]


@dataclass(frozen=True)
class Format:
    """One export format: where it comes from, how to recognise it, how to read it."""

    id: str
    kind: str
    label: str
    detect: Detect
    parse: Parse
    source: str = ""  # where users get this file, one line for the README and the app

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")


def meeting_ids(keys: pd.Series, salt: str) -> pd.Series:
    """Meeting ids from each export's own identity of a meeting (a calendar's UID and occurrence, a
    report's summary, a row's subject, times and organiser), salted so the key never shows.

    Each loader prefixes its keys with its own namespace, so two exports only share an id when they
    describe the meeting the same way (the same calendar file loaded twice, two people's Outlook
    exports); meetings seen in different kinds of export are recognised later, in ``combine``.
    """
    return pseudonymise_keys("meeting:" + keys.astype("string"), salt).str.replace("p", "m", n=1, regex=False)


def subject_text(subjects: pd.Series) -> pd.Series:
    """A subject as the same meeting's subject reads in every export: spacing and case ignored
    (Teams keeps a line break that Outlook turns into a space)."""
    return subjects.astype("string").fillna("").str.split().str.join(" ").str.casefold()


def match_keys(subjects: pd.Series, starts: pd.Series, salt: str) -> pd.Series:
    """What lets one meeting be recognised across kinds of export: a salted hash of its subject and
    its local start date. The subject itself is not kept; ``same_meeting`` then compares start
    times and attendees. Starts must be tz-aware.
    """
    day = starts.dt.tz_convert(TZ).dt.strftime("%Y-%m-%d").astype("string").fillna("")
    return pseudonymise_keys("match:" + subject_text(subjects) + "|" + day, salt).str.replace("p", "k", n=1, regex=False)


def subject_columns(subjects: pd.Series, starts: pd.Series, settings: Settings) -> pd.DataFrame:
    """Everything a loader keeps from a meeting subject: ``kind``, ``direct_work``, ``match_key``,
    and the subject itself only when the user opted in to free text (``settings.show_text``).

    Calendar loaders call this and then drop the subject, so a child's or a colleague's name in a
    subject line never reaches the Dataset by default.
    """
    out = classify_meetings(subjects, settings)
    out["match_key"] = match_keys(subjects, starts, settings.salt).to_numpy()
    if settings.show_text:
        out["subject"] = subjects.astype("string").str.strip().to_numpy()
    return out
