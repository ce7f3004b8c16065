"""Models already in the Hugging Face cache: list them with disk use, verify them, delete them.

Everything here works offline: listing reads the cache folder, and verification compares the
files with the checksums huggingface_hub cached when it downloaded them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from studio.core.base.errors import ModelError
from studio.core.models.catalog import catalog_entry
from studio.core.models.downloads import hf_cache_dir, unreachable
from studio.core.models.repo_files import download_patterns

if TYPE_CHECKING:
    from huggingface_hub import CachedRepoInfo, CachedRevisionInfo
    from huggingface_hub.hf_api import RepoFile

_WEIGHT_FOLDERS = (
    "unet",
    "vae",
    "text_encoder",
    "text_encoder_2",
    "text_encoder_3",
    "transformer",
)


@dataclass(frozen=True)
class InstalledModel:
    """A model repo in the HF cache; `complete` is False for a cancelled or cut download."""

    repo_id: str
    path: Path
    size_on_disk: int
    complete: bool


@dataclass(frozen=True)
class Verification:
    """The result of checking a model's files against the hub's checksums."""

    repo_id: str
    checked: int
    corrupted: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.checked > 0 and not self.corrupted


def installed_models(cache_dir: Path | None = None) -> list[InstalledModel]:
    """Every model repo in the cache (newest snapshot each), with its disk use."""
    from huggingface_hub import scan_cache_dir

    folder = hf_cache_dir(cache_dir)
    if not folder.is_dir():
        return []
    found = []
    for repo in scan_cache_dir(folder).repos:
        revision = _newest(repo)
        if repo.repo_type != "model" or revision is None:
            continue
        complete = is_complete(repo.repo_id, revision.snapshot_path, folder)
        found.append(
            InstalledModel(repo.repo_id, revision.snapshot_path, repo.size_on_disk, complete)
        )
    return sorted(found, key=lambda m: m.repo_id.lower())


def _newest(repo: CachedRepoInfo) -> CachedRevisionInfo | None:
    return max(repo.revisions, key=lambda r: r.last_modified, default=None)


def is_complete(repo_id: str, snapshot: Path, cache_dir: Path | None = None) -> bool:
    """Whether a snapshot holds every file one of the download patterns asked for."""
    remote = _cached_tree(repo_id, snapshot.name, hf_cache_dir(cache_dir))
    if remote is None:  # downloaded by another tool: judge by the files themselves
        return _looks_complete(snapshot)
    from huggingface_hub.utils import filter_repo_objects

    for patterns in _pattern_sets(repo_id):
        expected = list(filter_repo_objects(remote, allow_patterns=patterns))
        # A pattern set that matches no weights (fp16 patterns on a repo without fp16 files)
        # would be "complete" with configs alone: a cancelled download is not installed.
        has_weights = any(name.endswith(".safetensors") for name in expected)
        if has_weights and all((snapshot / name).is_file() for name in expected):
            return True
    return False


def _pattern_sets(repo_id: str) -> list[list[str]]:
    entry = catalog_entry(repo_id)
    if entry is not None and entry.kind != "pipeline":
        return [entry.patterns(True)]
    return [download_patterns(True), download_patterns(False)]


def _looks_complete(snapshot: Path) -> bool:
    if not (snapshot / "model_index.json").is_file():
        return any(snapshot.glob("*.safetensors"))
    # Every component the pipeline names must have its weights, not only those present.
    try:
        index = json.loads((snapshot / "model_index.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    needed = [
        name
        for name in _WEIGHT_FOLDERS
        if isinstance(index.get(name), list) and index[name][0] is not None
    ]
    return bool(needed) and all(any((snapshot / n).glob("*.safetensors")) for n in needed)


def _cached_tree(repo_id: str, commit: str, cache_dir: Path) -> dict[str, RepoFile] | None:
    from huggingface_hub import get_cached_repo_tree
    from huggingface_hub.errors import CachedRepoTreeNotFoundError

    try:
        files = get_cached_repo_tree(repo_id, revision=commit, cache_dir=cache_dir)
    except CachedRepoTreeNotFoundError:
        return None
    return {f.path: f for f in files}


def find_installed(repo_id: str, cache_dir: Path | None = None) -> InstalledModel:
    """The installed copy of `repo_id`, or a ModelError saying it is not downloaded."""
    for model in installed_models(cache_dir):
        if model.repo_id.lower() == repo_id.lower():
            return model
    raise ModelError(
        f"{repo_id!r} is not downloaded (nothing in {hf_cache_dir(cache_dir)}).",
        f"{repo_id!r} no está descargado (no hay nada en {hf_cache_dir(cache_dir)}).",
    )


def delete_model(repo_id: str, cache_dir: Path | None = None) -> int:
    """Delete every cached revision of `repo_id`; return the bytes freed."""
    from huggingface_hub import scan_cache_dir

    find_installed(repo_id, cache_dir)
    info = scan_cache_dir(hf_cache_dir(cache_dir))
    hashes = [
        rev.commit_hash
        for repo in info.repos
        if repo.repo_id.lower() == repo_id.lower() and repo.repo_type == "model"
        for rev in repo.revisions
    ]
    strategy = info.delete_revisions(*hashes)
    strategy.execute()
    return strategy.expected_freed_size


def verify_model(repo_id: str, cache_dir: Path | None = None) -> Verification:
    """Check each downloaded file's SHA-256 (or git hash) against the hub's listing."""
    from huggingface_hub.utils._verification import compute_file_hash

    model = find_installed(repo_id, cache_dir)
    remote = _cached_tree(model.repo_id, model.path.name, hf_cache_dir(cache_dir))
    if remote is None:
        remote = _remote_tree(model.repo_id, model.path.name)
    local = {p.relative_to(model.path).as_posix(): p for p in model.path.rglob("*") if p.is_file()}
    bad: list[str] = []
    for name in sorted(set(local) & set(remote)):
        algorithm, expected = _expected_hash(remote[name])
        if compute_file_hash(local[name], algorithm) != expected:  # type: ignore[arg-type]
            bad.append(name)
    return Verification(model.repo_id, len(set(local) & set(remote)), tuple(bad))


def _expected_hash(entry: RepoFile) -> tuple[str, str]:
    if entry.lfs is not None:
        return "sha256", entry.lfs.sha256.lower()
    return "git-sha1", entry.blob_id.lower()


def _remote_tree(repo_id: str, commit: str) -> dict[str, RepoFile]:
    from huggingface_hub import HfApi
    from huggingface_hub.hf_api import RepoFile

    try:
        tree = HfApi().list_repo_tree(repo_id, recursive=True, revision=commit)
        return {f.path: f for f in tree if isinstance(f, RepoFile)}
    except (OSError, ConnectionError) as exc:
        raise unreachable(repo_id, exc) from exc


def repair_files(repo_id: str, names: tuple[str, ...], cache_dir: Path | None = None) -> None:
    """Download the named (corrupted) files again over the cached copies."""
    from huggingface_hub import hf_hub_download

    model = find_installed(repo_id, cache_dir)
    for name in names:
        hf_hub_download(
            model.repo_id,
            name,
            revision=model.path.name,
            cache_dir=hf_cache_dir(cache_dir),
            force_download=True,
        )
