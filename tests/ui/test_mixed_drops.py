"""Drops that mix things: several bad model files, or a model file together with a picture.
Nothing a user dropped is silently ignored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from drop_support import drop_files
from PIL import Image
from pytestqt.qtbot import QtBot

from studio.ui.main_window import MainWindow


def test_every_bad_model_file_of_one_drop_is_explained(
    qtbot: QtBot, open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = open_window(start=False)
    empty = tmp_path / "vacio.safetensors"
    empty.write_bytes(b"")
    garbage = tmp_path / "basura.safetensors"
    garbage.write_bytes(b"\x00" * 64)

    drop_files(window, empty, garbage)

    dialog = window.models_ui.dialog
    assert dialog is not None
    text = lambda: dialog.message_label.text()  # noqa: E731
    qtbot.waitUntil(lambda: "vacio" in text() and "basura" in text(), timeout=20_000)


def test_a_checkpoint_and_a_picture_dropped_together_are_both_used(
    qtbot: QtBot, open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = open_window(start=False)
    pickle = tmp_path / "viejo.ckpt"
    pickle.write_bytes(b"\x80\x02}q\x00.")  # a pickle header: refused, never opened as code
    picture = tmp_path / "foto.png"
    Image.new("RGB", (96, 96), "blue").save(picture)

    drop_files(window, pickle, picture)

    assert window.prompt_panel.build_request().init_image == str(picture)
    dialog = window.models_ui.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.files_tab.legacy_label.isVisibleTo(dialog), timeout=20_000)
