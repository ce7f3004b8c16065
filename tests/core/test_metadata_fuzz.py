"""Fuzz: random and mutated metadata (ours, A1111, ComfyUI graphs, EXIF) in PNG, JPEG and WebP
files through every reader of untrusted settings. No exception escapes, nothing is printed raw.

Repeatable: one fixed seed; a failure names the file's index, its recipe and its bytes' seed.
"""

from __future__ import annotations

import io
import json
import random
import re
import shutil
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from studio.cli.main import main
from studio.core.base.errors import ImageInputError, set_language
from studio.core.gallery.store import GalleryStore
from studio.core.generation.request import GenerationRequest
from studio.core.imagemeta.chunks import read_raw_metadata
from studio.core.imagemeta.image_settings import ImageSettings, read_image_settings
from studio.core.imagemeta.lienzo_format import lienzo_json
from studio.core.models.source import ModelStamp

DATA = Path(__file__).parent.parent / "data" / "metadata"
SEED = 20261201
CASES = 300
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
NASTY = [
    "\x1b]52;c;aGFja2Vk\x07", "\x1b[2J", "\x9b31m", "\u202e", "\ud800", "\udfff", "\x00", "\r",
    "NaN", "Infinity", "-Infinity", "1e999", "9" * 400, "-1", "\\", '"', "\\u0000", "\\ud800",
    "🐱", "ñ", "\ufeff", "[" * 3000, "{\"a\":" * 3000, "<img src=x>", "%1%2", "\n" * 50,
]  # fmt: skip
WRONG_VALUES: list[Any] = [
    None, True, [], {}, [[[]]], "", "x" * 5000, 10**400, -(10**30), 1e308, -0.0, float("nan"),
    float("inf"), {"a": [1, {"b": None}]}, "\x1b]0;title\x07", 2**64, 2**63, -1,
]  # fmt: skip


def _seed_texts() -> list[dict[str, str]]:
    """The real metadata of every fixture that has some, plus our own chunk."""
    found = []
    for path in sorted(DATA.rglob("*")):
        if path.suffix.lower() in (".png", ".jpg") and path.stat().st_size:
            texts = read_raw_metadata(path).texts
            if texts:
                found.append(dict(texts))
    ours = GenerationRequest(prompt="un faro", negative_prompt="niebla", model="demo", seed=5)
    stamp = ModelStamp(name="demo", hash="0123456789", family="demo")
    found.append({"lienzo": lienzo_json(ours, stamp, "cpu"), "parameters": "un faro\nSteps: 4"})
    return found


# -- mutations of one text -----------------------------------------------------------------------
def _truncate(rng: random.Random, text: str) -> str:
    return text[: rng.randrange(len(text) + 1)]


def _flip(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 8)):
        if chars:
            chars[rng.randrange(len(chars))] = chr(
                rng.choice([rng.randrange(0x20, 0x7F), rng.randrange(0x110000)])
            )
    return "".join(chars)


