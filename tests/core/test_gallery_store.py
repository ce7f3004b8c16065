"""The gallery index: sync with the folder, search, favourites, tags, trash."""

from __future__ import annotations

import json
import os
import threading
from datetime import date, datetime
from pathlib import Path

import pytest
from PIL import Image

from studio.core.gallery.db import GalleryError
from studio.core.gallery.output import dated_folder, save_image
from studio.core.gallery.query import GalleryQuery
from studio.core.gallery.sidecar import SIDECAR_NAME
from studio.core.gallery.store import GalleryStore, SyncReport
from studio.core.generation.engine import GeneratedImage
from studio.core.generation.request import GenerationRequest
from studio.core.models.source import ModelStamp

WHEN = datetime(2026, 11, 26, 12, 0, 0)


def make_image(
    root: Path, prompt: str = "un gato", when: datetime = WHEN, **changes: object
) -> Path:
    """A PNG saved exactly as the app saves one, in the gallery's dated folder."""
    values: dict[str, object] = dict(
        prompt=prompt, model="demo", seed=7, steps=3, guidance=5.0, width=64, height=64
    )
    values.update(changes)
    request = GenerationRequest(**values)  # type: ignore[arg-type]
    size = (int(values["width"]), int(values["height"]))  # type: ignore[call-overload]
    result = GeneratedImage(
        Image.new("RGB", size, "teal"), request, ModelStamp("demo", "abc123", "sd15"), "cpu", 1.0
    )
    return save_image(result, dated_folder(root, when), when)


def open_store(tmp_path: Path) -> GalleryStore:
    return GalleryStore(tmp_path / "gallery", tmp_path / "data" / "index.sqlite3")


@pytest.fixture
def store(tmp_path: Path) -> GalleryStore:
    (tmp_path / "gallery").mkdir()
    with open_store(tmp_path) as opened:
        yield opened  # type: ignore[misc]


def test_sync_indexes_new_files_newest_first(store: GalleryStore) -> None:
    old = make_image(store.root, "viejo", datetime(2026, 1, 1, 9, 0, 0), seed=1)
    new = make_image(store.root, "nuevo", datetime(2026, 3, 1, 9, 0, 0), seed=2)
    assert store.sync() == SyncReport(added=2)
    items = store.search()
    assert [item.path for item in items] == [new, old]
    assert items[0].prompt == "nuevo" and items[0].seed == 2 and items[0].model == "demo"
    assert items[0].settings is not None and items[0].settings.steps == 3
    assert (items[0].width, items[0].height) == (64, 64)


def test_second_sync_reads_nothing_unchanged(store: GalleryStore) -> None:
    make_image(store.root)
    store.sync()
    assert store.sync() == SyncReport()


def test_files_deleted_or_changed_by_hand_are_picked_up(store: GalleryStore) -> None:
    first = make_image(store.root, "uno", seed=1)
    second = make_image(store.root, "dos", seed=2)
    store.sync()
    first.unlink()
    Image.new("RGB", (32, 16)).save(second)  # edited in another program: no settings now
    report = store.sync()
    assert (report.removed, report.updated) == (1, 1)
    [item] = store.search()
    assert item.path == second and (item.width, item.height) == (32, 16) and item.prompt == ""


def test_images_copied_in_from_other_tools_are_indexed(store: GalleryStore) -> None:
    source = Path(__file__).parent.parent / "data" / "metadata" / "AUTOMATIC1111"
    copied = store.root / "imported" / "a1111.png"
    copied.parent.mkdir()
    copied.write_bytes((source / "automatic1111_cropped.png").read_bytes())
    store.sync()
    [item] = store.search()
    assert item.generator == "AUTOMATIC1111" and item.prompt
    assert item.created.timestamp() == pytest.approx(copied.stat().st_mtime)


def test_search_filters_combine(store: GalleryStore) -> None:
    make_image(store.root, "un gato en el corazón", seed=1, negative_prompt="borroso")
    make_image(store.root, "un perro", seed=2, width=64, height=128)
    make_image(store.root, "un gato gris", seed=3, when=datetime(2025, 5, 5, 5, 5, 5))
    store.sync()

    def seeds(**query: object) -> list[int | None]:
        return [item.seed for item in store.search(GalleryQuery(**query))]  # type: ignore[arg-type]

    assert seeds(words="gato") == [1, 3]
    assert seeds(words="GAT corazon") == [1]  # prefixes, any case, accents ignored
    assert seeds(negative="borroso") == [1]
    assert seeds(seed=2) == [2]
    assert seeds(width=64, height=128) == [2]
    assert seeds(since=date(2026, 1, 1)) == [1, 2]
    assert seeds(until=date(2025, 5, 5)) == [3]
    assert seeds(words="gato", since=date(2026, 1, 1)) == [1]
    assert seeds(model="DEM") == [1, 2, 3]
    assert seeds(model="sdxl") == []


