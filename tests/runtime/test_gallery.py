"""The gallery model: what is on disk, newest first, thumbnails from a pool thread."""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.runtime.gallery import FavouriteRole, GalleryModel, PathRole


def _picture(path: Path, age: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (64, 48), (200, 80, 40)).save(path)
    os.utime(path, (1_700_000_000 - age, 1_700_000_000 - age))
    return path


def test_pictures_are_listed_newest_first_across_day_folders(tmp_path: Path) -> None:
    old = _picture(tmp_path / "2026-01-01" / "old.png", age=100)
    new = _picture(tmp_path / "2026-01-02" / "new.png", age=1)
    _picture(tmp_path / "2026-01-02" / ".new.png.tmp.png", age=0)  # a half-written temp file
    model = GalleryModel(tmp_path, tmp_path / "fav.json")
    model.refresh()

    assert [model.index(r).data(PathRole) for r in range(model.rowCount())] == [str(new), str(old)]
    model.shutdown()


def test_thumbnails_arrive_later_without_blocking(qtbot: QtBot, tmp_path: Path) -> None:
    _picture(tmp_path / "a.png", age=1)
    model = GalleryModel(tmp_path, tmp_path / "fav.json")
    model.refresh()

    with qtbot.waitSignal(model.dataChanged, timeout=10_000):
        assert model.index(0).data(Qt.ItemDataRole.DecorationRole) is None  # not made yet

    thumbnail = model.index(0).data(Qt.ItemDataRole.DecorationRole)
    assert thumbnail.availableSizes()[0].toTuple() == (160, 120)
    model.shutdown()


def test_favourites_are_remembered(tmp_path: Path) -> None:
    picture = _picture(tmp_path / "a.png", age=1)
    model = GalleryModel(tmp_path, tmp_path / "fav.json")
    model.refresh()
    assert model.toggle_favourite(picture) is True

    again = GalleryModel(tmp_path, tmp_path / "fav.json")
    again.refresh()
    assert again.index(0).data(FavouriteRole) is True
