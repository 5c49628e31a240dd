"""The user's own settings: salt, thresholds, working hours, privacy floor, domain map, opt-ins.

They live in a JSON file the user owns, outside the repository (``~/.relational-diagnostic/
settings.json`` by default, or the path in ``DIAGNOSTIC_SETTINGS``), created with owner-only
permissions because the salt is what keeps pseudonyms from being reversed by dictionary.
"""

from __future__ import annotations

import functools
import json
import os
import secrets
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

MIN_GROUP_FLOOR = 3  # the minimum group size can be raised, never lowered below this
DEFAULT_MIN_GROUP = 5  # vivainsights' default; Viva Insights itself uses 10

# Partner agencies recognised from the email domain (suffix match). Editable in settings.
DEFAULT_PARTNER_DOMAINS: dict[str, str] = {
    "nhs.net": "Health",
    "nhs.uk": "Health",
    "nhs.example": "Health",
    "police.uk": "Police",
    "pnn.police.uk": "Police",
    "police.example": "Police",
    "sch.uk": "Schools",
    "school.example": "Schools",
    "schools.example": "Schools",
    "ac.uk": "Education",
    "cafcass.gov.uk": "Cafcass",
    "probation.gov.uk": "Probation",
    "justice.gov.uk": "Probation",
    "voluntary.example": "Voluntary sector",
    "charity.example": "Voluntary sector",
}

# Words in a meeting subject that mark direct work with children and families.
DEFAULT_DIRECT_WORK_TERMS: tuple[str, ...] = (
    "home visit",
    "visit",
    "family time",
    "fgc",
    "family group conference",
    "court",
    "conference with family",
    "direct work",
    "child protection conference",
    "core group",
    "life story",
    "review with young person",
)


@dataclass(frozen=True)
class Settings:
    """Everything a user can change. Frozen: pass a changed copy (``dataclasses.replace``)."""

    salt: str = ""
    min_group_size: int = DEFAULT_MIN_GROUP
    work_start: str = "08:00"
    work_end: str = "18:00"
    work_days: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday = 0
    thresholds: dict[str, dict[str, float]] = field(default_factory=dict)  # id -> {concrete_at, compost_at}
    weights: dict[str, float] = field(default_factory=dict)  # indicator id -> weight in its domain
    partner_domains: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_PARTNER_DOMAINS))
    internal_domains: tuple[str, ...] = ()  # empty: inferred from the data (the commonest domain)
    direct_work_terms: tuple[str, ...] = DEFAULT_DIRECT_WORK_TERMS
    language_terms: dict[str, str] = field(default_factory=dict)  # extra term -> suggestion
    show_names: bool = False  # opt-in: keep display names in the people table
    show_text: bool = False  # opt-in: keep meeting subjects and feedback comments
    meeting_size_cap: int = 60  # meetings larger than this count as broadcasts in the network
    dayfirst: bool = True  # default day/month order for ambiguous files (UK)
    organisation: str = ""  # the name on the report's first page; empty: the staff's email domain
    team_attribute: str = ""  # the HR attribute that is "team" (a Viva query's or a roster's column); empty: a roster's team column
    period: str = ""  # the analysis period as FROM:TO (ISO days); empty: proposed from the files (diagnostic.periods)

    def __post_init__(self) -> None:
        if self.min_group_size < MIN_GROUP_FLOOR:
            object.__setattr__(self, "min_group_size", MIN_GROUP_FLOOR)

    def changed_from_defaults(self) -> list[str]:
        """Plain-English list of what differs from the shipped defaults (shown on the scorecard)."""
        base = Settings()
        said = []
        if self.thresholds:
            said.append(f"thresholds changed for {len(self.thresholds)} indicator(s)")
        if self.weights:
            said.append(f"weights changed for {len(self.weights)} indicator(s)")
        if (self.work_start, self.work_end, self.work_days) != (base.work_start, base.work_end, base.work_days):
            said.append(f"working hours set to {self.work_start}–{self.work_end}")
        if self.min_group_size != base.min_group_size:
            said.append(f"minimum group size set to {self.min_group_size} people")
        if self.team_attribute:
            said.append(f"teams taken from the attribute “{self.team_attribute}”")
        if self.period:
            said.append(f"analysis period set to {self.period.replace(':', ' to ')}")
        return said

    def to_dict(self) -> dict:
        return asdict(self)

    @functools.cached_property
    def key(self) -> str:
        """The settings as one string, for memo keys: equal settings give equal keys (dicts are unhashable)."""
        return json.dumps(self.to_dict(), sort_keys=True, default=str)


