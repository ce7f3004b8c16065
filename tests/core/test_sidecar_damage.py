"""A damaged favourites file (.lienzo-gallery.json) loses no favourite or tag that is known."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from test_gallery_store import WHEN, make_image, open_store

from studio.core.gallery.query import GalleryQuery
from studio.core.gallery.sidecar import SIDECAR_NAME, read_sidecar_state


def _marked_gallery(tmp_path: Path) -> list[Path]:
    """Four images, the first three starred, the second one tagged too."""
    (tmp_path / "gallery").mkdir(exist_ok=True)
    with open_store(tmp_path) as store:
        paths = [
            make_image(store.root, f"imagen {n}", WHEN + timedelta(seconds=n), seed=n)
            for n in range(4)
        ]
        store.sync()
        for path in paths[:3]:
            store.set_favourite(path, True)
        store.set_tags(paths[1], ["mar"])
    return paths


def _favourites(tmp_path: Path) -> dict[str, tuple[str, ...]]:
    with open_store(tmp_path) as store:
        store.sync()
        found = store.search(GalleryQuery(favourites_only=True))
        return {item.path.name: item.tags for item in found}


def _delete_index(tmp_path: Path) -> None:
    for file in (tmp_path / "data").iterdir():
        file.unlink()


def test_index_rebuilt_while_the_sidecar_is_cut_short_keeps_marks_and_a_copy(
    tmp_path: Path,
) -> None:
    paths = _marked_gallery(tmp_path)
    sidecar = paths[0].parent / SIDECAR_NAME
    data = sidecar.read_bytes()
    cut = data[: data.index(paths[2].name.encode()) + 5]  # entries 0 and 1 complete, 2 cut
    sidecar.write_bytes(cut)
    _delete_index(tmp_path)

    with open_store(tmp_path) as store:
        store.sync()  # the index is rebuilt while the sidecar is damaged
        store.set_favourite(paths[3], True)  # a star set afterwards rewrites the sidecar

    expected = {paths[0].name: (), paths[1].name: ("mar",), paths[3].name: ()}
    assert _favourites(tmp_path) == expected
    (copy,) = paths[0].parent.glob(SIDECAR_NAME + ".bak-*")
    assert copy.read_bytes() == cut  # the damaged file is kept before it is replaced
    assert read_sidecar_state(paths[0].parent)[1] is False  # sound again
    _delete_index(tmp_path)
    assert _favourites(tmp_path) == expected  # and a later rebuild keeps them too


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\xff garbage {{{",
        b'{"schema_version": 1, "images": {"',
        b"[]",
        b"5",
        b'{"images": []}',
        b'{"images": {"x.png": 5}}',
        b'{"images": "text"}',
    ],
    ids=["empty", "garbage", "truncated", "list", "number", "images list", "entry", "text"],
)
def test_a_damaged_sidecar_is_repaired_from_the_index_at_the_next_sync(
    tmp_path: Path, content: bytes
) -> None:
    paths = _marked_gallery(tmp_path)
    sidecar = paths[0].parent / SIDECAR_NAME
    sidecar.write_bytes(content)

    before = _favourites(tmp_path)  # the index still has them; the sync repairs the file

    expected = {paths[0].name: (), paths[1].name: ("mar",), paths[2].name: ()}
    assert before == expected
    (copy,) = paths[0].parent.glob(SIDECAR_NAME + ".bak-*")
    assert copy.read_bytes() == content
    marks = json.loads(sidecar.read_text("utf-8"))["images"]
    assert sorted(marks) == sorted(expected)
    _delete_index(tmp_path)
    assert _favourites(tmp_path) == expected  # a rebuild after the repair loses nothing


def test_a_sidecar_damaged_again_gets_a_new_copy_and_never_overwrites_the_old_one(
    tmp_path: Path,
) -> None:
    paths = _marked_gallery(tmp_path)
    sidecar = paths[0].parent / SIDECAR_NAME
    for garbage in (b"first damage", b"second damage"):
        sidecar.write_bytes(garbage)
        _favourites(tmp_path)
    copies = sorted(p.read_bytes() for p in paths[0].parent.glob(SIDECAR_NAME + ".bak-*"))
    assert copies == [b"first damage", b"second damage"]
