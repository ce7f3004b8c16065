"""Settings ▸ Generate on, as a user drives it: add a (fake) ComfyUI server by its address,
Test it, choose it for the jobs; a failed add changes nothing; http:// to another machine is
warned about first; the queue panel names the worker running each job."""

from __future__ import annotations

import json
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fake_servers import FakeServer, pool_controller
from PIL import Image
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from runtime_support import pngs

from studio.core.backends.servers import ServerList
from studio.core.base.paths import AppPaths
from studio.core.base.settings import load_settings, save_settings
from studio.core.generation.request import GenerationRequest
from studio.ui.main_window import MainWindow
from studio.ui.queue_panel import QueuePanel
from studio.ui.servers.page import ServersPage
from studio.ui.settings_dialog import SettingsDialog

sys.path.insert(0, str(Path(__file__).parents[1] / "core" / "backends"))
from fake_comfy_server import FakeComfy, running, script_from


@pytest.fixture
def fake() -> Iterator[FakeComfy]:
    with running(FakeComfy()) as server:
        yield server


def _dialog(qtbot: QtBot, home: AppPaths) -> tuple[SettingsDialog, ServersPage]:
    dialog = SettingsDialog(load_settings(home.settings_file), None, home)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.servers_page is not None
    dialog.tabs.setCurrentWidget(dialog.servers_page)
    return dialog, dialog.servers_page


def _add(qtbot: QtBot, page: ServersPage, url: str) -> None:
    page.url_edit.clear()
    qtbot.keyClicks(page.url_edit, url)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)


def _settled(qtbot: QtBot, page: ServersPage) -> str:
    """The page's message once the server has answered (or failed to)."""
    qtbot.waitUntil(lambda: "Connecting" not in page.status.text(), timeout=20_000)
    return page.status.text()


def test_a_server_added_on_the_page_is_listed_tested_and_chosen(
    qtbot: QtBot, ui_home: AppPaths, fake: FakeComfy
) -> None:
    dialog, page = _dialog(qtbot, ui_home)
    qtbot.keyClicks(page.url_edit, fake.url)
    qtbot.keyClick(page.url_edit, Qt.Key.Key_Return)  # adds; the dialog stays open
    label = fake.url.removeprefix("http://")
    assert _settled(qtbot, page) == f"Added {label} (ComfyUI)."
    assert page.table.topLevelItemCount() == 1
    assert page.table.topLevelItem(0).text(2) == "ComfyUI" and dialog.isVisible()
    [entry] = ServerList(ui_home).entries()
    assert (entry.name, entry.url, entry.kind) == (label, fake.url, "comfyui")
    assert page.test_button.isEnabled()  # the new server is selected
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    assert _settled(qtbot, page) == (
        "ComfyUI 0.12.1 · GPU: cpu · VRAM: 23.5 GB · models: 1 (tiny-sd1.safetensors) · LoRAs: 1"
    )
    combo = page.run_on_combo
    choices = [combo.itemText(i) for i in range(combo.count())]
    assert choices == ["This computer", label, "All (this computer and every server)"]
    combo.setCurrentIndex(combo.findData(label))
    assert dialog.settings().run_on == label and dialog.servers_changed


def test_a_failed_add_shows_why_and_changes_nothing(
    qtbot: QtBot, ui_home: AppPaths, fake: FakeComfy
) -> None:
    ServerList(ui_home).add(fake.url)
    before = (ui_home.config / "servers.json").read_bytes()
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{free.getsockname()[1]}"
    dialog, page = _dialog(qtbot, ui_home)
    _add(qtbot, page, closed)
    assert "not reachable" in _settled(qtbot, page)
    assert page.table.topLevelItemCount() == 1 and not dialog.servers_changed
    assert (ui_home.config / "servers.json").read_bytes() == before
    assert page.url_edit.text() == closed  # kept, to correct it


def test_plain_http_to_another_machine_is_warned_about_before_anything_is_sent(
    qtbot: QtBot, ui_home: AppPaths
) -> None:
    dialog, page = _dialog(qtbot, ui_home)
    _add(qtbot, page, "http://192.0.2.7:8188")  # TEST-NET: nothing answers there
    assert "unencrypted" in page.status.text() and "Add again" in page.status.text()
    assert page.add_button.isEnabled()  # nothing was started
    assert ServerList(ui_home).entries() == [] and not dialog.servers_changed


def test_the_queue_panel_names_the_worker_running_each_job(qtbot: QtBot, ui_home: AppPaths) -> None:
    gate = threading.Event()
    first, second = FakeServer("gpu-a:8188", gate), FakeServer("gpu-b:8188", gate)
    controller = pool_controller(qtbot, ui_home, first, second)
    panel = QueuePanel(controller)
    qtbot.addWidget(panel)
    request = GenerationRequest(prompt="fox", model="tiny", steps=2, width=64, height=64)
    try:
        controller.submit(request)
        controller.submit(replace(request, prompt="owl"))
        qtbot.waitUntil(lambda: len(first.started) == len(second.started) == 1, timeout=10_000)
        model = panel.list_view.model()
        rows = [model.index(row, 0).data() for row in range(model.rowCount())]
        assert rows[0].startswith("▶ [gpu-a:8188] fox  ·  ")
        assert rows[1].startswith("▶ [gpu-b:8188] owl  ·  ")
        panel.list_view.setCurrentIndex(model.index(1, 0))
        qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)  # stops "owl" only
        qtbot.waitUntil(lambda: second.cancelled == ["owl"], timeout=10_000)
        assert first.cancelled == []
        gate.set()
        qtbot.waitUntil(lambda: model.rowCount() == 0, timeout=10_000)
    finally:
        gate.set()
        controller.shutdown()
    assert not controller.workers_running()


def test_with_a_server_chosen_the_picker_lists_its_models_and_the_job_runs_there(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths, fake: FakeComfy
) -> None:
    entry = ServerList(ui_home).add(fake.url)
    settings = load_settings(ui_home.settings_file)
    save_settings(ui_home.settings_file, settings.updated(run_on=entry.name))
    window = open_window()
    combo, loras = window.prompt_panel.model_combo, window.prompt_panel.lora_panel
    qtbot.waitUntil(lambda: combo.findData("tiny-sd1.safetensors") >= 0, timeout=20_000)
    items = [combo.itemText(i) for i in range(combo.count())]
    assert items == [  # not this computer's demo
        "automatic (the server's first model)",
        "tiny-sd1.safetensors — on the server",
    ]
    combo.setCurrentIndex(1)
    qtbot.mouseClick(loras.add_button, Qt.MouseButton.LeftButton)
    assert [a.text() for a in loras.server_menu.actions()] == ["tiny-lora.safetensors"]
    loras.server_menu.close()
    fake.scripts.append(script_from("txt2img"))
    panel = window.prompt_panel
    qtbot.keyClicks(panel.prompt_edit, "a red fox")
    panel.size_combo.addItem("64 × 64", [64, 64])
    panel.size_combo.setCurrentIndex(panel.size_combo.count() - 1)
    shown: list[str] = []
    window.controller.job_started.connect(lambda _: shown.append(window.state_label.text()))
    with qtbot.waitSignal(window.controller.job_ended, timeout=30_000) as ended:
        window.generate()
    assert shown == [f"Generating on {entry.name}…"]
    assert ended.args == ["done"]
    [saved] = pngs(ui_home.gallery)
    with Image.open(saved) as png:
        graph = json.loads(png.text["prompt"])
    assert graph["1"]["inputs"]["ckpt_name"] == "tiny-sd1.safetensors"
    assert load_settings(ui_home.settings_file).default_model == "demo"  # untouched
