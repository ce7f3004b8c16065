"""`--draft` on the demo model: a noise picture, and `studio params` says how it was decoded."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from studio.cli.main import main
from studio.core.generation.engine import Engine


def _generate(out: Path, *extra: str) -> list[str]:
    return [
        "generate", "--model", "demo", "--prompt", "un faro", "--seed", "5", "--steps", "2",
        "--width", "64", "--height", "64", "--out", str(out), "--quiet", *extra,
    ]  # fmt: skip


def _saved(capsys: pytest.CaptureFixture[str]) -> Path:
    return Path(capsys.readouterr().out.split()[-1])


def test_draft_of_the_demo_is_mid_grey_noise_not_black(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_generate(tmp_path, "--draft")) == 0
    with Image.open(_saved(capsys)) as image:
        pixels = np.asarray(image.convert("L"), dtype=float)
    assert 60 < pixels.mean() < 200  # was about 7: an almost-black square
    assert pixels.std() > 8


def test_params_says_whether_the_draft_decoder_was_used(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_generate(tmp_path, "--draft")) == 0
    draft = _saved(capsys)
    assert main(_generate(tmp_path)) == 0
    full = _saved(capsys)
    assert main(["params", str(draft)]) == 0
    assert "Decoder: draft" in capsys.readouterr().out
    assert main(["params", str(full)]) == 0
    assert "Decoder: full" in capsys.readouterr().out
    assert main(["--lang", "es", "params", str(draft)]) == 0
    assert "Decodificador: borrador" in capsys.readouterr().out
    assert main(["params", "--json", str(draft)]) == 0
    assert '"draft": true' in capsys.readouterr().out


def test_draft_without_the_tiny_decoder_is_recorded_as_a_full_decode(
    engine: Engine, demo_request: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = engine.load("demo")
    monkeypatch.setattr(loaded, "tiny_vae_folder", None)
    result = next(iter(engine.generate(demo_request(draft=True))))  # type: ignore[operator]
    assert result.warnings and "Draft decoder not on this computer" in result.warnings[0]
    assert result.request.draft is False  # the metadata must not claim a draft decode