def _insert(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice(NASTY) + text[at:]


def _numbers(rng: random.Random, text: str) -> str:
    return re.sub(
        r"\d+(\.\d+)?", lambda _m: rng.choice(["1e999", "NaN", "9" * 60, "-7", "0"]), text
    )


def _wrong_types(rng: random.Random, text: str) -> str:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # already nested by an earlier mutation
        return _insert(rng, text)
    return json.dumps(_mutate_json(rng, data, 0), ensure_ascii=rng.random() < 0.5)


def _mutate_json(rng: random.Random, value: Any, depth: int) -> Any:
    if rng.random() < 0.15 or depth > 6:
        return rng.choice(WRONG_VALUES)
    if isinstance(value, dict):
        return {k: _mutate_json(rng, v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_mutate_json(rng, v, depth + 1) for v in value]
    return value


def _nest(rng: random.Random, text: str) -> str:
    depth = rng.choice([50, 101, 999, 5000])
    return "[" * depth + text + "]" * depth


MUTATIONS: list[Callable[[random.Random, str], str]] = [
    _truncate, _flip, _insert, _numbers, _wrong_types, _nest,
]  # fmt: skip


def _mutated(rng: random.Random, texts: dict[str, str]) -> dict[str, str]:
    texts = dict(texts)
    for _ in range(rng.randint(1, 3)):
        key = rng.choice([*texts, "lienzo", "parameters", "prompt", "workflow"])
        base = texts.get(key) or rng.choice([t for s in SEEDS for t in s.values()])
        texts[key] = rng.choice(MUTATIONS)(rng, base)
    return texts


# -- containers ----------------------------------------------------------------------------------
def _chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")


def _png(rng: random.Random, texts: dict[str, str]) -> bytes:
    plain = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(plain, format="PNG")
    raw = plain.getvalue()
    chunks = b""
    for key, text in texts.items():
        body = text.encode("utf-8", "surrogatepass")
        kind = rng.choice([b"tEXt", b"zTXt", b"iTXt"])
        if kind == b"tEXt":
            data = key.encode("latin-1", "replace") + b"\0" + body
        elif kind == b"zTXt":
            data = key.encode("latin-1", "replace") + b"\0\0" + zlib.compress(body)
        else:
            compressed = rng.random() < 0.5
            payload = zlib.compress(body) if compressed else body
            data = (
                key.encode("latin-1", "replace")
                + b"\0"
                + bytes([compressed, 0])
                + b"\0\0"
                + payload
            )
        chunks += _chunk(kind, data)
    at = len(b"\x89PNG\r\n\x1a\n") + 25  # after IHDR (or, for some, after the pixels)
    if rng.random() < 0.3:
        at = len(raw) - 12
    return raw[:at] + chunks + raw[at:]


def _exif_image(rng: random.Random, texts: dict[str, str], image_format: str) -> bytes:
    exif = Image.Exif()
    text = texts.get("parameters") or next(iter(texts.values()), "")
    prefix = rng.choice([b"UNICODE\0", b"ASCII\0\0\0", b"\0" * 8, b""])
    encoding = "utf-16-be" if prefix == b"UNICODE\0" else "utf-8"
    comment = prefix + text.encode(encoding, "surrogatepass")[: rng.choice([60_000, 200])]
    exif.get_ifd(0x8769)[0x9286] = comment
    for tag, key in ((0x010E, "prompt"), (0x010F, "workflow")):
        if key in texts and rng.random() < 0.7:
            exif[tag] = f"{key}:{texts[key][:20_000]}"
    out = io.BytesIO()
    try:
        Image.new("RGB", (8, 8), "teal").save(out, format=image_format, exif=exif)
    except (ValueError, UnicodeEncodeError):  # EXIF past the segment limit, or unencodable
        out = io.BytesIO()
        Image.new("RGB", (8, 8), "teal").save(out, format=image_format)
    return out.getvalue()


def _file_bytes(rng: random.Random, texts: dict[str, str]) -> tuple[str, bytes]:
    suffix = rng.choice([".png", ".png", ".png", ".jpg", ".webp"])
    if suffix == ".png":
        data = _png(rng, texts)
    else:
        data = _exif_image(rng, texts, "JPEG" if suffix == ".jpg" else "WEBP")
    if rng.random() < 0.15:  # byte-level damage of the whole file
        data = bytearray(data)
        for _ in range(rng.randint(1, 6)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        data = bytes(data[: rng.randrange(len(data) // 2, len(data) + 1)])
    return suffix, data


SEEDS = _seed_texts()


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    rng = random.Random(SEED)
    folder = tmp_path_factory.mktemp("fuzz")
    files = []
    for index in range(CASES):
        texts = _mutated(rng, rng.choice(SEEDS))
        suffix, data = _file_bytes(rng, texts)
        path = folder / f"case-{index:03d}{suffix}"
        path.write_bytes(data)
        files.append(path)
    return files


def test_fuzzed_files_through_the_settings_reader(fuzzed: list[Path]) -> None:
    read = 0
    for path in fuzzed:
        try:
            settings = read_image_settings(path)
        except ImageInputError:
            continue
        assert settings is None or isinstance(settings, ImageSettings), path.name
        read += settings is not None
    assert read > CASES // 4  # the mutations leave many files readable: the test reads them


def test_fuzzed_files_through_studio_params(
    fuzzed: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    set_language("en")
    for path in fuzzed:
        for extra in ([], ["--json"]):
            code = main(["params", str(path), *extra])
            printed = capsys.readouterr()
            assert code in (0, 1, 2), path.name
            assert not RAW_CONTROL.search(printed.out.replace("\n", "").replace("\t", "")), (
                path.name
            )
            assert not RAW_CONTROL.search(printed.err.replace("\n", "")), path.name
            assert "Traceback" not in printed.err, path.name
            if extra and code == 0:
                json.loads(printed.out)  # the escaping keeps it valid JSON


def test_fuzzed_files_in_the_gallery_keep_the_good_ones(fuzzed: list[Path], tmp_path: Path) -> None:
    root = tmp_path / "gallery"
    root.mkdir()
    for path in fuzzed:
        shutil.copy(path, root / path.name)
    shutil.copy(DATA / "AUTOMATIC1111" / "automatic1111_cropped.png", root / "zz-good-a1111.png")
    shutil.copy(DATA / "ComfyUI" / "img2img_cropped.png", root / "zz-good-comfy.png")

    with GalleryStore(root, tmp_path / "index.sqlite") as store:
        report = store.sync()
        assert report.added + report.unreadable == CASES + 2
        good = {item.path.name: item for item in store.search(limit=1000)}
        assert good["zz-good-a1111.png"].generator == "AUTOMATIC1111"
        assert good["zz-good-comfy.png"].generator == "ComfyUI"
        assert store.search() is not None and store.count() == report.added


def test_fuzzed_files_through_the_windows_image_reader(fuzzed: list[Path]) -> None:
    pytest.importorskip("PySide6")
    from studio.ui.image_input import read_request_from_image
    from studio.ui.reuse_settings import read_settings

    base = GenerationRequest(prompt="", model="demo")
    for path in fuzzed:
        request = read_request_from_image(path, base)
        assert request is None or isinstance(request, GenerationRequest), path.name
        found, problem = read_settings(path)
        assert (found is None) == bool(problem), path.name
