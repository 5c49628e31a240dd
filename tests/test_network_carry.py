"""The carry-over table: every memoised network measure is declared once, and each class is true to what the measure reads.

A measure may be carried over from a network that agrees with it on what its class names (its
ties, its ties per window, its email, its people). For each one, a network changed in a way its
class allows must get, carried over, exactly what a cold run works out for it.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Callable
from pathlib import Path

import network_org as org
import numpy as np
import pandas as pd
import pytest

import diagnostic.network.summary  # noqa: F401  (imports every measure module, filling MEASURES)
from diagnostic.dataset import Dataset, conform
from diagnostic.memo import memoising_off
from diagnostic.network import carry
from diagnostic.network.carry import CARRY_OVER, KINDS, MEASURES, CarryOver, carried, tie_structure, window_structure
from diagnostic.network.graph import Network, build_network

NETWORK = Path(carry.__file__).parent


def test_every_measure_in_the_table_exists_and_every_marked_measure_is_in_it():
    assert set(MEASURES) == set(CARRY_OVER)
    assert all(how.kind in KINDS for how in CARRY_OVER.values())


def test_a_measure_missing_from_the_table_cannot_be_marked():
    def undeclared(net: Network) -> int:
        return 0

    with pytest.raises(LookupError, match="undeclared"):
        carried(undeclared)


def test_a_malformed_class_is_refused():
    for kind, source in (("some ties", None), ("same source", None), ("same ties", "messages")):
        with pytest.raises(ValueError):
            CarryOver(kind, source)


def _memo_calls(path: Path) -> list[str]:
    """The functions in a module that call ``.memo`` or ``.people_memo`` themselves."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef):
            calls = [n for n in ast.walk(fn) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
            if any(c.func.attr in ("memo", "people_memo") for c in calls):
                found.append(fn.name)
    return found


@pytest.mark.parametrize("module", ["metrics", "windows", "shares", "teams"])
def test_measure_bodies_hold_no_memo_code(module):
    """Only the carry-over wrapper remembers: a measure that did it itself would escape the table."""
    source = (NETWORK / f"{module}.py").read_text(encoding="utf-8")
    assert _memo_calls(NETWORK / f"{module}.py") == []
    assert "IdentityMemo" not in source


def test_the_wrapper_is_the_one_place_in_the_carry_over_module_that_remembers():
    assert _memo_calls(NETWORK / "carry.py") == ["recall"]


# --- each class is true to what its measures read ---------------------------------------------
def _base() -> Dataset:
    """The known organisation plus one meeting of two people who also write to each other."""
    dataset = org.org()
    start = pd.Timestamp("2025-03-03 10:00", tz="UTC")
    meetings = conform("meetings", pd.DataFrame({"meeting_id": ["m"], "start": [start], "end": [start + pd.Timedelta(hours=1)]}))
    people = dataset.messages["sender_id"].iloc[:2].tolist()
    attendance = conform("attendance", pd.DataFrame({"meeting_id": ["m", "m"], "person_id": people}))
    return dataset.with_tables(meetings=meetings, attendance=attendance)


def _mail_later(dataset: Dataset) -> Dataset:
    """Every message three hours later: the same ties, at other times."""
    return dataset.with_tables(messages=dataset.messages.assign(sent_at=dataset.messages["sent_at"] + pd.Timedelta(hours=3)))


def _mail_copied(dataset: Dataset) -> Dataset:
    """Every message a copy: the same ties in the same windows, only lighter."""
    return dataset.with_tables(messages=dataset.messages.assign(recipient_type="cc"))


def _meeting_left(dataset: Dataset) -> Dataset:
    """One attendee leaves the meeting: the email as it was, a meeting tie gone."""
    return dataset.with_tables(attendance=dataset.attendance.iloc[:1].copy())


def _unchanged(dataset: Dataset) -> Dataset:
    return dataset


# A change each class allows, and what the two networks must then share.
ALLOWED: dict[str, tuple[Callable[[Dataset], Dataset], Callable[[Network, Network], bool]]] = {
    "same ties": (lambda d: _mail_copied(_mail_later(d)), lambda a, b: tie_structure(a) == tie_structure(b)),
    "same windows": (_mail_copied, lambda a, b: window_structure(a) == window_structure(b)),
    "same source": (_meeting_left, lambda a, b: a.sources["messages"] is b.sources["messages"] and a.people is b.people),
    "per people": (_mail_later, lambda a, b: a.people is b.people),
    "per network": (_unchanged, lambda a, b: True),
}


def _same(a: object, b: object) -> bool:
    """Equal values, whatever their shape (frames, indexes, arrays, records, dataclasses)."""
    if isinstance(a, pd.Series | pd.DataFrame | pd.Index):
        return type(a) is type(b) and a.equals(b) and (not isinstance(a, pd.Series | pd.Index) or a.dtype == b.dtype)
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    if dataclasses.is_dataclass(a):
        return type(a) is type(b) and all(_same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, list | tuple):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a == b or (a != a and b != b)  # NaN equals NaN here


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CARRY_OVER))
def test_what_is_carried_over_is_what_a_cold_run_works_out(name, settings):
    change, shared = ALLOWED[CARRY_OVER[name].kind]
    base = _base()
    before, after = build_network(base, settings), build_network(change(base), settings)
    assert shared(before, after), "the change must be one the class allows"
    measure = MEASURES[name]
    measure(before)
    warm = measure(after)
    with memoising_off():
        cold = measure(build_network(change(base), settings))
    assert _same(warm, cold)


@pytest.mark.parametrize("name", sorted(n for n, how in CARRY_OVER.items() if how.kind != "per network"))
def test_a_measure_that_may_be_carried_over_is(name, settings):
    """The class is not only true but used: the value is reused, not worked out again."""
    change, _ = ALLOWED[CARRY_OVER[name].kind]
    base = _base()
    before, after = build_network(base, settings), build_network(change(base), settings)
    assert MEASURES[name](after) is MEASURES[name](before)
