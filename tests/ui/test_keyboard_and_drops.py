"""Several dropped pictures, drops from a browser, and the keyboard-only walkthrough."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from drop_support import drop_mime, files_mime
from PIL import Image
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QAccessible, QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from studio.core.base.paths import AppPaths
from studio.ui.main_window import MainWindow


def _picture(folder: Path, name: str, colour: str) -> Path:
    path = folder / name
    Image.new("RGB", (80, 60), colour).save(path)
    return path


def test_several_dropped_pictures_queue_one_img2img_job_each(
    open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = open_window(start=False)  # no engine: the jobs wait in the queue
    window.prompt_panel.prompt_edit.setPlainText("en acuarela")
    red, blue = _picture(tmp_path, "red.png", "red"), _picture(tmp_path, "blue.jpg", "blue")
    broken = tmp_path / "broken.png"
    broken.write_text("not a picture", encoding="utf-8")

    drop_mime(window, files_mime(red, broken, blue))

    jobs = window.controller.queue.jobs
    assert [job.request.init_image for job in jobs] == [str(red), str(blue)]
    assert {job.request.prompt for job in jobs} == {"en acuarela"}
    assert window.queue_panel._title.text() == "Queue (2)"
    banner = window.banner.text()
    assert "2 img2img jobs queued" in banner
    assert "broken.png" in banner  # the one left out is named, with the reason
    assert window.prompt_panel.init_box.isHidden()  # the single-image input is untouched


def test_a_picture_dragged_from_a_browser_is_used_from_its_image_data(
    open_window: Callable[..., MainWindow], ui_home: AppPaths
) -> None:
    window = open_window(start=False)
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.org/faro.jpg")])
    image = QImage(120, 90, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    mime.setImageData(image)

    drop_mime(window, mime)

    init = window.prompt_panel.build_request().init_image
    assert init is not None and Path(init).parent == ui_home.cache / "pasted"
    assert QImage(init).size() == image.size()
    assert not window.prompt_panel.init_box.isHidden()
    assert window.banner.text() == ""


def test_a_bare_web_link_is_refused_politely_and_changes_nothing(
    open_window: Callable[..., MainWindow],
) -> None:
    window = open_window(start=False)
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.org/faro.jpg")])

    drop_mime(window, mime)

    assert "save the image first" in window.banner.text()
    assert window.prompt_panel.init_box.isHidden()
    assert window.controller.queue.rowCount() == 0


def _activate(qtbot: QtBot, window: MainWindow) -> None:
    """Shortcuts and Tab need the window to be the active one, as it is for a user."""
    with qtbot.waitActive(window):
        window.activateWindow()


def _tab_stops(qtbot: QtBot, start: QWidget) -> list[QWidget]:
    """Every widget Tab reaches from `start`, in order, until it comes back round."""
    start.setFocus()
    stops: list[QWidget] = []
    while (widget := QApplication.focusWidget()) not in stops:
        assert widget is not None
        stops.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return stops


def _spoken(widget: QWidget, text: QAccessible.Text) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    # On Linux a combo box says its value as its name (its label comes by relation).
    own = widget.accessibleName() if text == QAccessible.Text.Name else ""
    return own or interface.text(text)


def test_tab_walks_the_prompt_panel_in_reading_order_and_every_stop_is_named(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window(start=False)
    panel = window.prompt_panel
    panel.set_history(["un faro"])
    panel.set_advanced(True)
    _activate(qtbot, window)

    stops = _tab_stops(qtbot, panel.prompt_edit)

    in_panel = [s for s in stops if panel.isAncestorOf(s) or panel.action_bar.isAncestorOf(s)]
    expected = [
        panel.prompt_edit, panel.history_button, panel.model_combo, panel.models_button,
        panel.size_combo, panel.count_spin, panel.advanced_toggle, panel.negative_edit,
        panel.lora_panel.add_button, panel.seed_edit, panel.dice_button,
        panel.reuse_seed_button, panel.lock_seed, panel.steps_spin, panel.guidance_spin,
        panel.sampler_combo, panel.generate_button,
    ]  # fmt: skip
    assert in_panel == expected
    for reachable in (window.queue_panel.list_view, window.canvas, window.gallery_panel.list_view):
        assert reachable in stops
    unnamed = [s for s in stops if not _spoken(s, QAccessible.Text.Name)]
    undescribed = [s for s in stops if not _spoken(s, QAccessible.Text.Description)]
    assert unnamed == [] and undescribed == []
    assert not any(s.accessibleName().strip() in {"⚄", "♻", "⋯", "↑", "↓", "✕"} for s in stops)


def test_ctrl_enter_queues_and_esc_cancels_from_every_stop(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window(start=False)  # no engine: each Ctrl+Enter leaves a job in the queue
    window.prompt_panel.prompt_edit.setPlainText("un faro")
    window.prompt_panel.set_advanced(True)
    _activate(qtbot, window)
    cancels: list[bool] = []
    window.actions.cancel.triggered.connect(lambda: cancels.append(True))
    stops = _tab_stops(qtbot, window.prompt_panel.prompt_edit)

    for stop in stops:
        stop.setFocus()
        qtbot.keyClick(stop, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(stop, Qt.Key.Key_Escape)

    assert window.controller.queue.rowCount() == len(stops)
    assert len(cancels) == len(stops)


def test_the_canvas_shows_keyboard_focus(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window(start=False)
    canvas = window.canvas
    _activate(qtbot, window)
    unfocused = canvas.grab().toImage()

    canvas.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(canvas.hasFocus)
    focused = canvas.grab().toImage()

    corner = focused.pixelColor(1, canvas.height() // 2)
    assert corner != unfocused.pixelColor(1, canvas.height() // 2)
    assert corner == canvas.palette().color(canvas.palette().ColorRole.Highlight)
