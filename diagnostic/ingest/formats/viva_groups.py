"""Viva Insights collaboration queries between people and groups (formats.md d): person-to-person,
group-to-group and person-to-group.

* person-to-person -> ``ties`` between people (the strong tie score weighs each pair);
* group-to-group -> ``group_ties``: hours between groups of one HR attribute (``Organization``,
  ``FunctionType``, ...). They feed the team matrix and the cross-team indicator only when that
  attribute is the one the user chose as team;
* person-to-group -> the people and their HR attributes only: a count of one person's contacts
  with a whole group cannot be split into ties between people or teams without guessing.

A query run over one whole period has no ``MetricDate``; it loads as one undated period, said in
a warning (:func:`~diagnostic.ingest.formats.viva.undated`).
"""

from __future__ import annotations

import pandas as pd

from diagnostic.errors import InputError
from diagnostic.ingest.base import Format, LoadContext
from diagnostic.ingest.formats.m365_reports import column, read_table
from diagnostic.ingest.formats.viva import TIE_SCORES, VIVA_SOURCE, hr_attributes, metric_dates, number, text, undated, without_prefix
from diagnostic.ingest.headers import normalise_header
from diagnostic.ingest.rawfile import RawFile
from diagnostic.ingest.vocabulary import agree, counted

PRIMARY, SECONDARY = "primarycollaborator", "secondarycollaborator"
GROUP_HOURS = ("groupcollaborationtimeinvested", "collaborationhours", "collaborationtimeinvested")
GROUP_PARTS = (("groupmeetingtimeinvested", "meetinghours"), ("groupemailtimeinvested", "emailhours"))  # summed when no total


def _dates(frame: pd.DataFrame, ctx: LoadContext) -> pd.Series:
    found = metric_dates(frame, ctx)
    return undated(len(frame), ctx) if found is None else found


def _detect_p2p(raw: RawFile) -> float:
    return float({PRIMARY + "personid", SECONDARY + "personid"} <= set(raw.header))


