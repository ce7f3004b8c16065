"""End-to-end smoke: the real `studio` process on a real X server (Xvfb), driven by keystrokes
(xdotool) as a new user would: fresh home, offline, no model; Escape, type a prompt, choose the
demo model, Ctrl+Enter, wait for the picture, Ctrl+Q. Skipped where Xvfb or xdotool is missing
(CI installs both in .ci/run)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (shutil.which("Xvfb") and shutil.which("xdotool")),
        reason="needs Xvfb and xdotool (apt-get install xvfb xdotool)",
    ),
]
WINDOW_TITLE = "Lienzo Studio"


@pytest.fixture
def display() -> Iterator[str]:
    """A private X server; its display name (":N") is what Xvfb picked as free."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    try:
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _xdotool(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        ["xdotool", *args], env=env, capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout.strip()


def _keys(env: dict[str, str], *keys: str) -> None:
    _xdotool(env, "key", "--clearmodifiers", "--delay", "60", *keys)
    time.sleep(0.3)


def _studio_command() -> list[str]:
    script = Path(sys.executable).with_name("studio")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from studio.cli.main import main; raise SystemExit(main())"]


def test_a_new_user_makes_a_demo_picture_and_quits_cleanly(display: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "STUDIO_"))}
    env.update(
        DISPLAY=display,
        STUDIO_HOME=str(home),
        HF_HUB_OFFLINE="1",
        HF_HOME=str(tmp_path / "hf"),  # nothing downloaded
        LIENZO_LANG="en",
    )
    log = (tmp_path / "studio.log").open("w")
    studio = subprocess.Popen(_studio_command(), env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        window = _xdotool(env, "search", "--sync", "--onlyvisible", "--name", WINDOW_TITLE)
        window = window.splitlines()[0]
        time.sleep(2)  # the window has painted
        # No window manager gives it the keyboard: a click on the canvas does, as a user would.
        _xdotool(env, "mousemove", "--window", window, "640", "400", "click", "1")
        _keys(env, "Escape")
        _keys(env, "alt+p")  # the prompt box, by its label's shortcut
        _xdotool(env, "type", "--delay", "40", "a lighthouse at dusk")
        _keys(env, "alt+d", "ctrl+a")  # the model picker, in view
        _xdotool(env, "type", "--delay", "40", "demo")  # completes to the demo's item
        _keys(env, "ctrl+Return")
        pictures = _wait_for_pictures(home / "gallery", studio, timeout=300)
        time.sleep(1)
        _keys(env, "ctrl+q")
        assert studio.wait(timeout=60) == 0
    finally:
        if studio.poll() is None:
            studio.kill()
            studio.wait()
        log.close()
    output = (tmp_path / "studio.log").read_text(encoding="utf-8", errors="replace")
    assert len(pictures) == 1, output
    assert "Traceback" not in output, output


def _wait_for_pictures(folder: Path, studio: subprocess.Popen[bytes], timeout: float) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert studio.poll() is None, "studio ended before the picture was saved"
        pictures = sorted(folder.rglob("*.png"))
        if pictures:
            return pictures
        time.sleep(0.5)
    raise AssertionError(f"no picture in {folder} after {timeout} s")
