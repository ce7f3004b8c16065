"""The Models dialog in the real window: catalog, downloads from a fake hub, files, other apps."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))

from fakehub import FakeHub, folder_files
from ldm_layout import write_sd1_single_file

from studio.core.base.devices import DevicePlan
from studio.core.base.paths import AppPaths
from studio.core.models import library as model_library
from studio.core.models.demo import demo_model_dir
from studio.core.models.hf_cache import installed_models
from studio.core.models.preflight import PreflightReport
from studio.ui.main_window import MainWindow
from studio.ui.models.dialog import ModelsDialog

TURBO = "stabilityai/sd-turbo"  # the fake hub serves the demo model under this catalog id
Opener = Callable[..., MainWindow]


@pytest.fixture
def hub(paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    """huggingface_hub pointed at a fake hub on 127.0.0.1, with an empty cache of its own."""
    from huggingface_hub import constants

    files = folder_files(demo_model_dir(paths.models_cache))
    for name in [n for n in files if n.endswith(".safetensors")]:  # real repos have both
        files[name.replace(".safetensors", ".fp16.safetensors")] = files[name]
    fake = FakeHub({TURBO: files}).start()
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    monkeypatch.setattr(constants, "ENDPOINT", fake.url)
    monkeypatch.setattr(constants, "DOWNLOAD_CHUNK_SIZE", 65536)
    template = fake.url + "/{repo_id}/resolve/{revision}/{filename}"
    monkeypatch.setattr(constants, "HUGGINGFACE_CO_URL_TEMPLATE", template)
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def checkpoint(paths: AppPaths, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo pipeline as one LDM-layout .safetensors, in a folder with a non-ASCII name."""
    from diffusers import StableDiffusionPipeline

    pipe = StableDiffusionPipeline.from_pretrained(
        demo_model_dir(paths.models_cache), safety_checker=None, requires_safety_checker=False
    )
    folder = tmp_path_factory.mktemp("Imágenes") / "Modelos"
    folder.mkdir()
    return write_sd1_single_file(pipe, folder / "mi modelo.safetensors")


def _dialog(qtbot: QtBot, open_window: Opener, plan: DevicePlan) -> tuple[MainWindow, ModelsDialog]:
    window = open_window(start=False)
    dialog = window.models_ui.open_dialog()
    dialog.set_plan(plan)
    qtbot.waitUntil(lambda: not window.models_ui.runner.busy("installed"), timeout=10_000)
    return window, dialog


def _picker_refs(window: MainWindow) -> list[str]:
    combo = window.prompt_panel.model_combo
    return [combo.itemData(i) for i in range(combo.count())]


def _download(qtbot: QtBot, dialog: ModelsDialog, row: int) -> None:
    dialog.catalog.selectRow(row)
    dialog.download_button.click()
    qtbot.waitUntil(lambda: dialog._download is None, timeout=60_000)


