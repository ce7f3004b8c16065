"""Export: folder, zip, HTML contact sheet; stripping; JPEG/WebP with settings; all or nothing."""

from __future__ import annotations

import argparse
import json
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image
from test_gallery_store import make_image, open_store

from studio.cli.gallery import register, run
from studio.core.base.paths import app_paths
from studio.core.base.settings import Settings
from studio.core.gallery import encode as gallery_encode
from studio.core.gallery.db import GalleryError
from studio.core.gallery.export import ExportOptions, export_images
from studio.core.gallery.query import GalleryItem
from studio.core.imagemeta.chunks import read_raw_metadata
from studio.core.imagemeta.image_settings import read_image_settings

PROMPT = "un faro al atardecer, ñandú 🐱\nsegunda línea"


@pytest.fixture
def items(tmp_path: Path) -> list[GalleryItem]:
    (tmp_path / "gallery").mkdir()
    make_image(tmp_path / "gallery", PROMPT, seed=11, negative_prompt="borroso")
    make_image(tmp_path / "gallery", "<script>alert(1)</script>", datetime(2026, 1, 1), seed=12)
    with open_store(tmp_path) as store:
        store.sync()
        return store.search()


def test_zip_holds_the_original_files(items: list[GalleryItem], tmp_path: Path) -> None:
    target = tmp_path / "out.zip"
    report = export_images(items, target, ExportOptions("zip"))
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert names == [item.relative for item in items]
        assert archive.read(names[0]) == items[0].path.read_bytes()
    assert report.written == 2


def test_folder_export_with_metadata_stripped(items: list[GalleryItem], tmp_path: Path) -> None:
    target = tmp_path / "share"
    export_images(items, target, ExportOptions("folder", strip_metadata=True))
    files = sorted(target.iterdir())
    assert [f.name for f in files] == ["image-0001.png", "image-0002.png"]  # no prompt in names
    for file in files:
        raw = read_raw_metadata(file)
        assert raw.texts == {} and read_image_settings(file) is None
        assert b"faro" not in file.read_bytes()


@pytest.mark.parametrize("image_format", ["jpeg", "webp"])
def test_jpeg_and_webp_keep_the_settings_in_exif(
    items: list[GalleryItem], tmp_path: Path, image_format: str
) -> None:
    target = tmp_path / "out"
    export_images(items[:1], target, ExportOptions("folder", image_format))
    [file] = list(target.rglob("*.*"))
    with Image.open(file) as image:
        assert image.format == image_format.upper()
    found = read_image_settings(file)
    assert found is not None
    assert (found.prompt, found.negative_prompt, found.seed) == (PROMPT, "borroso", 11)


def test_html_contact_sheet_is_self_contained(items: list[GalleryItem], tmp_path: Path) -> None:
    target = tmp_path / "sheet"
    export_images(items, target, ExportOptions("html", "jpeg"))
    page = (target / "index.html").read_text("utf-8")
    assert page.count("data:image/webp;base64,") == 2
    assert "ñandú 🐱" in page and "borroso" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    for item in items:
        link = "images/" + str(Path(item.relative).with_suffix(".jpg").as_posix())
        assert (target / link).is_file() and f'href="{link}"' in page


def test_private_contact_sheet_shows_no_prompts(items: list[GalleryItem], tmp_path: Path) -> None:
    target = tmp_path / "sheet"
    export_images(items, target, ExportOptions("html", strip_metadata=True))
    page = (target / "index.html").read_text("utf-8")
    assert "faro" not in page and "borroso" not in page and "seed" not in page


def test_failed_export_leaves_nothing(
    items: list[GalleryItem], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = {"n": 0}
    real = gallery_encode.encoded_image

    def disk_full_on_second(*args: object) -> tuple[bytes, list[str]]:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real(*args)  # type: ignore[arg-type]

    import studio.core.gallery.export as gallery_export

    monkeypatch.setattr(gallery_export, "encoded_image", disk_full_on_second)
    for kind, target in (("zip", tmp_path / "out.zip"), ("folder", tmp_path / "out")):
        calls["n"] = 0
        with pytest.raises(GalleryError, match="Nothing was written"):
            export_images(items, target, ExportOptions(kind))
        assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "gallery"]


def test_export_refuses_a_folder_that_is_not_empty(
    items: list[GalleryItem], tmp_path: Path
) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "mine.txt").write_text("keep me")
    with pytest.raises(GalleryError, match="not an empty folder"):
        export_images(items, target, ExportOptions("folder"))
    assert [p.name for p in target.iterdir()] == ["mine.txt"]
    with pytest.raises(GalleryError, match="selection is empty"):
        export_images([], tmp_path / "x.zip", ExportOptions("zip"))


def _cli(tmp_path: Path, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    return run(parser.parse_args(["gallery", *argv]), app_paths(tmp_path), Settings())


def test_cli_search_favourite_and_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_image(tmp_path / "gallery", PROMPT, seed=11)
    make_image(tmp_path / "gallery", "otro", seed=12)
    assert _cli(tmp_path, "sync") == 0
    assert "2 images" in capsys.readouterr().out
    assert _cli(tmp_path, "search", "faro") == 0
    assert capsys.readouterr().out.strip() == str(path)
    assert _cli(tmp_path, "favourite", str(path)) == 0
    assert _cli(tmp_path, "search", "--favourites", "--json") == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["total"] == 1 and payload["results"][0]["prompt"] == PROMPT
    assert _cli(tmp_path, "search", "nada-parecido") == 1
    capsys.readouterr()
    assert _cli(tmp_path, "export", str(tmp_path / "fav.zip"), "--favourites") == 0
    with zipfile.ZipFile(tmp_path / "fav.zip") as archive:
        assert len(archive.namelist()) == 1
    assert _cli(tmp_path, "export", str(tmp_path / "all"), "--as", "html", "--format", "webp") == 0
    assert (tmp_path / "all" / "index.html").is_file()


def test_cli_rejects_a_bad_size(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        _cli(tmp_path, "search", "--size", "grande")
