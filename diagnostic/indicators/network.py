"""Network indicators (catalogue section A5): how work flows between people and teams.

Seven read the collaboration network (email, meeting co-attendance, Viva ties), which is built
once per dataset by :func:`diagnostic.network.network_for` and shared by all of them; three read
the staff roster and are worked out in :mod:`diagnostic.indicators.staffing`. Person-level values
never leave this module: every figure is an organisation-wide share or a per-team figure for teams
of at least the minimum group size.
"""

from __future__ import annotations

import math

import pandas as pd

from diagnostic.columns import isin
from diagnostic.dataset import Dataset
from diagnostic.indicators.base import Indicator, Measurement, not_computed
from diagnostic.indicators.staffing import NO_ROSTER, management_layers, manager_share, rostered_staff, team_size_over_12_share
from diagnostic.indicators.teams import team_gap
from diagnostic.indicators.viva_measures import concentration, few_contacts, finer_first, outside_share
from diagnostic.network import metrics as nm
from diagnostic.network import network_for
from diagnostic.network import shares as ns
from diagnostic.network import teams as nt
from diagnostic.network import windows as nw
from diagnostic.network.graph import Network
from diagnostic.roster import enough_in_common
from diagnostic.settings import Settings

TIE_TABLES = ("messages", "attendance", "ties")
# what the network indicators read beyond their domain's tables: Viva's activity totals stand in for
# a network, its group-to-group hours for team ties, and HR attributes say whether a team was chosen
READS = ("people", "messages", "attendance", "meetings", "ties", "volumes", "group_ties", "attributes")


# --- helpers ------------------------------------------------------------------------------------
def _network(dataset: Dataset, settings: Settings) -> Network | None:
    if not any(dataset.has(t) for t in TIE_TABLES):
        return None
    net = network_for(dataset, settings)
    return net if len(net.edges) else None


NO_TIES = "No email, meeting attendance or collaboration export was loaded, so there is no network to measure. Load a message trace, Teams attendance or a Viva person-to-person query."


def _coverage_of(dataset: Dataset, settings: Settings) -> str:
    """What the network's coverage is a share of: the rostered staff."""
    return f"of the {len(rostered_staff(dataset, settings)):,} staff in the roster"


def _coverage(net: Network, dataset: Dataset, settings: Settings) -> float | None:
    """Share of rostered staff who appear in the network; None without a roster.

    Seven indicators report it, so it is worked out once per people frame (which is already
    specific to this dataset's roster and settings).
    """

    def compute() -> float | None:
        staff = rostered_staff(dataset, settings).index
        return float(isin(staff.to_series(), net.people.index).mean()) if len(staff) else None

    return net.people_memo("coverage", compute)


def _teams_shown(net: Network) -> bool:
    """Whether per-team rows may be given: most of the network's people have a known team.

    Otherwise one "Unknown team" row holding nearly everyone would pass for a breakdown by team.
    """
    return net.has_teams and enough_in_common(_known_in(net))


def _by_group(net: Network, values: dict[str, float | None]) -> pd.DataFrame | None:
    """Per shown internal group with a value: team, value, n (its people); None when teams are not known."""
    if not _teams_shown(net):
        return None
    sizes = nt.shown_internal(net).value_counts()
    rows = [{"team": g, "value": values[g], "n": int(sizes[g])} for g in sorted(sizes.index) if values.get(g) is not None]
    return pd.DataFrame(rows, columns=["team", "value", "n"]) if rows else None


# --- network indicators -------------------------------------------------------------------------
def _top5(dataset: Dataset, settings: Settings) -> Measurement:
    net = _network(dataset, settings)
    if net is None:
        return finer_first(not_computed(NO_TIES), lambda: concentration(dataset, settings))
    people = len(net.internal_ids)
    needed = math.ceil(settings.min_group_size / ns.TOP_SHARE)
    if people < needed:
        return not_computed(
            f"The network has {people} of the council's people; at least {needed} are needed so that the top 5% is a group of {settings.min_group_size} or more.",
            n=people,
            n_unit="people",
        )
    top = ns.top_share(net)
    if top is None:
        return not_computed("No ties with any weight were found.", n=people, n_unit="people")
    return Measurement(
        value=100 * top[0],
        n=people,
        n_unit="people",
        coverage=_coverage(net, dataset, settings),
        coverage_of=_coverage_of(dataset, settings),
        note=f"The top 5% is {top[1]} people.",
    )


