"""Settings with a server whose password is in a locked keyring: OK with "Run jobs on" that
server, or Remove on the servers page, keeps the window answering while the keyring waits for
the wallet's password; the job asked for right away runs on that server once it answers."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from blocking_keyring import BlockingKeyring, blocking_keyring
from PIL import Image
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot
from runtime_support import pngs

from studio.core.backends.servers import Credentials, ServerList
from studio.core.base.paths import AppPaths
from studio.core.base.settings import load_settings
from studio.core.generation.request import GenerationRequest
from studio.ui.main_window import MainWindow
from studio.ui.settings_dialog import SettingsDialog

sys.path.insert(0, str(Path(__file__).parents[1] / "core" / "backends"))
from fake_comfy_server import FakeComfy, running, script_from


@pytest.fixture
def fake() -> Iterator[FakeComfy]:
    with running(FakeComfy()) as server:
        yield server


def test_applying_settings_while_the_keyring_is_locked_keeps_the_window_answering(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths, fake: FakeComfy
) -> None:
    with blocking_keyring() as ring:
        _apply_and_generate(qtbot, open_window(), ui_home, fake, ring)


def _apply_and_generate(
    qtbot: QtBot, window: MainWindow, home: AppPaths, fake: FakeComfy, ring: BlockingKeyring
) -> None:
    entry = ServerList(home).add(fake.url, credentials=Credentials("ana", "s3cret"))
    fake.scripts.append(script_from("txt2img"))
    ring.blocking = True  # the wallet locked itself meanwhile
    window.apply_settings(load_settings(home.settings_file).updated(run_on=entry.name))
    request = GenerationRequest(prompt="fox", model="tiny-sd1", steps=4, width=64, height=64)
    window.controller.submit(request)
    qtbot.waitUntil(ring.entered.is_set, timeout=10_000)
    answered: list[int] = []  # keyring reads finished when the window ran a queued call
    QTimer.singleShot(0, lambda: answered.append(ring.reads_returned))
    qtbot.waitUntil(lambda: answered != [], timeout=10_000)
    assert answered == [0]
    assert load_settings(home.settings_file).run_on == entry.name  # saved at once
    assert window.controller.queue.running_ids == []  # not started here meanwhile
    with qtbot.waitSignal(window.controller.job_ended, timeout=30_000) as ended:
        ring.release.set()
    assert ended.args == ["done"]
    [saved] = pngs(home.gallery)
    with Image.open(saved) as png:  # ComfyUI's graph: the server drew it
        assert json.loads(png.text["prompt"])["1"]["inputs"]["ckpt_name"] == "tiny-sd1.safetensors"


def test_removing_a_server_while_the_keyring_is_locked_keeps_the_page_answering(
    qtbot: QtBot, ui_home: AppPaths, fake: FakeComfy
) -> None:
    with blocking_keyring() as ring:
        entry = ServerList(ui_home).add(fake.url, credentials=Credentials("ana", "s3cret"))
        dialog = SettingsDialog(load_settings(ui_home.settings_file), None, ui_home)
        qtbot.addWidget(dialog)
        page = dialog.servers_page
        assert page is not None
        page.table.setCurrentItem(page.table.topLevelItem(0))
        ring.blocking = True
        qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(ring.entered.is_set, timeout=10_000)
        answered: list[int] = []  # keyring deletes finished when the page ran a queued call
        QTimer.singleShot(0, lambda: answered.append(ring.deletes_returned))
        qtbot.waitUntil(lambda: answered != [], timeout=10_000)
        assert answered == [0] and not page.remove_button.isEnabled()
        ring.release.set()
        qtbot.waitUntil(lambda: page.status.text() == f"Removed {entry.name}.", timeout=10_000)
        assert ServerList(ui_home).entries() == [] and page.table.topLevelItemCount() == 0
        assert ring.stored == {} and dialog.servers_changed
        page.shutdown()
