"""Fictional names for fictional people.

First names and surnames are common British ones, combined at random, so no combination is meant
to be anyone. Lists are tuples (fixed order) so the same seed always gives the same people.
"""

from __future__ import annotations

import random

_FIRST_NAMES_TEXT = """
Aisha Alex Amara Amy Andrew Anna Ben Bethan Callum Carys Charlotte Chloe Chris Claire Dan Daniel
David Deborah Declan Ella Emma Erin Faisal Fatima Fiona Gareth Grace Hannah Harjit Helen Imran Isla
Jack Jade James Jasmine Jo Joanne Jordan Josh Karen Kate Kieran Laura Leah Liam Lily Lucy Mandeep
Maria Mark Martin Megan Michael Mohammed Molly Naomi Nathan Niamh Nicola Oliver Olivia Owen Paul
Priya Rachel Rebecca Rhys Richard Rosie Ruth Ryan Sadia Sam Sarah Sean Shabana Sian Simon Sophie
Stephen Stuart Tariq Tom Tomasz Victoria Wendy Yasmin Zainab Zoe
"""
FIRST_NAMES: tuple[str, ...] = tuple(_FIRST_NAMES_TEXT.split())

_SURNAMES_TEXT = """
Adams Ahmed Ali Allen Bailey Baker Barker Begum Bell Bennett Brooks Brown Butler Campbell Carter
Chapman Clarke Collins Cook Cooper Cox Davies Dixon Edwards Ellis Evans Fisher Foster Gill Graham
Gray Green Griffiths Hall Harris Harrison Hill Holmes Hughes Hussain Jackson James Jenkins Johnson
Jones Kaur Kelly Khan King Knight Kowalski Lee Lewis Lloyd Marshall Martin Mason Mills Mitchell
Moore Morgan Morris Murphy Murray Nowak O'Brien Owen Palmer Parker Patel Phillips Powell Price
Rahman Reid Richards Roberts Robinson Rogers Scott Shah Shaw Simpson Singh Smith Stewart Taylor
Thomas Thompson Turner Walker Ward Watson White Williams Wilson Wood Wright Young Zaman
"""
SURNAMES: tuple[str, ...] = tuple(_SURNAMES_TEXT.split())


def local_part(first: str, last: str) -> str:
    """``Mohammed O'Brien`` -> ``mohammed.obrien`` (what an address book would generate)."""
    clean = "".join(ch for ch in f"{first}.{last}".lower() if ch.isalnum() or ch == ".")
    return clean


class NameBook:
    """Hands out unique (first, last, address local part) triples.

    A clash adds a number to the address, as councils do (``amy.khan2``), so addresses stay unique
    even at 5,000 people while display names may repeat, as they do in real address books.
    """

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def draw(self) -> tuple[str, str, str]:
        first = self._rng.choice(FIRST_NAMES)
        last = self._rng.choice(SURNAMES)
        base = local_part(first, last)
        local, n = base, 1
        while local in self._used:
            n += 1
            local = f"{base}{n}"
        self._used.add(local)
        return first, last, local
