"""Packs of fictional organisations, so that the Peers page has peers to show on first run.

Each peer is the sample organisation generated at another size, with its own seed, leaning
towards concrete teams, compost teams or neither (``samples.habits.LEANINGS``). One in four keeps
shorter working hours, so that the flag for settings that differ has something to say. The
packs are made exactly as a real organisation makes one: export files in the real formats are
loaded, scored and reduced.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from diagnostic.ingest import load_bytes
from diagnostic.peers.pack import pack_for, write_pack
from diagnostic.samples import build_files
from diagnostic.samples.habits import BALANCED, COMPOST, CONCRETE
from diagnostic.scorecard import build_scorecard
from diagnostic.settings import Settings

SALT = "generated peers"  # pseudonyms never reach a pack; a fixed salt keeps the packs byte-identical
SHORT_HOURS = {"work_start": "09:00", "work_end": "17:00"}


@dataclass(frozen=True)
class Peer:
    people: int
    weeks: int
    leaning: str
    short_hours: bool = False


# Sizes and leanings in turn; a longer list repeats it with other seeds.
PLAN: tuple[Peer, ...] = (
    Peer(120, 12, COMPOST),
    Peer(260, 12, CONCRETE),
    Peer(180, 12, BALANCED),
    Peer(150, 12, CONCRETE, short_hours=True),
    Peer(320, 8, BALANCED),
    Peer(110, 12, COMPOST),
    Peer(210, 12, CONCRETE),
    Peer(140, 8, BALANCED, short_hours=True),
)
LABELS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def peer_pack(peer: Peer, seed: int, label: str | None = None) -> dict:
    """One fictional organisation's pack, made from its generated exports."""
    settings = Settings(salt=SALT)
    if peer.short_hours:
        settings = replace(settings, **SHORT_HOURS)
    files = build_files(peer.people, peer.weeks, seed, peer.leaning)
    dataset, results = load_bytes(sorted(files.items()), settings)
    return pack_for(dataset, results, build_scorecard(dataset, settings), settings, label)


def write_peer_packs(out: Path, count: int, seed: int) -> list[Path]:
    """``count`` packs of fictional peers into ``out``, named peer-01.json, peer-02.json, ..."""
    written = []
    for i in range(count):
        peer = PLAN[i % len(PLAN)]
        label = f"Fictional council {LABELS[i % len(LABELS)]}"
        written.append(write_pack(peer_pack(peer, seed + i, label), Path(out) / f"peer-{i + 1:02d}.json"))
    return written