def _cross_team(dataset: Dataset, settings: Settings) -> Measurement:
    net = _network(dataset, settings)
    gap = team_gap(dataset, settings, None if net is None else _known_in(net))
    if net is None or gap is not None or not net.has_teams:
        groups = nt.group_ei(dataset.group_ties, settings)
        if groups is not None:
            value, by_team, people, count = groups
            note = (
                f"From a Viva Insights group-to-group query over {count} groups of {settings.team_attribute}: collaboration hours "
                "between groups (Viva's definition), not ties between people."
            )
            return Measurement(value=value, n=people, n_unit="people", coverage=None, by_team=by_team, note=note)
    if net is None:
        return not_computed(NO_TIES)
    if gap is not None:
        return not_computed(gap)
    if not net.has_teams:
        return not_computed(NO_ROSTER)
    share = ns.cross_team_share(net)
    people = int(net.people["rostered"].sum())
    if share is None:
        return not_computed("No ties were found between people on the roster.", n=people, n_unit="people")
    return Measurement(
        value=2 * share - 1,
        n=people,
        n_unit="people",
        coverage=_coverage(net, dataset, settings),
        coverage_of=_coverage_of(dataset, settings),
        by_team=_by_group(net, nt.silo_index(net)),
    )


def _known_in(net: Network) -> float:
    """Share of the council's people in the network with a known team."""
    internal = net.people["internal"].to_numpy(dtype=bool)
    return float(net.people["rostered"].to_numpy(dtype=bool)[internal].mean()) if internal.any() else 0.0


def _within_density(dataset: Dataset, settings: Settings) -> Measurement:
    net = _network(dataset, settings)
    if net is None:
        return not_computed(NO_TIES)
    if (gap := team_gap(dataset, settings, _known_in(net))) is not None:
        return not_computed(gap)
    if not net.has_teams:
        return not_computed(NO_ROSTER)
    teams = nw.within_team_density(net)
    if teams.empty:
        return not_computed(f"No team has {settings.min_group_size} or more people in the network.")
    by_team = teams.assign(value=100 * teams["value"])
    return Measurement(
        value=float(by_team["value"].mean()),
        n=int(teams["n"].sum()),
        n_unit="people",
        coverage=_coverage(net, dataset, settings),
        coverage_of=_coverage_of(dataset, settings),
        by_team=by_team,
    )


def _partner_share(dataset: Dataset, settings: Settings) -> Measurement:
    net = _network(dataset, settings)
    if net is None:
        return finer_first(not_computed(NO_TIES), lambda: outside_share(dataset, settings))
    share = ns.partner_share(net)
    partners = int((~net.people["internal"]).sum())
    if share is None:
        return finer_first(not_computed("No ties with any weight were found."), lambda: outside_share(dataset, settings))
    if partners == 0 and not dataset.has("messages"):
        return finer_first(
            not_computed(
                "The exports loaded hold no one from another organisation. A message trace shows partner agencies' addresses; load one to measure multi-agency ties."
            ),
            lambda: outside_share(dataset, settings),
        )
    note = "" if partners else "No ties to partner agencies were found. Check that the message trace includes external mail."
    return Measurement(
        value=100 * share,
        n=len(net.pairs()),
        n_unit="pairs of people",
        coverage=_coverage(net, dataset, settings),
        coverage_of=_coverage_of(dataset, settings),
        by_team=nt.partner_share_by_group(net) if _teams_shown(net) else None,
        note=note,
    )


