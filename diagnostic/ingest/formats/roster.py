"""A staff list (csv or xlsx) -> ``people``: team, role, line manager and practitioner flag.

The roster is what lets indicators talk about practitioners and managers at all, so it is read
generously: a name and/or an email, first name and surname in two columns, a manager given by
name or by email. A manager is anyone who is someone's line manager (indicators.md), and a
practitioner flag missing from the list is inferred from the job title, with a warning saying how
many were. When a row has both a name and an email, the name is recorded as an alias so that
name-only calendars (Outlook CSV) join the right person.
"""

from __future__ import annotations

import pandas as pd

from diagnostic.errors import InputError
from diagnostic.ingest import vocabulary as vocab
from diagnostic.ingest.base import Format, LoadContext
from diagnostic.ingest.formats.canonical import read_table, rows_where, warn_repeated_headers
from diagnostic.ingest.formats.viva import attribute_columns, chosen_values, text
from diagnostic.ingest.headers import normalise_header
from diagnostic.ingest.rawfile import RawFile
from diagnostic.ingest.sheet import read_sheet
from diagnostic.privacy import normalise_email, normalise_name

SYNONYMS = {c: n for c, n in vocab.column_names("people").items() if c not in ("domain",)}
FIRST_NAME = ("First name", "Forename", "Given name", "Firstname")
SURNAME = ("Surname", "Last name", "Family name", "Lastname")
SURE, LIKELY = 0.85, 0.7
# Headers of columns about a person rather than a group they belong to: never kept as attributes.
PERSONAL = (
    "name",
    "mail",
    "phone",
    "mobile",
    "address",
    "birth",
    "dob",
    "postcode",
    "manager",
    "supervisor",
    "mentor",
    "insurance",
    "payroll",
)


def detect(raw: RawFile) -> float:
    """Who (a name or an email) plus where they sit (team, role or manager)."""
    found = vocab.match_columns(raw.header, {**SYNONYMS, "first": FIRST_NAME, "last": SURNAME})
    who = "person_id" in found or "display_name" in found or {"first", "last"} <= set(found)
    where = sum(c in found for c in ("team", "role", "manager_id", "is_practitioner"))
    if not who or where < 2:
        return 0.0
    return SURE if where >= 3 else LIKELY


def parse(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    frame = read_sheet(raw, ctx)
    ctx.rows_read = len(frame)
    warn_repeated_headers(frame, ctx)
    found = vocab.match_columns(frame.columns, {**SYNONYMS, "first": FIRST_NAME, "last": SURNAME})
    names = _names(frame, found)
    emails = vocab.blank_to_na(frame[found["person_id"]]) if "person_id" in found else None
    if emails is None and names is None:
        raise InputError(f"{raw.name}: this staff list has no column of names or email addresses. Add one and load the file again.")
    someone = (emails.notna() if emails is not None else False) | (names.notna() if names is not None else False)
    if n := int((~someone).sum()):
        ctx.warn(
            f"{vocab.counted(n, 'row')} left out because {vocab.agree(n, 'it has', 'they have')} neither a name nor an email address.",
            rows=rows_where(~someone, frame.index),
        )
    frame = frame[someone.to_numpy()]
    names = names[someone.to_numpy()] if names is not None else None
    columns = {c: frame[h] for c, h in found.items() if c in ("person_id", "team", "role", "organisation", "is_practitioner")}
    if names is not None:
        columns["display_name"] = names
    people = read_table(pd.DataFrame(columns, index=frame.index), "people", ctx, labels={c: h for c, h in found.items() if c in columns})
    people["manager_id"] = _managers(frame, found, names, people["person_id"], ctx)
    _manager_flags(people, found, ctx)
    _practitioner_flags(people, found, ctx)
    attributes = _attributes(frame.loc[people.index], found, people["person_id"])
    _chosen_team(people, attributes, found, ctx)
    return {"people": people, "attributes": attributes}


def _attributes(frame: pd.DataFrame, found: dict[str, str], ids: pd.Series) -> pd.DataFrame:
    """The list's columns that group people (team, service, job title, locality...) as ``attributes`` rows.

    The columns that identify someone (names, addresses, managers, ids) are never kept, nor any
    column whose values are numbers, dates or one per person (see :func:`attribute_columns`).
    """
    used = {found[c] for c in ("person_id", "display_name", "first", "last", "manager_id", "is_practitioner") if c in found}
    candidates = [c for c in frame.columns if c not in used and not _personal(c)]
    table = frame[candidates].reset_index(drop=True)
    headers = attribute_columns(table, int(ids.nunique()))
    rows = [pd.DataFrame({"person_id": ids.to_numpy(), "attribute": h, "value": text(table[h], len(table)).to_numpy()}) for h in headers]
    out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=["person_id", "attribute", "value"])
    return (
        out.dropna(subset=["person_id", "value"])
        .sort_values(["person_id", "attribute", "value"])
        .drop_duplicates(["person_id", "attribute"], keep="last")
    )


def _personal(header: str) -> bool:
    key = normalise_header(header)
    return key.endswith("id") or any(word in key for word in PERSONAL)


