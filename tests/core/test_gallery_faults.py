"""Bad files and broken indexes: nothing is lost, favourites survive a rebuild."""

from __future__ import annotations

import os
import sqlite3
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from test_gallery_store import make_image, open_store

from studio.core.base.errors import ImageInputError
from studio.core.gallery.query import GalleryQuery
from studio.core.gallery.thumbnails import ThumbnailCache

BAD = Path(__file__).parent.parent / "data" / "metadata" / "bad"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_with_chunks(path: Path, *chunks: bytes, size: tuple[int, int] = (8, 8)) -> Path:
    """A valid PNG with extra chunks spliced in before its pixels."""
    Image.new("RGB", size, "red").save(path)
    raw = path.read_bytes()
    cut = raw.index(b"IDAT") - 4
    path.write_bytes(raw[:cut] + b"".join(chunks) + raw[cut:])
    return path


def _favourite_and_close(tmp_path: Path) -> Path:
    (tmp_path / "gallery").mkdir(exist_ok=True)
    with open_store(tmp_path) as store:
        path = make_image(store.root, "favorita")
        store.sync()
        store.set_favourite(path, True)
        store.set_tags(path, ["guardar"])
    return path


def _assert_marks_restored(tmp_path: Path, path: Path) -> None:
    with open_store(tmp_path) as store:
        assert store.index_problem is None
        store.sync()
        [item] = store.search(GalleryQuery(favourites_only=True))
        assert item.path == path and item.tags == ("guardar",)


def test_corrupt_index_is_rebuilt_keeping_favourites(tmp_path: Path) -> None:
    path = _favourite_and_close(tmp_path)
    index = tmp_path / "data" / "index.sqlite3"
    index.write_bytes(b"not a database at all" * 500)
    _assert_marks_restored(tmp_path, path)
    kept = list(index.parent.glob("index.sqlite3.corrupt-*"))
    assert kept, "the broken index is set aside for inspection, not deleted"


