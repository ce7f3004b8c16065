"""Every state file, damaged four ways (garbage, cut short, empty, wrong JSON types): the part
that reads it still works, keeps what it can, and rewrites a sound file when it next saves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from studio.core.base.devices import DevicePlan
from studio.core.base.paths import app_paths
from studio.core.base.settings import Settings, read_settings
from studio.core.gallery.query import GalleryQuery
from studio.core.gallery.store import GalleryStore
from studio.core.generation.decode import float32_vae_models, remember_float32_vae
from studio.core.generation.recovery import MemoryLadder
from studio.core.models.hashing import model_hash
from studio.core.models.library import (
    load_preflight,
    load_user_models,
    save_preflight,
    save_user_models,
    user_models_file,
)
from studio.core.models.preflight import PreflightReport

DAMAGE = {"garbage": b"\x00\xff\xfe garbage {{{ ]]", "empty": b""}


def _cases(good: bytes, wrong_types: list[object]) -> dict[str, bytes]:
    cases = dict(DAMAGE, truncated=good[: len(good) // 2])
    for number, value in enumerate(wrong_types):
        cases[f"wrong types {number}"] = json.dumps(value).encode()
    return cases


# -- settings.json -------------------------------------------------------------------------------
SETTINGS_GOOD = json.dumps({"default_model": "sd-turbo", "language": "es", "theme": "dark"})
SETTINGS = _cases(
    SETTINGS_GOOD.encode(),
    [[], 5, "text", {"default_model": 5, "language": "es"}, {"lora_folders": [1, 2]}],
)


@pytest.mark.parametrize("case", sorted(SETTINGS))
def test_settings_keep_the_good_values_a_copy_and_a_notice(tmp_path: Path, case: str) -> None:
    file = tmp_path / "settings.json"
    file.write_bytes(SETTINGS[case])
    loaded = read_settings(file)
    assert isinstance(loaded.settings, Settings)
    assert loaded.problem is not None and "settings.json" in loaded.problem.en
    assert loaded.backup is not None and loaded.backup.read_bytes() == SETTINGS[case]
    assert file.read_bytes() == SETTINGS[case]  # reading alone never replaces it
    if case == "truncated":
        assert loaded.settings.default_model == "sd-turbo"  # before the cut: kept
    if case == "wrong types 3":
        assert (loaded.settings.default_model, loaded.settings.language) == ("", "es")


def test_settings_read_twice_keep_one_copy(tmp_path: Path) -> None:
    file = tmp_path / "settings.json"
    file.write_bytes(b"{ broken")
    read_settings(file)
    read_settings(file)
    assert len(list(tmp_path.glob("settings.json.bak*"))) == 1


# -- model_hashes.json ---------------------------------------------------------------------------
HASHES = _cases(b'{"/a|1|2": "abcdef0123", "/b|1|2": "0123456789"}', [[], 5, {"k": 5}])


@pytest.mark.parametrize("case", sorted(HASHES))
def test_model_hash_cache_is_rebuilt(tmp_path: Path, case: str) -> None:
    weights = tmp_path / "model.safetensors"
    weights.write_bytes(b"weights")
    cache = tmp_path / "model_hashes.json"
    cache.write_bytes(HASHES[case])
    assert model_hash(weights, cache) == "9a129038d9"  # sha256(b"weights")[:10]
    assert "9a129038d9" in json.loads(cache.read_text("utf-8")).values()


# -- float32_vae_models.json ---------------------------------------------------------------------
FLOAT32 = _cases(b'["abcdef0123", "0123456789"]', [{}, 5, "abc", [1, None]])


@pytest.mark.parametrize("case", sorted(FLOAT32))
def test_float32_vae_list_is_rebuilt(tmp_path: Path, case: str) -> None:
    store = tmp_path / "float32_vae_models.json"
    store.write_bytes(FLOAT32[case])
    assert isinstance(float32_vae_models(store), set)
    remember_float32_vae(store, "feedbeef00")
    assert "feedbeef00" in float32_vae_models(store)


# -- memory_rungs.json ---------------------------------------------------------------------------
RUNGS = _cases(
    b'[["demo", 512, 512, "vae_tiling"], ["sd", 768, 768, "cpu_offload"]]',
    [{}, 5, [5], [["demo", "x", 1, "vae_tiling"], ["sd", 64, 64, "cpu_offload"]], [None]],
)


@pytest.mark.parametrize("case", sorted(RUNGS))
def test_memory_rungs_keep_the_good_rows(tmp_path: Path, case: str) -> None:
    store = tmp_path / "memory_rungs.json"
    store.write_bytes(RUNGS[case])
    ladder = MemoryLadder(store)
    assert isinstance(ladder.rung_for("demo", 512, 512), str)
    if case == "wrong types 3":
        assert ladder.rung_for("sd", 64, 64) == "cpu_offload"  # the row after a bad one is kept


# -- preflight.json (model library's measured speeds) --------------------------------------------
def _report() -> PreflightReport:
    return PreflightReport("sd15", 512, 512, 4, "cpu", 0.5, 0.2, 0.1, 1.0)


PREFLIGHT = _cases(
    json.dumps(
        {"schema_version": 1, "devices": {"CPU": {"sd15": {"image_seconds": 2.0}}}}
    ).encode(),
    [[], {"devices": []}, {"devices": {"CPU": 5}}, {"devices": {"CPU": {"sd15": 5}}}],
)


@pytest.mark.parametrize("case", sorted(PREFLIGHT))
def test_preflight_cache_is_rebuilt(tmp_path: Path, cpu_plan: DevicePlan, case: str) -> None:
    paths = app_paths(tmp_path / "home")
    paths.cache.mkdir(parents=True)
    (paths.cache / "preflight.json").write_bytes(PREFLIGHT[case].replace(b"CPU", b"X"))
    assert isinstance(load_preflight(paths, cpu_plan), dict)
    save_preflight(paths, cpu_plan, _report())
    assert load_preflight(paths, cpu_plan) == {"sd15": _report().image_seconds}


def test_preflight_cache_with_a_wrong_typed_entry_for_this_device_is_rebuilt(
    tmp_path: Path, cpu_plan: DevicePlan
) -> None:
    paths = app_paths(tmp_path / "home")
    paths.cache.mkdir(parents=True)
    for bad in (5, [], {"sd15": 5}):
        data = {"devices": {cpu_plan.label: bad}}
        (paths.cache / "preflight.json").write_text(json.dumps(data), encoding="utf-8")
        assert load_preflight(paths, cpu_plan) == {}
        save_preflight(paths, cpu_plan, _report())
        assert load_preflight(paths, cpu_plan) == {"sd15": _report().image_seconds}


# -- user_models.json (files added in the Models dialog) -----------------------------------------
USER_MODELS = _cases(
    b'{"schema_version": 1, "files": ["/m/a.safetensors", "/m/b.safetensors"]}',
    [[], {"files": "abc"}, {"files": 5}, {"files": [1, "/m/c.safetensors"]}],
)


@pytest.mark.parametrize("case", sorted(USER_MODELS))
def test_user_model_list_keeps_the_good_entries(tmp_path: Path, case: str) -> None:
    paths = app_paths(tmp_path / "home")
    file = user_models_file(paths)
    file.parent.mkdir(parents=True)
    file.write_bytes(USER_MODELS[case])
    files = load_user_models(paths)
    assert all(isinstance(f, str) and f.endswith(".safetensors") for f in files)
    if case == "wrong types 3":
        assert files == ["/m/c.safetensors"]
    save_user_models(paths, [*files, "/m/d.safetensors"])
    assert load_user_models(paths)[-1] == "/m/d.safetensors"


# -- the gallery index ---------------------------------------------------------------------------
@pytest.mark.parametrize("case", ["garbage", "empty", "truncated"])
def test_gallery_index_is_rebuilt_from_the_folder(tmp_path: Path, case: str) -> None:
    root = tmp_path / "gallery"
    root.mkdir()
    Image.new("RGB", (8, 8)).save(root / "a.png")
    index = tmp_path / "index.sqlite3"
    with GalleryStore(root, index) as store:
        store.sync()
        store.set_favourite(root / "a.png", True)
    data = index.read_bytes()
    index.write_bytes({"garbage": DAMAGE["garbage"] * 100, "empty": b""}.get(case, data[:900]))
    for extra in ("-wal", "-shm"):
        index.with_name(index.name + extra).unlink(missing_ok=True)
    with GalleryStore(root, index) as store:
        store.sync()
        [item] = store.search(GalleryQuery(favourites_only=True))  # from the sidecar
        assert item.path == root / "a.png"


def test_gallery_index_with_wrong_typed_marks_still_opens(tmp_path: Path) -> None:
    import sqlite3

    root = tmp_path / "gallery"
    root.mkdir()
    Image.new("RGB", (8, 8)).save(root / "a.png")
    index = tmp_path / "index.sqlite3"
    with GalleryStore(root, index) as store:
        store.sync()
    with sqlite3.connect(index) as conn:
        conn.execute("UPDATE images SET tags = '{broken', favourite = 'x'")
    with GalleryStore(root, index) as store:
        store.sync()
        store.set_tags(root / "a.png", ["mar"])
        [item] = store.search()
        assert item.tags == ("mar",)
