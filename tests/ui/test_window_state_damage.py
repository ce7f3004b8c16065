"""A damaged or hand-edited window.ini never stops the window from opening; good values stay."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from PySide6.QtCore import QSettings

from studio.core.base.paths import AppPaths
from studio.ui.main_window import MainWindow

GOOD = 'advanced=true\nhistory="[\\"un faro\\"]"\n'

RAW_CASES = {
    "empty splitter": "geometry=@ByteArray()\nsplitter=\nleft_splitter=\n",
    "number as geometry": "geometry=12\n",
    "number as last request": "last_request=5\n",
    "list as geometry": "geometry=1, 2, 3\n",
    "garbage layout bytes": "geometry=@ByteArray(\\x1\\x2garbage)\nsplitter=@ByteArray(zz)\n",
    "history not a list": "history=5\n",
    "history of numbers": 'history="[1, 2]"\n',
    "last request wrong types": 'last_request="{\\"prompt\\": 5, \\"steps\\": \\"many\\"}"\n',
    "last request out of range": 'last_request="{\\"prompt\\": \\"x\\", \\"steps\\": 10000}"\n',
    "last request list": 'last_request="[1, 2]"\n',
    "last request truncated": 'last_request="{\\"prompt\\": \\"un fa"\n',
}


def _write_ini(ui_home: AppPaths, text: str | bytes) -> None:
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    (ui_home.config / "window.ini").write_bytes(data)


@pytest.mark.parametrize("case", sorted(RAW_CASES))
def test_a_wrong_typed_value_in_window_ini_is_dropped_and_the_rest_kept(
    open_window: Callable[..., MainWindow], ui_home: AppPaths, case: str
) -> None:
    _write_ini(ui_home, "[General]\n" + GOOD + RAW_CASES[case])
    window = open_window(start=False)
    assert window.isVisible()
    panel = window.prompt_panel
    assert panel.advanced_toggle.isChecked()  # the good values around the bad one are kept
    if "history" not in case:
        assert panel.history() == ["un faro"]
    panel.prompt_edit.setPlainText("sigue funcionando")
    assert panel.build_request().prompt == "sigue funcionando"


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\xff\xfe\x80garbage\n=\n[[[", b"[General]\ngeometry=@ByteArray(\\x1\\x"],
    ids=["empty", "garbage", "truncated"],
)
def test_an_empty_garbage_or_truncated_window_ini_opens_the_default_window(
    open_window: Callable[..., MainWindow], ui_home: AppPaths, content: bytes
) -> None:
    _write_ini(ui_home, content)
    window = open_window(start=False)
    assert window.isVisible()
    assert window.prompt_panel.history() == []


def test_a_saved_window_state_cut_short_keeps_what_came_before_the_cut(
    open_window: Callable[..., MainWindow], ui_home: AppPaths
) -> None:
    state = QSettings(str(ui_home.config / "window.ini"), QSettings.Format.IniFormat)
    state.setValue("advanced", True)
    state.setValue("history", json.dumps(["un faro"]))
    state.setValue("last_request", json.dumps({"prompt": "un faro al atardecer", "steps": 3}))
    state.sync()
    file = ui_home.config / "window.ini"
    text = file.read_bytes()
    file.write_bytes(text[: text.index(b"last_request") + 30])
    window = open_window(start=False)
    assert window.prompt_panel.history() == ["un faro"]
    assert window.prompt_panel.advanced_toggle.isChecked()


def test_a_damaged_settings_file_keeps_the_model_says_so_and_is_repaired(
    open_window: Callable[..., MainWindow], ui_home: AppPaths
) -> None:
    damaged = b'{"default_model": "demo", "language": "en", "preview": "yes", "theme": "da'
    ui_home.settings_file.write_bytes(damaged)
    window = open_window(start=False)
    text = window.banner.text()
    assert "settings file settings.json was damaged" in text and "default_model" in text
    (copy,) = ui_home.config.glob("settings.json.bak-*")
    assert copy.read_bytes() == damaged and str(copy) in text
    repaired = json.loads(ui_home.settings_file.read_text(encoding="utf-8"))
    assert repaired["default_model"] == "demo" and repaired["preview"] is True
    assert window.controller.settings.default_model == "demo"


def test_a_damaged_queue_is_restored_paused_and_the_banner_says_where_the_copy_is(
    open_window: Callable[..., MainWindow], ui_home: AppPaths
) -> None:
    job = {"id": "a", "request": {"prompt": "un faro", "model": "demo", "steps": 2}}
    text = json.dumps({"jobs": [job, {"id": "b", "request": {"prompt": "dos"}}]})
    ui_home.data.mkdir(parents=True, exist_ok=True)
    (ui_home.data / "queue.json").write_text(text[: text.index('"dos"')], encoding="utf-8")
    window = open_window(start=False)
    assert [job.request.prompt for job in window.controller.queue.jobs] == ["un faro"]
    assert window.controller.paused
    (copy,) = ui_home.data.glob("queue.json.bak-*")
    banner = window.banner.text()
    assert "Jobs restored (paused): 1;" in banner and str(copy) in banner