def test_truncated_index_is_rebuilt_keeping_favourites(tmp_path: Path) -> None:
    path = _favourite_and_close(tmp_path)
    index = tmp_path / "data" / "index.sqlite3"
    data = index.read_bytes()
    index.write_bytes(data[: len(data) // 2])
    _assert_marks_restored(tmp_path, path)


def test_deleted_index_is_rebuilt_keeping_favourites(tmp_path: Path) -> None:
    path = _favourite_and_close(tmp_path)
    for file in (tmp_path / "data").iterdir():
        file.unlink()
    _assert_marks_restored(tmp_path, path)


def test_damaged_sidecar_loses_marks_but_not_images(tmp_path: Path) -> None:
    path = _favourite_and_close(tmp_path)
    (path.parent / ".lienzo-gallery.json").write_text("{broken", "utf-8")
    (tmp_path / "data" / "index.sqlite3").unlink()
    with open_store(tmp_path) as store:
        store.sync()
        assert [i.path for i in store.search()] == [path]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions")
def test_readonly_index_falls_back_to_memory_and_says_so(tmp_path: Path) -> None:
    path = _favourite_and_close(tmp_path)
    data = tmp_path / "data"
    for file in data.iterdir():
        file.chmod(0o444)
    data.chmod(0o555)
    try:
        with open_store(tmp_path) as store:
            assert store.index_problem is not None
            assert "cannot be written" in store.index_problem.en
            store.sync()
            assert [i.path for i in store.search(GalleryQuery(favourites_only=True))] == [path]
    finally:
        data.chmod(0o755)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions")
def test_readonly_gallery_is_still_shown(tmp_path: Path) -> None:
    (tmp_path / "gallery").mkdir()
    path = make_image(tmp_path / "gallery")
    for folder in (path.parent, tmp_path / "gallery"):
        folder.chmod(0o555)
    try:
        with open_store(tmp_path) as store:
            store.sync()
            store.set_favourite(path, True)  # kept in the index; the sidecar cannot be written
            assert store.count(GalleryQuery(favourites_only=True)) == 1
    finally:
        for folder in (tmp_path / "gallery", path.parent):
            folder.chmod(0o755)


def test_locked_index_waits_then_reports(tmp_path: Path) -> None:
    path = _favourite_and_close(tmp_path)
    with open_store(tmp_path) as store:
        store.sync()
        other = sqlite3.connect(tmp_path / "data" / "index.sqlite3", timeout=0.1)
        other.execute("BEGIN EXCLUSIVE")
        try:
            # WAL: a second instance holding the write lock does not stop reading.
            assert [i.path for i in store.search()] == [path]
        finally:
            other.rollback()
            other.close()


def test_bad_files_in_the_gallery(tmp_path: Path) -> None:
    folder = tmp_path / "gallery" / "mixed"
    folder.mkdir(parents=True)
    (folder / "zero.png").write_bytes(b"")
    (folder / "text.png").write_text("hola, no soy una imagen")
    (folder / "notes.txt").write_text("not even looked at")
    for bad in BAD.iterdir():
        (folder / bad.name).write_bytes(bad.read_bytes())
    huge = b"parameters\0" + b"x" * 3_000_000
    _png_with_chunks(folder / "huge.png", _chunk(b"tEXt", huge))
    _png_with_chunks(folder / "malformed.png", _chunk(b"zTXt", b"parameters\0\0not zlib"))
    absurd = "p\nSteps: 1000000000, Sampler: Euler, CFG scale: 7, Seed: 1, Size: 100000x100000"
    _png_with_chunks(folder / "absurd.png", _chunk(b"tEXt", b"parameters\0" + absurd.encode()))
    Image.new("RGB", (8, 8)).save(folder / "plain.jpg", exif=b"Exif\0\0garbage-exif")
    with open_store(tmp_path) as store:
        report = store.sync()
        names = {item.path.name: item for item in store.search()}
    assert {"zero.png", "text.png", "notes.txt", "empty_file.png"}.isdisjoint(names)
    assert {"huge.png", "malformed.png", "absurd.png", "plain.jpg"} <= names.keys()
    assert report.unreadable >= 3
    assert names["absurd.png"].settings is not None
    assert names["absurd.png"].settings.steps is None  # absurd value dropped, with a warning
    assert names["absurd.png"].settings.warnings
    assert (
        names["malformed.png"].problem is not None and "damaged" in names["malformed.png"].problem
    )


def test_thumbnails_are_made_once_and_cached(tmp_path: Path) -> None:
    image = make_image(tmp_path / "gallery", width=512, height=512)
    cache = ThumbnailCache(tmp_path / "cache", side=128)
    info = image.stat()
    assert cache.cached(image, info.st_mtime_ns, info.st_size) is None
    made = cache.make(image)
    assert cache.cached(image, info.st_mtime_ns, info.st_size) == made
    with Image.open(made) as thumb:
        assert thumb.format == "WEBP" and max(thumb.size) == 128
    stamp = made.stat().st_mtime_ns
    assert cache.make(image) == made and made.stat().st_mtime_ns == stamp  # not redone


def test_thumbnail_of_a_bad_file_raises_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.png"
    bad.write_text("no")
    with pytest.raises(ImageInputError, match="cannot be read"):
        ThumbnailCache(tmp_path / "cache").make(bad)
    assert not any((tmp_path / "cache").rglob("*.webp"))


def test_unusable_index_place_falls_back_to_memory(tmp_path: Path) -> None:
    (tmp_path / "gallery").mkdir()
    path = make_image(tmp_path / "gallery")
    blocker = tmp_path / "data"
    blocker.write_text("a file where the index folder should be")
    with open_store(tmp_path) as store:
        assert store.index_problem is not None
        assert "se vuelve a leer" in store.index_problem.es
        store.sync()
        assert [i.path for i in store.search()] == [path]
    assert blocker.read_text() == "a file where the index folder should be"


def test_unwritable_sidecar_keeps_the_mark_in_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import studio.core.gallery.store as gallery_store

    def read_only_disk(_folder: Path, _marks: object) -> None:
        raise OSError(30, "Read-only file system")

    (tmp_path / "gallery").mkdir()
    path = make_image(tmp_path / "gallery")
    monkeypatch.setattr(gallery_store, "write_sidecar", read_only_disk)
    with open_store(tmp_path) as store:
        store.sync()
        store.set_favourite(path, True)
        assert store.count(GalleryQuery(favourites_only=True)) == 1
    assert not (path.parent / ".lienzo-gallery.json").exists()
