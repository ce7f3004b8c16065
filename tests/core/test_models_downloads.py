"""Downloads against a fake hub on 127.0.0.1: progress, cancel, resume, disk full, verify."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakehub import FakeHub, folder_files

from studio.core.base.devices import DevicePlan
from studio.core.base.errors import ModelError
from studio.core.base.paths import AppPaths
from studio.core.base.progress import CancelToken
from studio.core.generation.engine import Engine
from studio.core.generation.request import GenerationRequest
from studio.core.models.demo import demo_model_dir
from studio.core.models.downloads import (
    DownloadCancelled,
    DownloadProgress,
    download,
    plan_download,
)
from studio.core.models.hf_cache import delete_model, installed_models, repair_files, verify_model
from studio.core.models.repo_files import download_patterns

REPO = "acme/tiny-sd"
UNET = "unet/diffusion_pytorch_model.safetensors"
PATTERNS = download_patterns(half_precision=False)


@pytest.fixture(scope="module")
def repo_files(paths: AppPaths) -> dict[str, bytes]:
    return folder_files(demo_model_dir(paths.models_cache))


@pytest.fixture
def hub(
    repo_files: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakeHub]:
    """A running fake hub that huggingface_hub talks to, with a fresh HF_HOME and cache."""
    from huggingface_hub import constants

    fake = FakeHub({REPO: dict(repo_files)}).start()
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    monkeypatch.setattr(constants, "ENDPOINT", fake.url)
    monkeypatch.setattr(constants, "DOWNLOAD_CHUNK_SIZE", 65536)  # real files are GBs, ours MBs
    template = fake.url + "/{repo_id}/resolve/{revision}/{filename}"
    monkeypatch.setattr(constants, "HUGGINGFACE_CO_URL_TEMPLATE", template)
    yield fake
    fake.stop()


def _downloaded_bytes(hub: FakeHub) -> list[str]:
    return [r for r in hub.requests if r.startswith("GET") and "/resolve/" in r]


def test_plan_shows_size_before_anything_is_written(hub: FakeHub, tmp_path: Path) -> None:
    plan = plan_download(REPO, PATTERNS)
    assert plan.missing_bytes == plan.total_bytes > len(hub.repos[REPO][UNET])
    assert UNET in dict(plan.files)
    assert "lienzo_demo.json" not in dict(plan.files)  # only what a pipeline needs
    assert not _downloaded_bytes(hub)
    assert installed_models() == []


def test_progress_reaches_100_percent_without_touching_stderr(
    hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports: list[DownloadProgress] = []
    with monkeypatch.context() as patch:
        patch.setattr(sys, "stderr", None)  # as in a windowed build
        folder = download(REPO, PATTERNS, on_progress=reports.append)
    assert reports[-1].fraction == 1.0
    assert [r.done for r in reports] == sorted(r.done for r in reports)
    assert (folder / UNET).read_bytes() == hub.repos[REPO][UNET]
    [model] = installed_models()
    assert model.repo_id == REPO and model.complete and model.size_on_disk > 4 * 10**6


def test_cancel_leaves_no_model_marked_installed(hub: FakeHub) -> None:
    hub.chunk_delay = 0.02
    cancel = CancelToken()

    def on_progress(progress: DownloadProgress) -> None:
        if progress.done > 0:
            cancel.cancel()

    with pytest.raises(DownloadCancelled):
        download(REPO, PATTERNS, on_progress=on_progress, cancel=cancel)
    models = installed_models()
    assert all(not m.complete for m in models)
    cache = Path(installed_models()[0].path).parents[2] if models else None
    if cache is not None:
        assert not list(cache.rglob("*.incomplete"))


def test_dropped_connection_resumes_and_file_is_intact(hub: FakeHub) -> None:
    hub.drop_after[UNET] = 100_000
    folder = download(REPO, PATTERNS)
    assert (folder / UNET).read_bytes() == hub.repos[REPO][UNET]
    assert f"GET /{REPO}/resolve/" in " ".join(r for r in hub.requests if r.endswith("(range)"))
    assert verify_model(REPO).ok


def test_disk_full_is_refused_before_downloading(
    hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        shutil, "disk_usage", lambda _: shutil._ntuple_diskusage(10**9, 10**9, 1000)
    )  # type: ignore[attr-defined]
    with pytest.raises(ModelError, match="Not enough disk space") as caught:
        download(REPO, PATTERNS)
    assert "No hay espacio suficiente" in caught.value.es
    assert not _downloaded_bytes(hub)
    assert installed_models() == []


def test_verify_detects_a_corrupted_file_and_repair_fixes_it(hub: FakeHub) -> None:
    folder = download(REPO, PATTERNS)
    blob = (folder / UNET).resolve()
    blob.write_bytes(b"\0" * blob.stat().st_size)  # same size: only a checksum can tell
    result = verify_model(REPO)
    assert result.corrupted == (UNET,) and not result.ok
    repair_files(REPO, result.corrupted)
    assert verify_model(REPO).ok


def test_unreachable_hub_gives_a_clear_message_and_listing_still_works(
    hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    from huggingface_hub import constants

    download(REPO, PATTERNS)
    monkeypatch.setattr(constants, "ENDPOINT", "http://127.0.0.1:9")  # nothing listens there
    with pytest.raises(ModelError, match="Cannot reach Hugging Face") as caught:
        download("acme/other", PATTERNS)
    assert "No se puede conectar" in caught.value.es
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(ModelError, match="Cannot reach Hugging Face"):
        plan_download("acme/other", PATTERNS)
    assert [m.repo_id for m in installed_models()] == [REPO]
    assert verify_model(REPO).ok  # checksums were cached at download time


def test_unknown_repo_and_delete(hub: FakeHub) -> None:
    with pytest.raises(ModelError, match="does not exist"):
        download("acme/missing", PATTERNS)
    download(REPO, PATTERNS)
    assert delete_model(REPO) > 4 * 10**6
    assert installed_models() == []
    with pytest.raises(ModelError, match="not downloaded"):
        delete_model(REPO)


def test_cli_download_list_verify_delete(
    hub: FakeHub, paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse

    from studio.cli.models import register, run
    from studio.core.base.settings import Settings

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))

    def cli(*argv: str) -> int:
        return run(parser.parse_args(["models", "--device", "cpu", *argv]), paths, Settings())

    assert cli("download", REPO) == 0
    out = capsys.readouterr().out
    assert "MB to download" in out and "100.0%" in out
    assert cli("list") == 0 and REPO in capsys.readouterr().out
    assert cli("verify", REPO) == 0 and "all correct" in capsys.readouterr().out
    assert cli("delete", REPO) == 0 and "freed" in capsys.readouterr().out


def test_a_gated_repo_says_how_to_get_access_and_the_saved_token_opens_it(
    hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studio.core.models import downloads

    hub.gated[REPO] = "hf_accepted"
    monkeypatch.setattr(downloads, "hub_token", lambda: None)
    with pytest.raises(ModelError, match="gated model") as refused:
        download(REPO, PATTERNS)
    assert "studio models token" in str(refused.value)
    assert f"https://huggingface.co/{REPO}" in str(refused.value)
    monkeypatch.setattr(downloads, "hub_token", lambda: "hf_accepted")
    folder = download(REPO, PATTERNS)
    assert (folder / UNET).is_file()


def test_the_hub_token_is_kept_in_the_keyring_and_refused_without_one() -> None:
    import keyring
    from keyring.backend import KeyringBackend
    from keyring.backends import null

    class MemoryKeyring(KeyringBackend):  # what a desktop keyring does, minus the disk
        priority = 1  # type: ignore[assignment]
        stored: dict[tuple[str, str], str] = {}  # noqa: RUF012 - one test, one instance

        def get_password(self, service: str, user: str) -> str | None:
            return self.stored.get((service, user))

        def set_password(self, service: str, user: str, password: str) -> None:
            self.stored[(service, user)] = password

        def delete_password(self, service: str, user: str) -> None:
            self.stored.pop((service, user), None)

    from studio.core.models.downloads import TOKEN_SERVICE, hub_token, save_hub_token

    before = keyring.get_keyring()
    try:
        ring = MemoryKeyring()
        keyring.set_keyring(ring)
        save_hub_token("  hf_abc123 \n")
        assert hub_token() == "hf_abc123"
        assert ring.stored == {(TOKEN_SERVICE, "huggingface.co"): "hf_abc123"}
        with pytest.raises(ModelError, match="does not look like"):
            save_hub_token("hf_a hf_b")
        save_hub_token("")  # forget
        assert hub_token() is None and ring.stored == {}
        keyring.set_keyring(null.Keyring())
        with pytest.raises(ModelError, match="hf auth login"):
            save_hub_token("hf_abc123")
        assert hub_token() is None
    finally:
        keyring.set_keyring(before)


def test_a_flux_repo_downloads_what_its_pipeline_needs_and_generates(
    hub: FakeHub, tmp_path: Path, paths: AppPaths, cpu_plan: DevicePlan
) -> None:
    from flow_support import build_tiny_flux

    build_tiny_flux().save_pretrained(tmp_path / "flux")
    files = folder_files(tmp_path / "flux")
    files["flux1-schnell.safetensors"] = b"the same transformer again, as one file"
    hub.repos["acme/tiny-FLUX.1-schnell"] = files
    engine = Engine(paths, cpu_plan)
    request = GenerationRequest("a fox", model="acme/tiny-FLUX.1-schnell", seed=1, steps=1,
                                guidance=0.0, width=64, height=64, sampler="Euler")  # fmt: skip
    result = next(iter(engine.generate(request)))
    assert result.image.size == (64, 64) and result.model.family == "flux-schnell"
    fetched = {r.split("/resolve/")[1].split("/", 1)[1] for r in _downloaded_bytes(hub)}
    assert "tokenizer_2/tokenizer.json" in fetched and "text_encoder_2/config.json" in fetched
    assert "flux1-schnell.safetensors" not in fetched  # the duplicate single file is skipped
    engine.unload()