def _chosen_team(people: pd.DataFrame, attributes: pd.DataFrame, found: dict[str, str], ctx: LoadContext) -> None:
    """The team is the column the user chose (``team_attribute``); without a choice, or without that column, the list's team column."""
    chosen = ctx.settings.team_attribute
    if not chosen or normalise_header(chosen) in ("team", normalise_header(found.get("team", ""))):
        return
    values = chosen_values(attributes, chosen)
    if values.empty:
        ctx.warn(f"This staff list has no column “{chosen}”, so its own team column gives the teams.", "Check the team attribute chosen.")
        return
    people["team"] = people["person_id"].map(values).astype("string")


def _names(frame: pd.DataFrame, found: dict[str, str]) -> pd.Series | None:
    """Display names: one name column, or first name and surname joined."""
    if "display_name" in found:
        return vocab.blank_to_na(frame[found["display_name"]])
    if "first" in found and "last" in found:
        return vocab.blank_to_na(frame[found["first"]].fillna("").str.strip() + " " + frame[found["last"]].fillna("").str.strip())
    return None


def _managers(frame: pd.DataFrame, found: dict[str, str], names: pd.Series | None, ids: pd.Series, ctx: LoadContext) -> pd.Series:
    """Each row's manager as a pseudonym, matched to the manager's own row by email or by name.

    A manager named by a display name that two people on the list share is left blank (with a
    count), never guessed.
    """
    if "manager_id" not in found:
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    emails = frame[found["person_id"]] if "person_id" in found else pd.Series(pd.NA, index=frame.index)
    shown = names if names is not None else pd.Series(pd.NA, index=frame.index)
    own: dict[str, set[str]] = {}
    for email, name, pid in zip(emails, shown, ids):
        for key in (normalise_email(email) if isinstance(email, str) else None, normalise_name(name) if isinstance(name, str) else None):
            if key and isinstance(pid, str):
                own.setdefault(key, set()).add(pid)
    managers = vocab.blank_to_na(frame[found["manager_id"]])
    keys = [(normalise_email(m) or normalise_name(m)) if isinstance(m, str) else None for m in managers]
    shared = pd.Series([len(own.get(k, ())) > 1 for k in keys], index=managers.index)
    matched = pd.Series([next(iter(own[k])) if len(own.get(k, ())) == 1 else pd.NA for k in keys], index=managers.index, dtype="string")
    if n := int(shared.sum()):
        ctx.warn(
            f"{vocab.counted(n, 'line manager')} {vocab.agree(n, 'is', 'are')} given by a name that more than one person on the list has, "
            f"so {vocab.agree(n, 'it was', 'they were')} left blank.",
            "Give line managers by email address.",
            column=found["manager_id"],
            rows=rows_where(shared, frame.index),
        )
    outside = managers.where(matched.isna() & ~shared)
    if outside.notna().any():  # a manager who is not on the list is still a person
        matched = matched.fillna(ctx.identify(names=outside))
    return matched.astype("string")


def _manager_flags(people: pd.DataFrame, found: dict[str, str], ctx: LoadContext) -> None:
    """A manager is anyone who manages someone; without a manager column, the job title decides."""
    if "manager_id" in found:
        people["is_manager"] = people["person_id"].isin(set(people["manager_id"].dropna())).astype("boolean")
        return
    if "role" in found:
        people["is_manager"] = people["role"].map(vocab.role_is_manager).astype("boolean")
        ctx.warn(
            "The list has no line-manager column, so managers were taken from job titles.",
            "Add a “Line manager” column so that managers are the people who manage someone.",
        )


def _practitioner_flags(people: pd.DataFrame, found: dict[str, str], ctx: LoadContext) -> None:
    """Fill a missing practitioner flag from the job title and say how many were inferred."""
    flags = people["is_practitioner"] if "is_practitioner" in people.columns else pd.Series(pd.NA, index=people.index, dtype="boolean")
    if "role" not in found:
        people["is_practitioner"] = flags
        return
    inferred = people["role"].map(vocab.role_is_practitioner).astype("boolean")
    filled = flags.isna() & inferred.notna()
    people["is_practitioner"] = flags.fillna(inferred)
    if filled.any():
        ctx.warn(
            f"{vocab.counted(int(filled.sum()), 'person', 'people')} had no practitioner flag, so it was worked out from the job title "
            "(social workers, family support workers and personal advisers are practitioners; managers and business support are not).",
            "Add a “Practitioner” column with Y or N to decide it yourself.",
        )
    unknown = int((flags.isna() & inferred.isna()).sum())
    if unknown:
        ctx.warn(
            f"The job title did not say whether {vocab.counted(unknown, 'person', 'people')} "
            f"{'is a practitioner' if unknown == 1 else 'are practitioners'}, so this was left blank.",
            "Add a “Practitioner” column with Y or N.",
        )


FORMATS: tuple[Format, ...] = (
    Format(
        id="roster",
        kind="roster",
        label="Staff roster",
        detect=detect,
        parse=parse,
        source="HR or the service's own staff list: name and/or work email, team, job title and line manager.",
    ),
)