def test_search_survives_any_typed_text(store: GalleryStore) -> None:
    make_image(store.root, 'dice "hola" *NEAR* (a OR b)')
    store.sync()
    for text in ('"', "*", "(", "NEAR", "a OR", "-", "'", "%", "_", "\\", "🐱", "hola"):
        store.search(GalleryQuery(words=text))  # as the user types: never an exception
    assert store.count(GalleryQuery(words='"hola"')) == 1
    assert store.count(GalleryQuery(words="100%")) == 0


def test_pages_cover_everything_once(store: GalleryStore) -> None:
    for second in range(7):
        make_image(store.root, when=datetime(2026, 1, 1, 0, 0, second), seed=second)
    store.sync()
    pages = [store.search(limit=3, offset=offset) for offset in (0, 3, 6)]
    assert [[i.seed for i in page] for page in pages] == [[6, 5, 4], [3, 2, 1], [0]]
    assert store.count() == 7


def test_large_seeds_round_trip(store: GalleryStore) -> None:
    make_image(store.root, seed=2**64 - 1)
    store.sync()
    assert [i.seed for i in store.search(GalleryQuery(seed=2**64 - 1))] == [2**64 - 1]


def test_favourites_and_tags_are_saved_beside_the_images(store: GalleryStore) -> None:
    path = make_image(store.root)
    store.sync()
    assert store.toggle_favourite(path) is True
    assert store.set_tags(path, ["  paisaje  ", "paisaje", "", "mar  azul"]) == (
        "paisaje",
        "mar azul",
    )
    assert [i.path for i in store.search(GalleryQuery(favourites_only=True))] == [path]
    assert store.count(GalleryQuery(tag="mar azul")) == 1
    assert store.count(GalleryQuery(words="paisaje")) == 1  # words also match tags
    sidecar = json.loads((path.parent / SIDECAR_NAME).read_text("utf-8"))
    assert sidecar["images"][path.name] == {"favourite": True, "tags": ["paisaje", "mar azul"]}
    store.set_favourite(path, False)
    store.set_tags(path, [])
    assert not (path.parent / SIDECAR_NAME).exists()


def test_marking_an_unknown_file_says_so(store: GalleryStore, tmp_path: Path) -> None:
    with pytest.raises(GalleryError, match="not in the gallery"):
        store.set_favourite(store.root / "nope.png", True)
    with pytest.raises(GalleryError, match="not inside the gallery folder"):
        store.set_favourite(tmp_path / "elsewhere.png", True)


def test_add_indexes_one_new_file_at_once(store: GalleryStore) -> None:
    path = make_image(store.root, "recién hecho")
    item = store.add(path)
    assert item is not None and item.prompt == "recién hecho"
    assert store.sync() == SyncReport()


def test_trash_moves_the_file_and_forgets_it(
    store: GalleryStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import send2trash.plat_other as trash_module

    trash = tmp_path / "xdg" / "Trash"
    monkeypatch.setattr(trash_module, "XDG_DATA_HOME", os.fsencode(tmp_path / "xdg"))
    monkeypatch.setattr(trash_module, "HOMETRASH_B", os.fsencode(trash))
    keep, gone = make_image(store.root, "queda", seed=1), make_image(store.root, "va", seed=2)
    store.sync()
    store.set_favourite(gone, True)
    assert store.trash([gone]) == [gone]
    assert not gone.exists() and (trash / "files" / gone.name).exists()
    assert [i.path for i in store.search()] == [keep]
    assert not (gone.parent / SIDECAR_NAME).exists()


def test_trash_failure_keeps_the_file_and_its_row(
    store: GalleryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import send2trash

    path = make_image(store.root)
    store.sync()

    def refuse(_path: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(send2trash, "send2trash", refuse)
    with pytest.raises(GalleryError, match="could not be moved to the trash"):
        store.trash([path])
    assert path.exists() and store.count() == 1


def test_sync_can_be_cancelled_and_resumed(store: GalleryStore) -> None:
    for second in range(3):
        make_image(store.root, when=datetime(2026, 1, 1, 0, 0, second), seed=second)
    cancel = threading.Event()
    cancel.set()
    assert store.sync(cancel=cancel).cancelled
    seen: list[tuple[int, int]] = []
    assert store.sync(on_progress=lambda done, total: seen.append((done, total))).added == 3
    assert seen == [(3, 3)]


def test_pointing_the_index_at_another_folder_starts_over(tmp_path: Path) -> None:
    index = tmp_path / "index.sqlite3"
    with GalleryStore(tmp_path / "a", index) as first:
        make_image(first.root)
        first.sync()
    with GalleryStore(tmp_path / "b", index) as second:
        assert second.count() == 0
