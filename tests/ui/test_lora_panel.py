"""LoRA rows in the prompt panel: weights, removal, plain-words tooltips, into the saved PNG."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from pytestqt.qtbot import QtBot

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))

from demo_lora import make_demo_lora
from runtime_support import pngs

from studio.core.base.paths import AppPaths
from studio.core.models.demo import demo_model_dir
from studio.ui.lora_panel import LoraPanel
from studio.ui.main_window import MainWindow


def test_rows_have_weights_can_be_removed_and_say_what_they_do(qtbot: QtBot) -> None:
    panel = LoraPanel()
    qtbot.addWidget(panel)
    panel.add_lora("/loras/Acuarela.safetensors", 0.8)
    panel.add_lora("/loras/Detalle.safetensors")
    panel.add_lora("/loras/Acuarela.safetensors", 1.5)  # the same file: its weight changes
    assert panel.loras() == (
        ("/loras/Acuarela.safetensors", 1.5),
        ("/loras/Detalle.safetensors", 1.0),
    )
    first = panel._rows[0]
    assert (first.slider.minimum(), first.slider.maximum()) == (-20, 40)  # -1…2 in 0.05 steps
    first.slider.setValue(first.slider.value() - 1)
    assert panel.loras()[0][1] == 1.45 and first.value_label.text() == "1.45"
    assert "“Acuarela” is applied more strongly than trained (strength 1.45)" in panel.toolTip()
    first.slider.setValue(-10)
    assert "pushes the picture away" in first.toolTip()
    first.remove_button.click()
    assert panel.loras() == (("/loras/Detalle.safetensors", 1.0),)
    panel.set_loras([])
    assert panel.loras() == () and "No LoRA" in panel.toolTip()


def test_a_lora_row_reaches_the_saved_png_and_comes_back_at_the_next_launch(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths, paths: AppPaths
) -> None:
    lora = make_demo_lora(
        demo_model_dir(paths.models_cache), ui_home.data / "loras" / "Acuarela.safetensors"
    )
    window = open_window()
    panel = window.prompt_panel
    assert lora.parent in window.models_ui.lora_folders()
    panel.set_advanced(True)
    panel.prompt_edit.setPlainText("un gato")
    panel.steps_spin.setValue(2)
    panel.size_combo.addItem("64 × 64", [64, 64])
    panel.size_combo.setCurrentIndex(panel.size_combo.count() - 1)
    panel.lora_panel.add_lora(str(lora), 0.8)
    with qtbot.waitSignal(window.controller.job_ended, timeout=60_000) as ended:
        window.generate()
    assert ended.args == ["done"]
    [saved] = pngs(ui_home.gallery)
    with Image.open(saved) as image:
        chunk = json.loads(image.text["lienzo"])
    assert chunk["request"]["loras"] == [["Acuarela.safetensors", 0.8]]
    window.close()
    again = open_window(start=False)
    assert again.prompt_panel.lora_panel.loras() == ((str(lora), 0.8),)
