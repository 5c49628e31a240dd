"""The identity memo: reuse while the very same tables live, recompute for any other, and nothing at all when switched off."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from diagnostic.memo import ENVIRONMENT, IdentityMemo, forget_all, memoising, memoising_off

ROOT = Path(__file__).resolve().parents[1]


def _counting():
    calls = []

    def compute(value):
        def run():
            calls.append(value)
            return value

        return run

    return calls, compute


def test_the_same_objects_and_key_reuse_the_value():
    memo: IdentityMemo[int] = IdentityMemo(4)
    calls, compute = _counting()
    frame = pd.DataFrame({"a": [1, 2]})
    assert memo.get((frame,), "k", compute(1)) == 1
    assert memo.get((frame,), "k", compute(2)) == 1
    assert calls == [1]


def test_peek_answers_only_what_is_held_and_never_computes():
    memo: IdentityMemo[int] = IdentityMemo(4)
    frame = pd.DataFrame({"a": [1, 2]})
    assert memo.peek((frame,), "k") is None
    memo.get((frame,), "k", lambda: 1)
    assert memo.peek((frame,), "k") == 1
    assert memo.peek((frame.copy(),), "k") is None and memo.peek((frame,), "other") is None


def test_an_equal_copy_a_new_key_or_a_missing_table_is_computed_again():
    memo: IdentityMemo[int] = IdentityMemo(4)
    calls, compute = _counting()
    frame = pd.DataFrame({"a": [1, 2]})
    memo.get((frame, None), "k", compute(1))
    assert memo.get((frame.copy(), None), "k", compute(2)) == 2  # same data, a different object
    assert memo.get((frame, None), "other", compute(3)) == 3
    assert memo.get((frame, frame), "k", compute(4)) == 4
    assert calls == [1, 2, 3, 4]


def test_holds_no_table_alive_and_never_answers_for_a_freed_one():
    memo: IdentityMemo[int] = IdentityMemo(4)
    calls, compute = _counting()
    memo.get((pd.DataFrame({"a": [1]}),), "k", compute(1))  # the frame is freed at once
    for value in range(2, 6):  # new frames may take the freed id: none may get the old value
        assert memo.get((pd.DataFrame({"a": [value]}),), "k", compute(value)) == value
    assert calls == [1, 2, 3, 4, 5]


def test_the_least_recently_used_entry_goes_first():
    memo: IdentityMemo[str] = IdentityMemo(2)
    calls, compute = _counting()
    baseline, first, second = (pd.DataFrame({"a": [i]}) for i in range(3))
    memo.get((baseline,), "k", compute("baseline"))
    memo.get((first,), "k", compute("first"))
    memo.get((baseline,), "k", compute("again"))  # the baseline is read again: now the newest
    memo.get((second,), "k", compute("second"))  # pushes out "first", not the baseline
    assert memo.get((baseline,), "k", compute("again")) == "baseline"
    assert memo.get((first,), "k", compute("first again")) == "first again"
    assert calls == ["baseline", "first", "second", "first again"]


def test_forgetting_everything_makes_the_next_call_compute():
    memo: IdentityMemo[int] = IdentityMemo(4)
    calls, compute = _counting()
    frame = pd.DataFrame({"a": [1]})
    memo.get((frame,), "k", compute(1))
    forget_all()
    assert memo.get((frame,), "k", compute(2)) == 2
    assert calls == [1, 2]


def test_an_entry_goes_when_a_table_it_was_made_from_is_freed():
    """What was worked out from a passing scenario's tables is freed with them, not held until pushed out."""
    memo: IdentityMemo[pd.DataFrame] = IdentityMemo(8)
    baseline = pd.DataFrame({"a": [1]})
    memo.get((baseline,), "k", lambda: baseline.assign(b=2))
    scenario = pd.DataFrame({"a": [2]})
    memo.get((scenario, baseline), "k", lambda frame=scenario: frame.assign(b=3))
    assert len(memo) == 2
    del scenario
    gc.collect()
    assert len(memo) == 1
    assert memo.get((baseline,), "k", lambda: None)["b"].tolist() == [2]


def test_turned_off_the_same_call_computes_every_time_and_nothing_is_kept():
    memo: IdentityMemo[int] = IdentityMemo(4)
    calls, compute = _counting()
    frame = pd.DataFrame({"a": [1]})
    with memoising_off():
        assert not memoising()
        assert memo.get((frame,), "k", compute(1)) == 1
        assert memo.get((frame,), "k", compute(2)) == 2
        assert memo.peek((frame,), "k") is None and len(memo) == 0
    assert memoising()
    assert memo.get((frame,), "k", compute(3)) == 3  # nothing was kept while off
    assert memo.get((frame,), "k", compute(4)) == 3
    assert calls == [1, 2, 3]


def test_a_value_kept_before_is_not_read_while_off_and_is_read_again_after():
    memo: IdentityMemo[str] = IdentityMemo(4)
    frame = pd.DataFrame({"a": [1]})
    memo.get((frame,), "k", lambda: "kept")
    with memoising_off():
        assert memo.get((frame,), "k", lambda: "fresh") == "fresh"
    assert memo.get((frame,), "k", lambda: "fresh") == "kept"


def test_the_network_memo_and_the_roster_view_key_honour_the_switch():
    from network_helpers import network_by_name

    from diagnostic.dataset import Dataset

    net = network_by_name(pd.DataFrame({"source": [], "target": [], "kind": []}), pd.DataFrame(index=pd.Index([], name="person_id")))
    calls, compute = _counting()
    with memoising_off():
        assert net.memo("k", compute(1)) == 1 and net.memo("k", compute(2)) == 2
        roster = Dataset(people=pd.DataFrame({"person_id": ["a"], "team": ["A"]}))
        assert roster.key("teams") is not roster.key("teams")
    assert net.memo("k", compute(3)) == 3 and net.memo("k", compute(4)) == 3
    assert roster.key("teams") is roster.key("teams")
    assert calls == [1, 2, 3]


@pytest.mark.parametrize(("value", "on"), [("off", False), ("OFF", False), ("0", False), ("no", False), ("on", True), ("", True)])
def test_the_environment_variable_sets_the_switch_when_the_package_is_imported(value, on):
    code = "import diagnostic.memo as m; print(m.memoising())"
    env = {**os.environ, ENVIRONMENT: value}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == str(on)
