"""The command line with no network: the default model's message, as a user sees it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "not on this computer and cannot be downloaded now"),
        ("es", "no está en este ordenador y no se puede descargar ahora"),
    ],
)
def test_default_model_with_the_network_down_says_what_to_do(
    tmp_path: Path, lang: str, expected: str
) -> None:
    env = {
        **os.environ,
        "STUDIO_HOME": str(tmp_path / "home"),
        "HF_HOME": str(tmp_path / "hf"),
        "HF_ENDPOINT": "http://127.0.0.1:9",  # nothing listens there: unreachable, not offline
        "LIENZO_LANG": lang,
    }
    for name in ("HF_HUB_OFFLINE", "HF_HUB_CACHE", "DISPLAY"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "studio", "generate", "--prompt", "a cat"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2, done.stderr
    assert expected in done.stderr and "--model demo" in done.stderr
    assert "Retry" not in done.stderr and "Reintentar" not in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "home" / "gallery").exists()
