"""Seeded randomness: counts, Outlook-style identifiers, GUIDs.

Everything draws from one ``random.Random`` passed in, never from the global generator, so a seed
fixes every byte of the output.
"""

from __future__ import annotations

import math
import random
import uuid

OUTLOOK_UID_PREFIX = "040000008200E00074C5B7101A82E00800000000"  # Outlook's global object id header
NORMAL_APPROXIMATION_ABOVE = 30.0


def poisson(rng: random.Random, lam: float) -> int:
    """A Poisson count (Knuth's method; a rounded normal for large means, which is plenty here)."""
    if lam <= 0:
        return 0
    if lam > NORMAL_APPROXIMATION_ABOVE:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def guid(rng: random.Random) -> str:
    """A version-4 GUID from the seeded generator (``uuid.uuid4`` would read the OS)."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def outlook_uid(rng: random.Random) -> str:
    """An Outlook-style UID: the fixed global-object-id header, a timestamp-like part, a GUID part."""
    return f"{OUTLOOK_UID_PREFIX}{rng.getrandbits(64):016X}{'0' * 16}10000000{rng.getrandbits(128):032X}"


def hex_id(rng: random.Random, digits: int) -> str:
    return f"{rng.getrandbits(4 * digits):0{digits}X}"
