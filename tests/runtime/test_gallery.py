"""The gallery model over the index: newest first, paged, searchable, favourites kept."""

from __future__ import annotations

import json
import os
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.core.gallery.query import GalleryQuery
from studio.runtime.gallery import PAGE_SIZE, FavouriteRole, GalleryModel, PathRole


def _picture(path: Path, age: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (64, 48), (200, 80, 40)).save(path)
    os.utime(path, (1_700_000_000 - age, 1_700_000_000 - age))
    return path


def _model(qtbot: QtBot, root: Path, favourites: Path | None = None) -> GalleryModel:
    """A model on `root` whose first sync with the folder has finished."""
    model = GalleryModel(root, root.parent / "index.sqlite3", root.parent / "cache", favourites)
    with qtbot.waitSignal(model.sync_finished, timeout=20_000):
        model.start_sync()
    return model


def _paths(model: GalleryModel) -> list[str]:
    return [model.index(r).data(PathRole) for r in range(model.rowCount())]


def test_pictures_are_listed_newest_first_across_day_folders(qtbot: QtBot, tmp_path: Path) -> None:
    root = tmp_path / "gallery"
    old = _picture(root / "2026-01-01" / "old.png", age=100)
    new = _picture(root / "2026-01-02" / "new.png", age=1)
    _picture(root / "2026-01-02" / ".new.png.tmp.png", age=0)  # a half-written temp file
    model = _model(qtbot, root)

    assert _paths(model) == [str(new), str(old)]
    model.shutdown()


def test_thumbnails_arrive_later_without_blocking(qtbot: QtBot, tmp_path: Path) -> None:
    _picture(tmp_path / "gallery" / "a.png", age=1)
    model = _model(qtbot, tmp_path / "gallery")

    with qtbot.waitSignal(model.dataChanged, timeout=10_000):
        assert model.index(0).data(Qt.ItemDataRole.DecorationRole) is None  # not made yet

    thumbnail = model.index(0).data(Qt.ItemDataRole.DecorationRole)
    assert thumbnail.availableSizes()[0].toTuple() == (160, 120)
    assert list((tmp_path / "cache" / "thumbnails").rglob("*.webp"))  # cached for next time
    model.shutdown()


def test_favourites_are_remembered(qtbot: QtBot, tmp_path: Path) -> None:
    picture = _picture(tmp_path / "gallery" / "a.png", age=1)
    model = _model(qtbot, tmp_path / "gallery")
    assert model.toggle_favourite(picture) is True
    model.shutdown()

    again = GalleryModel(tmp_path / "gallery", tmp_path / "index.sqlite3", tmp_path / "cache")
    again.refresh()  # straight from the index, no sync needed
    assert again.index(0).data(FavouriteRole) is True
    again.shutdown()


def test_old_favourites_file_is_migrated_once(qtbot: QtBot, tmp_path: Path) -> None:
    starred = _picture(tmp_path / "gallery" / "2026-01-01" / "a.png", age=2)
    _picture(tmp_path / "gallery" / "2026-01-01" / "b.png", age=1)
    old_file = tmp_path / "favourites.json"
    old_file.write_text(json.dumps(["a.png", "gone.png"]), encoding="utf-8")

    model = _model(qtbot, tmp_path / "gallery", old_file)

    model.set_query(GalleryQuery(favourites_only=True))
    assert _paths(model) == [str(starred)]
    assert not old_file.exists() and old_file.with_name("favourites.json.migrated").exists()
    model.shutdown()


def test_a_large_gallery_is_read_a_page_at_a_time(qtbot: QtBot, tmp_path: Path) -> None:
    for number in range(PAGE_SIZE + 5):
        _picture(tmp_path / "gallery" / f"p{number:03d}.png", age=number)
    model = _model(qtbot, tmp_path / "gallery")

    assert model.rowCount() == PAGE_SIZE and model.total == PAGE_SIZE + 5
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == PAGE_SIZE + 5 and not model.canFetchMore()
    model.shutdown()


def test_search_and_new_images(qtbot: QtBot, tmp_path: Path) -> None:
    first = _picture(tmp_path / "gallery" / "a.png", age=2)
    model = _model(qtbot, tmp_path / "gallery")
    model.set_tags(first, ["faro", "mar"])

    model.set_query(GalleryQuery(words="faro"))
    assert _paths(model) == [str(first)]
    model.set_query(GalleryQuery(words="bosque"))
    assert model.rowCount() == 0

    model.set_query(GalleryQuery())
    second = _picture(tmp_path / "gallery" / "b.png", age=0)
    model.add(second)
    assert _paths(model) == [str(second), str(first)]
    model.shutdown()


def test_pictures_copied_in_or_deleted_by_hand_show_up_by_themselves(
    qtbot: QtBot, tmp_path: Path
) -> None:
    root = tmp_path / "gallery"
    model = _model(qtbot, root)
    assert model.rowCount() == 0
    copied = _picture(root / "2026-11-26" / "copiada.png", age=5)  # a new day folder too
    qtbot.waitUntil(lambda: _paths(model) == [str(copied)], timeout=10_000)
    extra = _picture(root / "2026-11-26" / "otra.png", age=1)
    qtbot.waitUntil(lambda: _paths(model) == [str(extra), str(copied)], timeout=10_000)
    copied.unlink()
    qtbot.waitUntil(lambda: _paths(model) == [str(extra)], timeout=10_000)
    model.shutdown()