def test_catalog_rows_show_size_memory_fit_and_measured_time(
    qtbot: QtBot,
    open_window: Opener,
    cpu_plan: DevicePlan,
    ui_home: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, dialog = _dialog(qtbot, open_window, cpu_plan)
    table = dialog.catalog
    assert table.item(0, 0).text().startswith("SD-Turbo ★")  # recommended on a CPU
    assert table.item(0, 1).text() == "5.2 GB" and table.item(0, 2).text() == "7 GB RAM"
    assert all(table.item(r, 4).text()[0] in "✓⚠" for r in range(table.rowCount()))
    assert table.item(0, 3).text() == "not measured" and "Download (5.2 GB)" in (
        dialog.download_button.text()
    )

    def fake_preflight(
        family: str, w: int, h: int, plan: DevicePlan, steps: int, on_phase: object = None
    ) -> object:
        return PreflightReport(family, w, h, steps, plan.label, 2.0, 1.0, 0.1, 1.0)

    monkeypatch.setattr("studio.core.models.preflight.run_preflight", fake_preflight)
    dialog.measure_button.click()
    qtbot.waitUntil(lambda: "Measured" in dialog.message_label.text(), timeout=10_000)
    assert table.item(0, 3).text() == "≈ 3.0 s"  # 1 step × 2 s + 1 s decode
    assert model_library.load_preflight(ui_home, cpu_plan)["sdxl"] == 61.0  # cached on disk
    monkeypatch.setattr("studio.core.models.preflight.run_preflight", None)  # never run again
    again = ModelsDialog(ui_home, window.models_ui.runner, lambda: None, print)  # type: ignore[arg-type]
    qtbot.addWidget(again)
    again.set_plan(cpu_plan)
    assert again.catalog.item(3, 3).text() == "≈ 61 s"
    qtbot.waitUntil(lambda: not window.models_ui.runner.busy("installed"), timeout=10_000)


def test_download_shows_progress_to_100_and_the_model_is_installed_and_pickable(
    qtbot: QtBot, open_window: Opener, cpu_plan: DevicePlan, hub: FakeHub
) -> None:
    window, dialog = _dialog(qtbot, open_window, cpu_plan)
    seen: list[int] = []
    dialog.progress_bar.valueChanged.connect(seen.append)
    _download(qtbot, dialog, 0)
    assert dialog.progress_bar.value() == 1000 and seen == sorted(seen)
    assert " of " in dialog.progress_label.text() and "/s" in dialog.progress_label.text()
    assert "SD-Turbo is installed" in dialog.message_label.text()
    qtbot.waitUntil(lambda: dialog.installed_tab.table.rowCount() == 1, timeout=10_000)
    assert dialog.installed_tab.table.item(0, 0).text() == TURBO
    assert "(installed)" in dialog.catalog.item(0, 0).text()
    qtbot.waitUntil(lambda: TURBO in _picker_refs(window), timeout=10_000)
    combo = window.prompt_panel.model_combo
    assert "SD-Turbo · downloaded" in combo.itemText(_picker_refs(window).index(TURBO))
    window.prompt_panel.set_model(TURBO)
    assert window.prompt_panel.build_request().model == TURBO
    dialog.installed_tab.table.selectRow(0)
    dialog.installed_tab.verify_button.click()
    qtbot.waitUntil(lambda: "files are correct" in dialog.message_label.text(), timeout=20_000)


def test_cancel_leaves_the_model_not_installed(
    qtbot: QtBot, open_window: Opener, cpu_plan: DevicePlan, hub: FakeHub
) -> None:
    window, dialog = _dialog(qtbot, open_window, cpu_plan)
    hub.chunk_delay = 0.05
    dialog.catalog.selectRow(0)
    dialog.download_button.click()
    qtbot.waitUntil(lambda: dialog.progress_bar.value() > 0, timeout=30_000)
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: dialog._download is None, timeout=30_000)
    assert "cancelled; nothing installed" in dialog.message_label.text()
    assert all(not m.complete for m in installed_models())
    qtbot.waitUntil(lambda: not window.models_ui.runner.busy("picker"), timeout=10_000)
    assert TURBO not in _picker_refs(window)


