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