def _reciprocity(dataset: Dataset, settings: Settings) -> Measurement:
    if not dataset.has("messages"):
        return not_computed("Needs a message trace: reciprocity is who writes back, which only email direction shows.")
    net = network_for(dataset, settings)
    value = ns.reciprocity(net)
    dyads = len(ns.direct_dyads(net))
    if value is None:
        return not_computed("No direct messages between the council's own people were found.")
    return Measurement(
        value=100 * value,
        n=dyads,
        n_unit="pairs who wrote directly",
        coverage=_coverage(net, dataset, settings),
        coverage_of=_coverage_of(dataset, settings),
        by_team=nt.reciprocity_by_group(net) if _teams_shown(net) else None,
    )


def _centralisation(dataset: Dataset, settings: Settings) -> Measurement:
    net = _network(dataset, settings)
    if net is None:
        return not_computed(NO_TIES)
    people = len(net.internal_ids)
    if people < max(3, settings.min_group_size):
        return not_computed(
            f"The network has {people} of the council's people; at least {max(3, settings.min_group_size)} are needed.",
            n=people,
            n_unit="people",
        )
    value = nm.betweenness_centralisation(net)
    return Measurement(
        value=value,
        n=people,
        n_unit="people",
        coverage=_coverage(net, dataset, settings),
        coverage_of=_coverage_of(dataset, settings),
        note=nm.betweenness(net).note,
    )


def _isolated(dataset: Dataset, settings: Settings) -> Measurement:
    net = _network(dataset, settings)
    if net is None:
        return finer_first(not_computed(NO_TIES), lambda: few_contacts(dataset, settings))
    population = nw.isolation_population(net)
    if len(population) < settings.min_group_size:
        return not_computed(
            f"Only {len(population)} people are active in the exports; at least {settings.min_group_size} are needed.",
            n=len(population),
            n_unit="people",
        )
    share = len(nw.isolated(net)) / len(population)
    note = "" if net.has_teams else "No roster: measured over everyone from the council seen in the exports."
    return Measurement(
        value=100 * share,
        n=len(population),
        n_unit="people",
        coverage=_coverage(net, dataset, settings),
        coverage_of=_coverage_of(dataset, settings),
        by_team=_isolated_by_team(net),
        note=note,
    )


