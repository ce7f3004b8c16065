"""Two app instances on one gallery, and an app killed in the middle of an index write."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

from test_gallery_store import WHEN, make_image, open_store

from studio.core.gallery.query import GalleryQuery


def test_two_instances_syncing_and_marking_at_once_lose_nothing(tmp_path: Path) -> None:
    root = tmp_path / "gallery"
    made = [make_image(root, f"imagen {i}", WHEN + timedelta(seconds=i)) for i in range(40)]
    first, second = open_store(tmp_path), open_store(tmp_path)
    errors: list[BaseException] = []

    def work(store: object, favourites: list[Path]) -> None:
        try:
            store.sync()  # type: ignore[attr-defined]
            for path in favourites:
                store.set_favourite(path, True)  # type: ignore[attr-defined]
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=work, args=(first, made[:20])),
        threading.Thread(target=work, args=(second, made[20:])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    for store in (first, second):
        assert store.count() == 40
        assert store.count(GalleryQuery(favourites_only=True)) == 40
        store.close()


_KILL_ME = """
import sys
from pathlib import Path
from studio.core.gallery.store import GalleryStore
store = GalleryStore(Path(sys.argv[1]), Path(sys.argv[2]))
print("syncing", flush=True)
store.sync()
print("done", flush=True)
"""


def test_killed_during_an_index_write_restarts_with_a_sound_index(tmp_path: Path) -> None:
    root = tmp_path / "gallery"
    for i in range(800):
        make_image(root, f"faro {i}", WHEN + timedelta(seconds=i))
    index = tmp_path / "data" / "index.sqlite3"
    killed_mid_sync = 0
    for delay in (0.05, 0.2, 0.4):  # different moments of the batched writes
        index.unlink(missing_ok=True)
        child = subprocess.Popen(
            [sys.executable, "-c", _KILL_ME, str(root), str(index)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None and child.stdout.readline().strip() == "syncing"
        time.sleep(delay)
        os.kill(child.pid, signal.SIGKILL)
        rest, _ = child.communicate(timeout=30)
        killed_mid_sync += "done" not in rest
        with open_store(tmp_path) as store:
            assert store.index_problem is None  # the crash left no corrupt index
            assert store.count() <= 800
    assert killed_mid_sync >= 1, "every sync finished before the kill: nothing was tested"
    with open_store(tmp_path) as store:
        store.sync()
        assert store.count() == 800  # every saved image is there after the restart
