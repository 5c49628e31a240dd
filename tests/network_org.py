"""A small hand-built organisation whose network shape is known in advance.

- Assessment (a0-a5) and Child protection (b0-b5): close teams, tied to each other pair by pair.
- Disabled children (s0-s5): a silo, reached only through q0.
- Quality assurance (q0-q4): q0 works with every Disabled children member and with a0 and b0,
  so q0 is the broker and the one bottleneck.
- a5 writes only to a0: on the edge (one collaborator).
- Legal (l0, l1): too small to show, merged away and suppressed; both have two or fewer
  collaborators, so with a5 three people are on the edge.
- Partners: h0-h4 (Health) each tied to one Assessment member; c0 (Police) written to once
  by b1 (too small an agency to show on its own).
- Team managers a0, b0, s0, q0 (and l0) report to m1/m2 (or m0), who report to m0, the
  director; m0-m2 send no mail, so the longest chain is practitioner -> team manager -> m1/m2 -> m0.
"""

from __future__ import annotations

import itertools

import pandas as pd

from diagnostic.dataset import Dataset, conform
from diagnostic.privacy import pseudonym

START = pd.Timestamp("2025-03-03 09:00", tz="Europe/London")
TEAMS = {
    "Assessment": ["a0", "a1", "a2", "a3", "a4"],
    "Child protection": ["b0", "b1", "b2", "b3", "b4", "b5"],
    "Disabled children": ["s0", "s1", "s2", "s3", "s4", "s5"],
    "Quality assurance": ["q0", "q1", "q2", "q3", "q4"],
    "Legal": ["l0", "l1"],
}
PARTNERS = {"h0": "Health", "h1": "Health", "h2": "Health", "h3": "Health", "h4": "Health", "c0": "Police"}
MANAGERS = {"a0": "m1", "b0": "m1", "s0": "m2", "q0": "m2", "l0": "m0", "m1": "m0", "m2": "m0"}
DOMAIN = {"Health": "northbridge.nhs.example", "Police": "northbridge.police.example"}
SALT = "network-fixture"


def pid(short: str) -> str:
    """The pseudonymous id the loaders would give this person (the short name never leaves here)."""
    domain = DOMAIN.get(PARTNERS.get(short, ""), "northbridge.gov.uk")
    return pseudonym(f"email:{short}@{domain}", SALT)


def display_name(short: str) -> str:
    """A display name, as kept when a user opts in to names: it must never reach an output."""
    return f"Fictional Person {short.upper()}"


def message_rows() -> list[tuple[str, str]]:
    """(sender, recipient) for every message, one recipient each."""
    rows: list[tuple[str, str]] = []

    def both_ways(x: str, y: str, times: int = 1) -> None:
        rows.extend([(x, y), (y, x)] * times)

    for members in TEAMS.values():
        for x, y in itertools.combinations(members, 2):
            both_ways(x, y)
    for a, b in zip(TEAMS["Assessment"], TEAMS["Child protection"]):
        both_ways(a, b, 2)
    for s in TEAMS["Disabled children"]:
        both_ways("q0", s)
    both_ways("q0", "a0")
    both_ways("q0", "b0")
    both_ways("a0", "a5")
    both_ways("l0", "q1")
    for a, h in zip(TEAMS["Assessment"], ["h0", "h1", "h2", "h3", "h4"]):
        both_ways(a, h)
    rows.append(("b1", "c0"))  # one message to the police, not answered
    return rows


def messages() -> pd.DataFrame:
    rows = message_rows()
    return conform(
        "messages",
        pd.DataFrame(
            {
                "sent_at": [START + pd.Timedelta(minutes=i) for i in range(len(rows))],
                "sender_id": [pid(s) for s, _ in rows],
                "recipient_id": [pid(r) for _, r in rows],
                "recipient_type": "to",
                "n_recipients": 1,
                "message_id": [f"m{i}" for i in range(len(rows))],
            }
        ),
    )


def people(with_roster: bool = True) -> pd.DataFrame:
    rows = []
    for team, members in {**TEAMS, "Assessment": [*TEAMS["Assessment"], "a5"]}.items():
        for p in members:
            manager = p in MANAGERS
            boss = MANAGERS[p] if manager else TEAMS[team][0]
            rows.append(
                {
                    "person_id": pid(p),
                    "display_name": display_name(p),
                    "team": team if with_roster else None,
                    "role": ("Team manager" if manager else "Social worker") if with_roster else None,
                    "is_manager": manager if with_roster else None,
                    "manager_id": pid(boss) if with_roster else None,
                    "is_practitioner": (not manager) if with_roster else None,
                    "organisation": "internal",
                    "domain": "northbridge.gov.uk",
                }
            )
    if with_roster:
        for p, role, boss in (
            ("m1", "Service manager", "m0"),
            ("m2", "Service manager", "m0"),
            ("m0", "Director of children's services", None),
        ):
            rows.append(
                {
                    "person_id": pid(p),
                    "display_name": display_name(p),
                    "team": "Leadership",
                    "role": role,
                    "is_manager": True,
                    "manager_id": pid(boss) if boss else None,
                    "is_practitioner": False,
                    "organisation": "internal",
                    "domain": "northbridge.gov.uk",
                }
            )
    for p, agency in PARTNERS.items():
        rows.append({"person_id": pid(p), "display_name": display_name(p), "organisation": agency, "domain": DOMAIN[agency]})
    return conform("people", pd.DataFrame(rows))


def org(with_roster: bool = True) -> Dataset:
    """The organisation above: a roster plus one message trace."""
    return Dataset(people=people(with_roster), messages=messages())


def staff_of(team: str) -> list[str]:
    """Pseudonymous ids of a team's members."""
    return [pid(p) for p in ([*TEAMS[team], "a5"] if team == "Assessment" else TEAMS[team])]


def all_ids() -> list[str]:
    """Every pseudonymous id in the organisation (staff, leaders, partners)."""
    return [pid(p) for p in [*sum(TEAMS.values(), []), "a5", "m0", "m1", "m2", *PARTNERS]]