def _isolated_by_team(net: Network) -> pd.DataFrame | None:
    sizes = nt.shown_internal(net).value_counts()
    isolated = nt.isolated_by_group(net).reindex(sizes.index, fill_value=0)
    return _by_group(net, (100 * isolated / sizes).to_dict())


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        id="collaboration_top5_share",
        domain="network",
        title="Collaborative overload concentration",
        question="How much of the organisation's collaboration rests on a few people?",
        unit="%",
        concrete_at=35,
        compost_at=15,
        source='Cross, Rebele & Grant, "Collaborative Overload" (HBR 2016): 20-35% of value-added collaborations come from 3-5% of employees; concrete end at the top of that range, compost end judgement',
        seed='"too many things get in the way of social workers\' ability to do their best work"',
        caveat="Duty managers and business support are central by role: read with the roster, never as a judgement on the people in the top 5%.",
        needs=(*TIE_TABLES, "volumes"),
        reads=READS,
        compute=_top5,
    ),
    Indicator(
        id="cross_team_ei",
        domain="network",
        title="Cross-team connection (E-I index)",
        question="Do ties stay inside teams or reach across them?",
        unit="index (-1 to +1)",
        concrete_at=-0.7,
        compost_at=-0.2,
        source="Krackhardt & Stern (1988) E-I index (definition); thresholds judgement",
        seed='"team around the relationship"',
        caveat="Needs a roster; read with team cohesion, since a team can be well connected outside and thin inside.",
        needs=(*TIE_TABLES, "group_ties"),
        reads=READS,
        compute=_cross_team,
        joins=("teams",),
    ),
    Indicator(
        id="within_team_density",
        domain="network",
        title="Team cohesion",
        question="Within a team, how many colleagues work with each other in a 4-week window?",
        unit="%",
        concrete_at=30,
        compost_at=70,
        source="judgement",
        seed='"Stronger connection between team members and our core purpose"',
        caveat="Only teams of at least the minimum group size; a roster team may be an administrative unit rather than a working team.",
        needs=TIE_TABLES,
        reads=READS,
        compute=_within_density,
        joins=("teams",),
    ),
    Indicator(
        id="external_partner_tie_share",
        domain="network",
        title="Multi-agency ties",
        question="How much of the council's collaboration reaches health, police, schools and other partners?",
        unit="%",
        concrete_at=3,
        compost_at=15,
        source="judgement",
        seed='"to collaborate more fully with other partners"',
        caveat="Secure-mail gateways and partners' own systems may bypass the message trace, so this can undercount.",
        needs=(*TIE_TABLES, "volumes"),
        reads=READS,
        compute=_partner_share,
    ),
    Indicator(
        id="reciprocity",
        domain="network",
        title="Two-way communication",
        question="When someone writes directly to a colleague, does the colleague write back?",
        unit="%",
        concrete_at=30,
        compost_at=60,
        source="judgement",
        seed='"working with, not doing to"',
        caveat="Only direct messages (to ten people or fewer) between the council's people count; shared mailboxes should be left out of the trace.",
        needs=("messages",),
        compute=_reciprocity,
    ),
    Indicator(
        id="betweenness_centralisation",
        domain="network",
        title="Bottlenecks",
        question="Does work have to flow through a few people to get anywhere?",
        unit="index (0-1)",
        concrete_at=0.30,
        compost_at=0.10,
        source="Cross & Parker (2004) central connectors and bottlenecks (concept); thresholds judgement",
        seed='"command-and-control culture"',
        caveat="Sensitive to the size of the graph: compare like with like, and never read it as a measure of any person.",
        needs=TIE_TABLES,
        compute=_centralisation,
    ),
    Indicator(
        id="isolated_share",
        domain="network",
        title="People on the edge",
        question="How many people work with two or fewer colleagues in a typical 4-week window?",
        unit="%",
        concrete_at=15,
        compost_at=3,
        source="judgement",
        seed='"whether the human-to-human relationships ... flourish or flounder"',
        caveat="Leave, sickness and part-time work look like isolation; people absent from every export are left out.",
        needs=(*TIE_TABLES, "volumes"),
        reads=READS,
        compute=_isolated,
    ),
    Indicator(
        id="management_layers",
        domain="network",
        title="Layers between practitioner and top",
        question="How many layers of management sit above a practitioner?",
        unit="layers",
        concrete_at=5,
        compost_at=2,
        source='Centre for Public Impact: "three to five layers of management"; Buurtzorg: self-managing teams with no middle management',
        seed='"three to five layers of management"',
        caveat="Roster only; the top of the upload may not be the director of children's services.",
        needs=("people",),
        compute=management_layers,
        reads=("people",),
    ),
    Indicator(
        id="manager_share",
        domain="network",
        title="Staff not holding work with families",
        question="Of the people in social-work roles, how many do not work directly with children and families?",
        unit="%",
        concrete_at=33,
        compost_at=15,
        source='Centre for Public Impact: "one in three social workers ... not working directly with children and families"; DfE children\'s social work workforce 2023: 21,111 of 33,119 FTE social workers held cases',
        seed='"one in three social workers"',
        caveat="Advanced practitioners who both hold work and supervise count as practitioners; which roles count as social work is a judgement.",
        needs=("people",),
        compute=manager_share,
        reads=("people", "volumes"),  # Viva's SupervisorIndicator where the roster has no practitioner column
    ),
    Indicator(
        id="team_size_over_12_share",
        domain="network",
        title="People in teams larger than 12",
        question="How many people work in teams too big to organise themselves?",
        unit="%",
        concrete_at=50,
        compost_at=10,
        source="Buurtzorg: small self-managing teams, commonly cited at up to 12 nurses",
        seed='"Buurtzorg ... empowered nurses to make decisions"',
        caveat="A roster team may be an administrative unit, not the team people actually work in.",
        needs=("people",),
        compute=team_size_over_12_share,
        reads=("people", "attributes"),
    ),
)
