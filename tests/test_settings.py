"""The user's settings file: created private, with a salt, and a floor under the minimum group size."""

from __future__ import annotations

import json
import multiprocessing
import stat
import threading
from concurrent.futures import ThreadPoolExecutor

from diagnostic import settings as settings_module
from diagnostic.settings import Settings, load_settings, save_settings

PROCESSES = 6


def test_settings_file_is_created_owner_only_with_a_salt(tmp_path):
    path = tmp_path / "cfg" / "settings.json"
    settings = load_settings(path)
    assert len(settings.salt) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_settings(path).salt == settings.salt


def test_the_minimum_group_size_cannot_go_below_three():
    assert Settings(min_group_size=1).min_group_size == 3
    assert Settings(min_group_size=10).min_group_size == 10


def test_changed_settings_are_said_in_plain_words(tmp_path):
    path = tmp_path / "settings.json"
    save_settings(Settings(salt="s", thresholds={"cc_share": {"concrete_at": 50, "compost_at": 10}}, min_group_size=8), path)
    loaded = load_settings(path)
    said = loaded.changed_from_defaults()
    assert "thresholds changed for 1 indicator(s)" in said
    assert "minimum group size set to 8 people" in said
    assert json.loads(path.read_text())["salt"] == "s"


def test_sessions_opening_at_once_on_a_first_run_share_one_salt(tmp_path):
    path = tmp_path / "fresh" / "settings.json"
    start = threading.Barrier(12)

    def first_session(_: int) -> str:
        start.wait()
        return load_settings(path).salt

    with ThreadPoolExecutor(12) as pool:
        salts = set(pool.map(first_session, range(12)))
    assert len(salts) == 1 and salts == {json.loads(path.read_text())["salt"]}
    assert not any(p.name.endswith(".lock") for p in path.parent.iterdir())


def _first_run(path, start, salts) -> None:
    start.wait()
    salts.put(load_settings(path).salt)


def test_processes_starting_at_once_on_a_missing_file_share_one_salt(tmp_path):
    """Each app server is its own process: the lock must hold across processes, not only threads."""
    path = tmp_path / "fresh" / "settings.json"
    context = multiprocessing.get_context("fork")
    start, salts = context.Barrier(PROCESSES), context.Queue()
    workers = [context.Process(target=_first_run, args=(path, start, salts)) for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    found = {salts.get(timeout=30) for _ in workers}
    for worker in workers:
        worker.join(10)
    assert [worker.exitcode for worker in workers] == [0] * PROCESSES
    assert len(found) == 1 and found == {json.loads(path.read_text())["salt"]}
    assert not any(p.name.endswith(".lock") for p in path.parent.iterdir())


def test_a_lock_left_by_a_stopped_process_is_broken(tmp_path, monkeypatch):
    monkeypatch.setattr(settings_module, "LOCK_WAIT_SECONDS", 0.05)
    path = tmp_path / "settings.json"
    (tmp_path / ".settings.json.lock").write_text("")
    assert load_settings(path).salt


def test_equal_settings_share_a_key_and_any_change_makes_another():
    assert Settings(salt="s").key == Settings(salt="s").key
    assert Settings(salt="s").key != Settings(salt="s", thresholds={"reciprocity": {"concrete_at": 10, "compost_at": 60}}).key
    assert Settings(salt="s").key != Settings(salt="s", min_group_size=6).key
