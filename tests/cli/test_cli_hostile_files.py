"""Crafted images at the command line: one clear message, nothing printed raw, the rest kept."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from studio.cli.main import main
from studio.core.base.errors import set_language
from studio.core.base.paths import app_paths
from studio.core.base.settings import load_settings
from studio.core.gallery.store import gallery_root
from studio.core.generation.engine import Engine

DATA = Path(__file__).parent.parent / "data" / "metadata"
NESTED = "[" * 5000 + "]" * 5000  # 10 KB that raised RecursionError in the JSON reader
OSC52 = "\x1b]52;c;aGFja2Vk\x07"  # "write 'hacked' to the clipboard", on terminals that obey
A1111_TAIL = "\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512"
CONTROL = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))]


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def _png(path: Path, **chunks: str) -> Path:
    info = PngInfo()
    for key, text in chunks.items():
        info.add_itxt(key, text)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (16, 16), "teal").save(path, pnginfo=info)
    return path


def _no_control_chars(text: str) -> bool:
    return not any(c in text for c in CONTROL)


def test_params_on_deeply_nested_json_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crafted = _png(tmp_path / "nested.png", lienzo=NESTED)

    assert main(["params", str(crafted)]) == 2

    printed = capsys.readouterr()
    assert "Traceback" not in printed.err and "RecursionError" not in printed.err
    assert "damaged or too large to read safely (lienzo)" in printed.err
    assert printed.out == ""


@pytest.mark.parametrize("key", ["prompt", "workflow", "parameters"])
def test_params_on_nested_foreign_json_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str
) -> None:
    assert main(["params", str(_png(tmp_path / "nested.png", **{key: NESTED}))]) == 2
    assert f"too large to read safely ({key})" in capsys.readouterr().err


def test_gallery_keeps_good_images_beside_a_crafted_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    root = gallery_root(app_paths(home), load_settings(app_paths(home).settings_file))
    root.mkdir(parents=True)
    shutil.copy(DATA / "AUTOMATIC1111" / "automatic1111_cropped.png", root / "a1111.png")
    shutil.copy(DATA / "ComfyUI" / "img2img_cropped.png", root / "comfy.png")
    _png(root / "nested.png", lienzo=NESTED)
    _png(root / "nested-graph.png", prompt=NESTED, workflow=NESTED)
    _png(root / "surrogate.png", lienzo=json.dumps({"request": {"prompt": "\ud800 gato"}}))
    cli = ["--home", str(home), "gallery"]

    assert main([*cli, "sync"]) == 0
    assert "5 images" in capsys.readouterr().out
    assert main([*cli, "search", "--json"]) == 0
    found = {Path(r["path"]).name: r for r in json.loads(capsys.readouterr().out)["results"]}
    names = {"a1111.png", "comfy.png", "nested.png", "nested-graph.png", "surrogate.png"}
    assert set(found) == names
    assert found["a1111.png"]["generator"] == "AUTOMATIC1111" and found["a1111.png"]["prompt"]
    assert found["comfy.png"]["generator"] == "ComfyUI"
    assert found["surrogate.png"]["prompt"] == "\ufffd gato"
    assert main([*cli, "search", "gato"]) == 0
    assert capsys.readouterr().out.strip().endswith("surrogate.png")
    assert main([*cli, "export", str(tmp_path / "out.zip")]) == 0
    assert "Exported 5 images" in capsys.readouterr().out
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert len(archive.namelist()) == 5


def test_params_escapes_control_characters_from_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = f"a cat{OSC52}\x1b[2J\x9b31m on a roof\tat night\u202e" + A1111_TAIL
    crafted = _png(tmp_path / "osc52.png", parameters=text)

    assert main(["params", str(crafted)]) == 0
    out = capsys.readouterr().out
    assert _no_control_chars(out.replace("\n", "").replace("\t", ""))
    assert "Prompt: a cat\\x1b]52;c;aGFja2Vk\\x07\\x1b[2J\\x9b31m on a roof\tat night\\u202e" in out

    assert main(["params", "--json", str(crafted)]) == 0
    out = capsys.readouterr().out
    assert _no_control_chars(out.replace("\n", ""))
    assert json.loads(out)["prompt"] == text.split("\n")[0]  # escaped, yet the same value


def test_search_escapes_control_characters_in_file_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    root = gallery_root(app_paths(home), load_settings(app_paths(home).settings_file))
    _png(root / "title\x1b]0;pwned\x07.png", parameters="a cat" + A1111_TAIL)

    assert main(["--home", str(home), "gallery", "search"]) == 0
    out = capsys.readouterr().out
    assert _no_control_chars(out.replace("\n", ""))
    assert out.strip().endswith("title\\x1b]0;pwned\\x07.png")


def test_params_cuts_a_huge_prompt_and_says_how_much_is_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crafted = _png(tmp_path / "huge.png", parameters="gato " * 2_000_000 + A1111_TAIL)

    assert main(["params", str(crafted)]) == 0
    out = capsys.readouterr().out
    assert len(out) < 10_000  # the prompt is "gato " * 2,000,000 less its last space
    assert "[9995999 more characters not shown]" in out
    assert "Steps: 20" in out  # the other values are still there

    assert main(["--lang", "es", "params", str(crafted)]) == 0
    assert "[9995999 caracteres más sin mostrar]" in capsys.readouterr().out


def test_generate_strips_control_characters_from_the_prompt_and_says_so(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [
        "generate", "--model", "demo", "--prompt", f"un faro{OSC52}\r\nal\tatardecer",
        "--seed", "3", "--steps", "2", "--width", "64", "--height", "64", "--out", str(tmp_path),
    ]  # fmt: skip

    assert main(argv) == 0

    printed = capsys.readouterr()
    assert "Warning: 2 control characters were removed from the prompt" in printed.err
    with Image.open(printed.out.split()[-1]) as image:
        stored = json.loads(image.text["lienzo"])["request"]["prompt"]
        assert image.text["parameters"].startswith("un faro]52;c;aGFja2Vk\nal\tatardecer\n")
    assert stored == "un faro]52;c;aGFja2Vk\nal\tatardecer"