def test_offline_gives_a_clear_message_and_the_installed_list_still_works(
    qtbot: QtBot,
    open_window: Opener,
    cpu_plan: DevicePlan,
    hub: FakeHub,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from huggingface_hub import constants

    _window, dialog = _dialog(qtbot, open_window, cpu_plan)
    _download(qtbot, dialog, 0)
    monkeypatch.setattr(constants, "ENDPOINT", "http://127.0.0.1:9")  # nothing listens there
    _download(qtbot, dialog, 2)
    assert "Cannot reach Hugging Face" in dialog.message_label.text()
    assert dialog.download_button.text() == "Retry download"
    assert "Asking Hugging Face" not in dialog.progress_label.text()
    qtbot.waitUntil(lambda: dialog.installed_tab.table.rowCount() == 1, timeout=10_000)
    assert dialog.installed_tab.table.item(0, 0).text() == TURBO
    monkeypatch.setattr(QMessageBox, "question", lambda *_: QMessageBox.StandardButton.Yes)
    dialog.installed_tab.table.selectRow(0)
    dialog.installed_tab.delete_button.click()
    qtbot.waitUntil(lambda: "freed" in dialog.message_label.text(), timeout=10_000)
    qtbot.waitUntil(lambda: dialog.installed_tab.table.rowCount() == 0, timeout=10_000)


def test_a_dropped_safetensors_checkpoint_is_added_and_pickable(
    qtbot: QtBot, open_window: Opener, cpu_plan: DevicePlan, checkpoint: Path, ui_home: AppPaths
) -> None:
    window, dialog = _dialog(qtbot, open_window, cpu_plan)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(checkpoint))])
    assert window.models_ui.handle_drop(mime) is None  # onto the main window: all taken
    qtbot.waitUntil(lambda: str(checkpoint) in _picker_refs(window), timeout=20_000)
    combo = window.prompt_panel.model_combo
    text = combo.itemText(_picker_refs(window).index(str(checkpoint)))
    assert text == "mi modelo — Stable Diffusion 1.x · your file"
    assert "added" in dialog.message_label.text()
    assert model_library.load_user_models(ui_home) == [str(checkpoint.resolve())]
    dialog.add_files([checkpoint])  # the same file again
    qtbot.waitUntil(lambda: "already in your list" in dialog.message_label.text(), timeout=10_000)
    assert model_library.load_user_models(ui_home) == [str(checkpoint.resolve())]


class _Payload:
    """Unpickling this would create a file: the classic malicious-checkpoint trick."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch '{self.marker}'",))


def test_a_pickle_checkpoint_is_explained_and_its_code_never_runs(
    qtbot: QtBot, open_window: Opener, cpu_plan: DevicePlan, tmp_path: Path, ui_home: AppPaths
) -> None:
    import torch

    marker = tmp_path / "pwned"
    ckpt = tmp_path / "modelo.ckpt"
    torch.save({"state_dict": {"w": torch.ones(2)}, "evil": _Payload(marker)}, ckpt)
    _window, dialog = _dialog(qtbot, open_window, cpu_plan)
    dialog.add_files([ckpt])
    qtbot.waitUntil(dialog.files_tab.convert_button.isVisible, timeout=10_000)
    assert "can run arbitrary code" in dialog.files_tab.legacy_label.text()
    dialog.files_tab.convert_button.click()
    qtbot.waitUntil(
        lambda: "Nothing from it was run" in dialog.message_label.text(), timeout=20_000
    )
    assert not marker.exists()
    assert not list((ui_home.data / "models").glob("*.safetensors"))
    assert model_library.load_user_models(ui_home) == []


def test_models_of_other_apps_are_found_and_used_in_place(
    qtbot: QtBot,
    open_window: Opener,
    cpu_plan: DevicePlan,
    checkpoint: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    comfy = tmp_path / "user" / "ComfyUI" / "models"
    (comfy / "checkpoints").mkdir(parents=True)
    (comfy / "loras").mkdir()
    placed = comfy / "checkpoints" / checkpoint.name
    placed.symlink_to(checkpoint)
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    window, dialog = _dialog(qtbot, open_window, cpu_plan)
    dialog.files_tab.find_button.click()
    files = dialog.files_tab
    qtbot.waitUntil(lambda: files.folders_list.count() == 2, timeout=10_000)
    for row in range(2):
        files.folders_list.item(row).setCheckState(
            files.folders_list.item(row).checkState().Checked
        )
    files.use_button.click()
    settings = window.controller.settings
    assert settings.model_folders == (str(comfy / "checkpoints"),)
    assert settings.lora_folders == (str(comfy / "loras"),)
    assert comfy / "loras" in window.models_ui.lora_folders()
    qtbot.waitUntil(lambda: str(placed) in _picker_refs(window), timeout=20_000)
    assert placed.is_symlink() and sorted(p.name for p in comfy.rglob("*")) == sorted(
        ["checkpoints", "loras", checkpoint.name]
    )  # nothing copied or written there
