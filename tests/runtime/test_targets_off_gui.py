"""Applying settings reads servers.json and the OS keyring off the GUI thread: a keyring that
blocks (a locked wallet asking for its password) leaves the window responsive, and a job
submitted right after Apply still runs on the new target once the read is done."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from blocking_keyring import BlockingKeyring, blocking_keyring
from PIL import Image
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot
from runtime_support import pngs

from studio.core.backends.servers import Credentials, ServerList
from studio.core.base.paths import AppPaths
from studio.core.base.settings import load_settings, save_settings
from studio.core.generation.engine import Engine
from studio.core.generation.request import GenerationRequest
from studio.runtime.controller import GenerationController
from studio.runtime.jobs import QUEUE_FILE_NAME, JobQueueModel
from studio.runtime.pool import LOCAL
from studio.runtime.targets import ALL, TargetLoader

sys.path.insert(0, str(Path(__file__).parents[1] / "core" / "backends"))
from fake_comfy_server import FakeComfy, running, script_from

REQUEST = GenerationRequest(prompt="fox", model="tiny-sd1", seed=4, steps=4, width=64, height=64)


@pytest.fixture
def ring() -> Iterator[BlockingKeyring]:
    with blocking_keyring() as made:
        yield made


@pytest.fixture
def fake() -> Iterator[FakeComfy]:
    with running(FakeComfy()) as server:
        yield server


def _local_controller(
    qtbot: QtBot, home: AppPaths, engine: Engine, stop: list[GenerationController]
) -> GenerationController:
    """A started controller whose settings say "this computer" (nothing read from a keyring)."""
    queue = JobQueueModel(home.data / QUEUE_FILE_NAME)
    made = GenerationController(home, load_settings(home.settings_file), queue, engine)
    stop.append(made)
    with qtbot.waitSignal(made.model_ready, timeout=60_000):
        made.start()
    return made


def test_a_blocked_keyring_leaves_the_gui_thread_free_and_the_next_job_waits_for_the_target(
    qtbot: QtBot,
    home: AppPaths,
    engine: Engine,
    stop: list[GenerationController],
    ring: BlockingKeyring,
    fake: FakeComfy,
) -> None:
    entry = ServerList(home).add(fake.url, credentials=Credentials("ana", "s3cret"))
    controller = _local_controller(qtbot, home, engine, stop)
    fake.scripts.append(script_from("txt2img"))
    ring.blocking = True
    controller.apply_settings(controller.settings.updated(run_on=entry.name))
    controller.submit(REQUEST)  # right after Apply: it must run on the server, not here
    qtbot.waitUntil(ring.entered.is_set, timeout=10_000)
    ran: list[int] = []  # keyring reads returned when the GUI thread ran a queued call
    QTimer.singleShot(0, lambda: ran.append(ring.reads_returned))
    qtbot.waitUntil(lambda: ran != [], timeout=10_000)
    assert ran == [0]  # the event loop turned while the keyring read was still blocked
    assert ring.reader != threading.main_thread().name
    assert controller.queue.running_ids == [] and controller.queue.rowCount() == 1
    with qtbot.waitSignal(controller.job_ended, timeout=30_000) as ended:
        ring.release.set()
    assert ended.args == ["done"]
    _assert_drawn_by(fake, home)


def _assert_drawn_by(fake: FakeComfy, home: AppPaths) -> None:
    """The one picture is the server's (ComfyUI's graph inside), asked for with the password."""
    [saved] = pngs(home.gallery)
    with Image.open(saved) as png:
        assert json.loads(png.text["prompt"])["1"]["inputs"]["ckpt_name"] == "tiny-sd1.safetensors"
    assert fake.authorizations and all(a.startswith("Basic ") for a in fake.authorizations)


def test_a_controller_made_while_the_keyring_is_locked_does_not_wait_for_it(
    qtbot: QtBot,
    home: AppPaths,
    stop: list[GenerationController],
    ring: BlockingKeyring,
    fake: FakeComfy,
) -> None:
    entry = ServerList(home).add(fake.url, credentials=Credentials("ana", "s3cret"))
    save_settings(home.settings_file, load_settings(home.settings_file).updated(run_on=entry.name))
    ring.blocking = True  # locked before the app starts
    queue = JobQueueModel(home.data / QUEUE_FILE_NAME)
    controller = GenerationController(home, load_settings(home.settings_file), queue)
    stop.append(controller)
    qtbot.waitUntil(ring.entered.is_set, timeout=10_000)
    assert ring.reads_returned == 0  # made (the window can show) while the read waits
    controller.start()
    fake.scripts.append(script_from("txt2img"))
    controller.submit(REQUEST)
    assert controller.queue.running_ids == []  # this computer is not chosen: it waits
    outcomes: list[str] = []
    controller.job_ended.connect(outcomes.append)
    with qtbot.waitSignal(controller.model_ready, timeout=30_000):
        ring.release.set()
    qtbot.waitUntil(lambda: outcomes == ["done"], timeout=30_000)
    _assert_drawn_by(fake, home)


def test_only_the_newest_settings_count_when_an_older_read_ends_later(
    qtbot: QtBot, home: AppPaths, ring: BlockingKeyring, fake: FakeComfy
) -> None:
    entry = ServerList(home).add(fake.url, credentials=Credentials("ana", "s3cret"))
    settings = load_settings(home.settings_file)
    loader = TargetLoader(home)
    got: list[list[str]] = []
    loader.loaded.connect(lambda targets, _problems: got.append([t.key for t in targets]))
    ring.blocking = True
    loader.load(settings.updated(run_on=entry.name))  # its keyring read blocks
    qtbot.waitUntil(ring.entered.is_set, timeout=10_000)
    assert loader.pending and got == []
    loader.load(settings.updated(run_on=ALL))  # the user changed their mind: read again
    loader.load(settings.updated(run_on=LOCAL))  # and again: nothing to read
    assert got == [[LOCAL]] and not loader.pending
    ring.release.set()
    qtbot.waitUntil(lambda: not loader.reading, timeout=10_000)
    assert got == [[LOCAL]]  # the two reads that ended later were dropped
    assert ring.reads_returned == 2
    loader.shutdown()