@dataclass(frozen=True)
class Setting:
    """One setting as people read about it: its name in the settings file, its default and what it does."""

    name: str
    default: object
    help: str


# What each setting does, in a line: shown beside the control in the app and in the README's settings table.
SETTING_HELP: dict[str, str] = {
    "salt": "The secret mixed into every pseudonym. Made at random on first run; rotate it to stop old outputs joining new ones.",
    "min_group_size": "No figure is shown for a group smaller than this. It can be raised, not lowered below 3.",
    "work_start": "When the working day starts (24-hour clock). Email sent before it counts as out of hours.",
    "work_end": "When the working day ends (24-hour clock). Email sent after it counts as out of hours.",
    "work_days": "The working days, Monday = 0. Email sent on other days counts as out of hours.",
    "thresholds": "Your own thresholds for an indicator: the values that score 0 (concrete_at) and 100 (compost_at).",
    "weights": "Your own weight for an indicator within its domain (1 by default).",
    "partner_domains": "Email domains of partner agencies (matched on the end of the address), with the agency each belongs to.",
    "internal_domains": "Your organisation's own email domains. Left empty, the commonest domain in the data is taken.",
    "direct_work_terms": "Words in a meeting subject that mark direct work with children and families.",
    "language_terms": "Your own institutional terms, each with the relational wording to suggest instead.",
    "show_names": "Off by default. Names are never needed for the scorecard.",
    "show_text": "Off by default. Free text can identify children.",
    "meeting_size_cap": "Meetings with more people than this count as broadcasts and add no ties to the network.",
    "dayfirst": "Read ambiguous dates such as 03/04 as day first (UK). A file's own dates decide when they can.",
    "organisation": "Your organisation's name, on the report's first page. Left empty, the staff's commonest email domain is shown.",
    "team_attribute": (
        "Which HR attribute is the team (for example GroupName from Viva Insights, or a roster column). "
        "Left empty, only a staff list's team column gives teams: departments are never taken for teams."
    ),
    "period": (
        "The analysis period as FROM:TO, for example 2025-01-06:2025-03-28. Left empty, all the data is used when the files "
        "cover one period, else the period where most of the activity data sits."
    ),
}


def setting_reference() -> tuple[Setting, ...]:
    """Every setting with its default and help line, in the order of the settings file."""
    defaults = Settings()
    return tuple(Setting(name, getattr(defaults, name), SETTING_HELP[name]) for name in Settings.__dataclass_fields__)


def settings_path() -> Path:
    """Where the user's settings live: ``$DIAGNOSTIC_SETTINGS`` or a file in the home folder."""
    env = os.environ.get("DIAGNOSTIC_SETTINGS")
    return Path(env) if env else Path.home() / ".relational-diagnostic" / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file, creating it (owner-only) with a fresh random salt if absent.

    Several browser sessions may open at once on a first run. Only one of them may choose the
    salt: the others must read the same one, or each would pseudonymise the same people
    differently and work everything out again under its own settings.
    """
    path = path or settings_path()
    if path.exists():
        settings = _read_settings(path)
        if settings.salt:
            return settings
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with _exclusive(path.with_name(f".{path.name}.lock")):
        settings = _read_settings(path) if path.exists() else Settings()
        if not settings.salt:
            save_settings(replace(settings, salt=secrets.token_hex(16)), path)
    return _read_settings(path)


LOCK_WAIT_SECONDS = 10.0  # a lock older than this was left by a process that stopped


@contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    """Hold ``lock`` (a file only one process or thread can create) while the block runs."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            break
        except FileExistsError:
            if time.monotonic() > deadline:
                lock.unlink(missing_ok=True)
                deadline = time.monotonic() + LOCK_WAIT_SECONDS
            time.sleep(0.01)
    try:
        yield
    finally:
        os.close(fd)
        lock.unlink(missing_ok=True)


def _read_settings(path: Path) -> Settings:
    raw = json.loads(path.read_text(encoding="utf-8"))
    known = {k: v for k, v in raw.items() if k in Settings.__dataclass_fields__}
    for key in ("work_days", "internal_domains", "direct_work_terms"):
        if key in known:
            known[key] = tuple(known[key])
    return Settings(**known)


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write settings with owner-only permissions (0600 file in a 0700 folder).

    The file is written beside its final name and then renamed over it, so a session reading
    the settings while another saves them sees the old file or the new one, never half of one.
    """
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # created 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(settings.to_dict(), fh, indent=2)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