def parse_p2p_query(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """Person-to-person query -> ``ties`` (kind collaboration, one row per directed pair and period).

    The weight is the strong tie score (else the diverse tie score, else 1 per pair); pairs whose
    score is missing or 0 are not ties and are left out, counted.
    """
    frame = read_table(raw)
    ctx.rows_read = len(frame)
    n = len(frame)
    period = _dates(frame, ctx)
    score = column(frame, *TIE_SCORES)
    weight = number(score, n) if score is not None else pd.Series(1.0, index=range(n), dtype="Float64")
    no_tie = ~(weight > 0).fillna(False).to_numpy()
    if no_tie.any():
        k = int(no_tie.sum())
        ctx.warn(
            f"{counted(k, 'pair')} {agree(k, 'has', 'have')} no tie score above 0, so {agree(k, 'it is not counted as a tie', 'they are not counted as ties')}."
        )
    keep = ~no_tie & (period.notna().to_numpy() | period.isna().all())
    frame = frame[keep].reset_index(drop=True)
    n = len(frame)
    a = ctx.identify(names=text(column(frame, PRIMARY + "personid"), n))
    b = ctx.identify(names=text(column(frame, SECONDARY + "personid"), n))
    when = period[keep].reset_index(drop=True)
    ties = pd.DataFrame({"person_a": a, "person_b": b, "weight": weight[keep].to_numpy(), "kind": "collaboration", "period": when})
    # a person's attributes from every row that names them, on either side: both sides read as one
    sides = pd.concat([_side(frame, PRIMARY), _side(frame, SECONDARY)], ignore_index=True)
    return {"ties": ties, **hr_attributes(sides, pd.concat([a, b], ignore_index=True), pd.concat([when, when], ignore_index=True), ctx)}


def _side(frame: pd.DataFrame, side: str) -> pd.DataFrame:
    """``side``'s columns of a pair query, without the side's prefix (``SecondaryCollaborator_Organization`` -> ``Organization``)."""
    columns = [c for c in frame.columns if normalise_header(c).startswith(side) and normalise_header(c) != side + "personid"]
    return frame[columns].set_axis([without_prefix(c, side) for c in columns], axis=1)


def _group_column(frame: pd.DataFrame, side: str) -> str | None:
    """The header naming ``side``'s group (``PrimaryCollaborator_Organization``): the side's column that is not a size or a person."""
    for header in frame.columns:
        key = normalise_header(header)
        if key.startswith(side) and key[len(side) :] not in ("groupsize", "personid", ""):
            return header
    return None


def _detect_g2g(raw: RawFile) -> float:
    header = raw.header
    if PRIMARY + "personid" in header or SECONDARY + "personid" in header:
        return 0.0
    sides = sum(any(h.startswith(side) for h in header) for side in (PRIMARY, SECONDARY))
    sized = PRIMARY + "groupsize" in header
    return 0.95 if sides == 2 and (sized or bool(set(header) & set(GROUP_HOURS))) else 0.0


def parse_g2g_query(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """Group-to-group query -> ``group_ties``: each pair of groups' collaboration hours per period.

    Rows without both groups or without hours are left out, counted.
    """
    frame = read_table(raw)
    ctx.rows_read = len(frame)
    n = len(frame)
    first, second = _group_column(frame, PRIMARY), _group_column(frame, SECONDARY)
    if first is None or second is None:
        raise InputError(f"{raw.name}: this group-to-group query needs a PrimaryCollaborator and a SecondaryCollaborator group column.")
    attribute = without_prefix(first, PRIMARY)
    if normalise_header(without_prefix(second, SECONDARY)) != normalise_header(attribute):
        ctx.warn(
            f"The two sides are grouped by different attributes ({attribute} and {without_prefix(second, SECONDARY)}), "
            "so the groups are read as values of the first.",
            "Run the query with the same attribute on both sides.",
        )
    hours = number(column(frame, *GROUP_HOURS), n)
    if hours.isna().all():
        parts = [number(column(frame, *names), n) for names in GROUP_PARTS]
        hours = parts[0].fillna(0) + parts[1].fillna(0) if any(p.notna().any() for p in parts) else hours
    group_ties = pd.DataFrame(
        {
            "attribute": attribute,
            "group_a": text(frame[first], n),
            "group_b": text(frame[second], n),
            "size_a": number(column(frame, PRIMARY + "groupsize"), n).round().astype("Int64"),
            "size_b": number(column(frame, SECONDARY + "groupsize"), n).round().astype("Int64"),
            "hours": hours,
            "period": _dates(frame, ctx),
            "source_format": "viva_g2g_query",
        }
    )
    unusable = (
        group_ties[["group_a", "group_b", "hours"]].isna().any(axis=1) | (group_ties["period"].isna() & group_ties["period"].notna().any())
    ).to_numpy()
    if unusable.any():
        k = int(unusable.sum())
        ctx.warn(f"{counted(k, 'row')} without both groups, a date or collaboration hours {agree(k, 'was', 'were')} left out.")
    return {"group_ties": group_ties[~unusable].reset_index(drop=True)}


def _detect_p2g(raw: RawFile) -> float:
    header = raw.header
    if PRIMARY + "personid" not in header or SECONDARY + "personid" in header:
        return 0.0
    return 0.9 if any(h.startswith(SECONDARY) for h in header) else 0.0


def parse_p2g_query(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """Person-to-group query -> the people it names and their HR attributes (see the module's docstring)."""
    frame = read_table(raw)
    ctx.rows_read = len(frame)
    n = len(frame)
    period = _dates(frame, ctx)
    ids = ctx.identify(names=text(column(frame, PRIMARY + "personid"), n))
    ctx.warn(
        "A person-to-group query adds the people it names and their HR attributes; its counts of contacts with whole groups "
        "are not used, because they cannot be split between the people or teams in those groups.",
        "For team-to-team figures load a group-to-group query; for the network, a person-to-person query.",
    )
    return hr_attributes(frame, ids, period, ctx, PRIMARY)


FORMATS = (
    Format(
        id="viva_p2p_query",
        kind="collaboration",
        label="Viva Insights person-to-person query",
        detect=_detect_p2p,
        parse=parse_p2p_query,
        source=VIVA_SOURCE.format(query="Person-to-person query"),
    ),
    Format(
        id="viva_g2g_query",
        kind="collaboration",
        label="Viva Insights group-to-group query",
        detect=_detect_g2g,
        parse=parse_g2g_query,
        source=VIVA_SOURCE.format(query="Group-to-group query"),
    ),
    Format(
        id="viva_p2g_query",
        kind="collaboration",
        label="Viva Insights person-to-group query",
        detect=_detect_p2g,
        parse=parse_p2g_query,
        source=VIVA_SOURCE.format(query="Person-to-group query"),
    ),
)
