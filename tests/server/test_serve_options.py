"""Model hashes as A1111 gives them (from the hash cache only), the options clients read, and
a port already in use."""

from __future__ import annotations

import hashlib
import logging
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch
from fastapi.testclient import TestClient
from safetensors.torch import save_file
from serve_support import serve_env

from studio.core.base.paths import AppPaths, app_paths
from studio.core.base.settings import Settings
from studio.core.models.hashing import HASH_CACHE_NAME, model_hash
from studio.server.app import create_app
from studio.server.jobs import JobRunner


class _LoadingEngine:
    def __init__(self) -> None:
        self.loaded: list[str] = []

    def load(self, ref: str) -> None:
        self.loaded.append(ref)

    def unload(self) -> None:
        pass


@pytest.fixture
def checkpoint(tmp_path: Path) -> Path:
    """A tiny single-file SD 1.x checkpoint in another app's models folder."""
    folder = tmp_path / "a1111" / "models" / "Stable-diffusion"
    folder.mkdir(parents=True)
    file = folder / "retrato.safetensors"
    save_file({"cond_stage_model.transformer.weight": torch.arange(64.0)}, str(file))
    return file


@pytest.fixture
def home(tmp_path: Path) -> AppPaths:
    return app_paths(tmp_path / "home")


@pytest.fixture
def engine() -> _LoadingEngine:
    return _LoadingEngine()


@pytest.fixture
def client(home: AppPaths, checkpoint: Path, engine: _LoadingEngine) -> Iterator[TestClient]:
    settings = Settings(model_folders=(str(checkpoint.parent),))
    runner = JobRunner(lambda: engine, home.gallery)  # type: ignore[arg-type, return-value]
    with TestClient(create_app(home, settings, runner, str(checkpoint))) as client:
        yield client


def _entry(client: TestClient, name: str) -> dict[str, object]:
    models = client.get("/sdapi/v1/sd-models").json()
    return next(model for model in models if model["filename"] == name)


def test_sd_models_give_the_a1111_hash_once_lienzo_has_hashed_the_file(
    client: TestClient, home: AppPaths, checkpoint: Path, engine: _LoadingEngine
) -> None:
    before = _entry(client, "retrato.safetensors")
    assert (before["hash"], before["sha256"]) == (None, None)  # never hashed inside a request
    assert before["title"] == "retrato.safetensors"

    model_hash(checkpoint, home.cache / HASH_CACHE_NAME)  # what loading the model does
    full = hashlib.sha256(checkpoint.read_bytes()).hexdigest()
    after = _entry(client, "retrato.safetensors")
    assert (after["hash"], after["sha256"]) == (full[:10], full)
    assert after["title"] == f"retrato.safetensors [{full[:10]}]"
    options = client.get("/sdapi/v1/options").json()
    assert options["sd_model_checkpoint"] == after["title"]
    assert options["sd_checkpoint_hash"] == full

    # The title with its hash, as clients send it back, chooses the model.
    answer = client.post("/sdapi/v1/options", json={"sd_model_checkpoint": after["title"]})
    assert answer.status_code == 200, answer.text
    assert engine.loaded == [str(checkpoint)]


def test_options_clients_read_are_there_and_unknown_ones_are_ignored_with_a_warning(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    options = client.get("/sdapi/v1/options").json()
    expected = {"sd_vae": "Automatic", "CLIP_stop_at_last_layers": 1, "samples_format": "png"}
    assert expected.items() <= options.items()
    assert options["sd_checkpoints_limit"] == 1 and options["enable_pnginfo"] is True

    with caplog.at_level(logging.WARNING, logger="studio.server.routes_info"):
        # Clients often post the whole dict back: what is unchanged passes quietly.
        assert client.post("/sdapi/v1/options", json=options).status_code == 200
        assert not caplog.records
        changed = {"samples_format": "jpg", "no_such_option": True}
        assert client.post("/sdapi/v1/options", json=changed).status_code == 200
    [warning] = caplog.records
    assert "no_such_option" in warning.getMessage() and "samples_format" in warning.getMessage()
    assert client.get("/sdapi/v1/options").json()["samples_format"] == "png"  # nothing changed


def test_a_port_in_use_is_a_clear_message_and_exit_code_2(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        command = [sys.executable, "-m", "studio", "serve", "--port", str(port), "--model", "demo"]
        done = subprocess.run(
            command, env=serve_env(tmp_path), capture_output=True, text=True, timeout=120
        )
    assert done.returncode == 2
    assert f"Port {port} on 127.0.0.1 is already in use" in done.stderr
    assert "--port 7861" in done.stderr and "Traceback" not in done.stderr
