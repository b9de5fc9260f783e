"""The models' database is bound per thread: a ledger opened on a worker thread (a restore, a verify) never moves
what the GUI thread's models query."""

from __future__ import annotations

import threading
from pathlib import Path

from reception.storage import models as m
from reception.storage.db import init_db
from reception.storage.repo import Repository


def test_a_binding_on_one_thread_leaves_another_threads_alone(tmp_path: Path) -> None:
    desk = init_db(tmp_path / "desk.db")
    Repository(desk).set_setting("who", "desk")
    assert m.Setting._meta.database is desk.db

    bound = threading.Event()
    checked = threading.Event()
    seen: dict[str, object] = {}

    def worker() -> None:
        other = init_db(tmp_path / "restored.db")  # opening a second ledger binds the models on this thread only
        Repository(other).set_setting("who", "restored")
        seen["worker_db"] = m.Setting._meta.database is other.db
        seen["worker_reads"] = m.Setting.get(m.Setting.key == "who").value
        bound.set()
        checked.wait(10)  # keep the binding alive while the other thread queries
        seen["worker_reads_after"] = m.Setting.get(m.Setting.key == "who").value
        other.close()

    thread = threading.Thread(target=worker)
    thread.start()
    assert bound.wait(10)
    try:
        # The worker's binding is in place at this very moment; this thread still queries its own ledger.
        assert m.Setting._meta.database is desk.db
        assert m.Setting.get(m.Setting.key == "who").value == "desk"
        assert Repository(desk).get_setting("who") == "desk"
    finally:
        checked.set()
        thread.join(10)
    assert seen == {"worker_db": True, "worker_reads": "restored", "worker_reads_after": "restored"}
    desk.close()


def test_a_thread_that_never_bound_follows_the_ledger_it_uses(tmp_path: Path) -> None:
    first = init_db(tmp_path / "first.db")
    second = init_db(tmp_path / "second.db")
    Repository(first).set_setting("name", "first")
    Repository(second).set_setting("name", "second")
    got: list[str] = []
    thread = threading.Thread(target=lambda: got.extend([Repository(first).get_setting("name")]))
    thread.start()
    thread.join(10)
    assert got == ["first"]
    assert Repository(second).get_setting("name") == "second"
    first.close()
    second.close()
