"""The prompt panel follows the model family: FLUX hides the negative prompt, and flow models
list only flow-matching samplers; back on an SD model everything returns."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from studio.core.base.devices import DevicePlan
from studio.core.generation.request import SAMPLERS
from studio.ui.main_window import MainWindow
from studio.ui.prompt_panel import PromptPanel


def _folder(root: Path, name: str, pipeline: str) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "model_index.json").write_text(json.dumps({"_class_name": pipeline}), "utf-8")
    return folder


def _samplers(panel: PromptPanel) -> list[str]:
    return [panel.sampler_combo.itemText(i) for i in range(panel.sampler_combo.count())]


def test_flux_hides_the_negative_prompt_and_lists_flow_samplers(
    qtbot: QtBot, tmp_path: Path
) -> None:
    panel = PromptPanel("demo")
    qtbot.addWidget(panel)
    panel.set_advanced(True)
    panel.negative_edit.setPlainText("blurry")
    panel.sampler_combo.setCurrentText("DPM++ 2M Karras")
    panel.set_model(str(_folder(tmp_path, "FLUX.1-schnell", "FluxPipeline")))
    assert panel.negative_edit.isHidden()
    assert _samplers(panel) == ["Euler"]
    request = panel.build_request()
    assert request.negative_prompt == ""  # hidden text from the SD model is not sent
    assert (request.steps, request.guidance, request.sampler) == (4, 0.0, "Euler")
    panel.set_model(str(_folder(tmp_path, "sd3.5-medium", "StableDiffusion3Pipeline")))
    assert not panel.negative_edit.isHidden()  # SD 3 has a negative prompt
    assert _samplers(panel) == ["Euler"]
    panel.set_model("demo")
    assert not panel.negative_edit.isHidden()
    assert _samplers(panel) == list(SAMPLERS)
    assert panel.build_request().negative_prompt == "blurry"


def test_a_gated_catalog_model_offers_a_token_field_that_saves_to_the_keyring(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    cpu_plan: DevicePlan,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    saved: list[str] = []
    monkeypatch.setattr("studio.ui.models.dialog.save_hub_token", saved.append)
    window = open_window(start=False)
    dialog = window.models_ui.open_dialog()
    dialog.set_plan(cpu_plan)
    rows = {}
    for row in range(dialog.catalog.rowCount()):
        dialog.catalog.selectRow(row)
        entry = dialog.catalog.entry()
        assert entry is not None
        rows[entry.repo_id] = row
        assert dialog.token_row.isHidden() == (not entry.gated)
    dialog.catalog.selectRow(rows["black-forest-labs/FLUX.1-dev"])
    qtbot.keyClicks(dialog.token_edit, "hf_secret")
    assert dialog.token_edit.echoMode() == QLineEdit.EchoMode.Password
    dialog.token_button.click()
    assert saved == ["hf_secret"] and dialog.token_edit.text() == ""
    assert "keyring" in dialog.message_label.text()
    dialog.catalog.selectRow(rows["black-forest-labs/FLUX.1-schnell"])  # Apache-2.0, open
    assert dialog.token_row.isHidden()
    qtbot.waitUntil(lambda: not window.models_ui.runner.busy("installed"), timeout=10_000)
