"""A1111Backend against a REAL `studio serve` subprocess (demo model on CPU): txt2img,
img2img, inpainting, LoRA tags, progress with previews, cancel within a step, a server killed
mid-job, refusals that name the model."""

from __future__ import annotations

import os
import random
import signal
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import keyring
import pytest
from a1111_serve import PASSWORD, USER, RunningServer, serve
from inpaint_case import half_masked, kept_right_half, redrew_left_half
from keyring.backends import fail
from PIL import Image
from test_a1111_cancel import post_threads_end

from studio.core.backends.a1111 import A1111Backend
from studio.core.backends.base import ServerError
from studio.core.backends.server_types import Credentials, auth_headers
from studio.core.backends.servers import ServerList, backend_for, probe
from studio.core.base.errors import GenerationCancelled
from studio.core.base.paths import AppPaths, app_paths
from studio.core.base.progress import CancelToken, StepProgress
from studio.core.generation.request import GenerationRequest
from studio.core.models.demo import demo_model_dir

pytestmark = pytest.mark.slow
SMALL = GenerationRequest(prompt="un faro", seed=7, steps=2, width=64, height=64, guidance=5)
HEADERS = auth_headers(Credentials(USER, PASSWORD))


@pytest.fixture(scope="module")
def server(session_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    log = tmp_path_factory.mktemp("a1111") / "serve.log"
    with serve(session_home, log) as (running, _process):
        yield running


@pytest.fixture
def backend(server: RunningServer) -> Iterator[A1111Backend]:
    made = A1111Backend(f"http://127.0.0.1:{server.port}", HEADERS, name="box", poll_interval=0.05)
    yield made
    made.close()


def test_txt2img_batch_gives_one_picture_per_seed_named_after_the_server(
    backend: A1111Backend,
) -> None:
    results = list(backend.generate(GenerationRequest(**{**SMALL.to_dict(), "count": 2})))
    assert [r.request.seed for r in results] == [7, 8]
    assert [r.image.size for r in results] == [(64, 64), (64, 64)]
    assert all(r.device == "box" for r in results)
    assert results[0].model.name  # the server's model, from its info
    assert results[0].image.tobytes() != results[1].image.tobytes()


def test_the_same_seed_gives_the_same_picture(backend: A1111Backend) -> None:
    first = next(iter(backend.generate(SMALL)))
    again = next(iter(backend.generate(SMALL)))
    assert first.image.tobytes() == again.image.tobytes()


def _noise(path: Path, seed: int) -> str:
    """A textured picture (the demo model's random VAE cannot tell flat colours apart)."""
    Image.frombytes("RGB", (64, 64), random.Random(seed).randbytes(64 * 64 * 3)).save(path)
    return str(path)


def test_img2img_starts_from_the_uploaded_picture(backend: A1111Backend, tmp_path: Path) -> None:
    pictures = []
    for seed in (1, 2, 1):
        source = _noise(tmp_path / f"noise-{seed}.png", seed)
        request = GenerationRequest(**{**SMALL.to_dict(), "init_image": source, "strength": 0.5})
        result = next(iter(backend.generate(request)))
        assert result.request.init_image == source
        pictures.append(result.image.tobytes())
    plain = next(iter(backend.generate(SMALL))).image.tobytes()
    assert pictures[0] != pictures[1]  # the picture sent is the one redrawn
    assert pictures[0] == pictures[2]
    assert plain not in pictures


def test_inpainting_redraws_only_the_masked_half(backend: A1111Backend, tmp_path: Path) -> None:
    request = half_masked(SMALL, tmp_path)
    result = next(iter(backend.generate(request)))
    assert kept_right_half(result.image) and redrew_left_half(result.image)
    assert result.mask is not None and result.mask.size == (64, 64)


def test_a_lora_tag_reaches_the_server_and_changes_the_picture(
    backend: A1111Backend, paths: AppPaths
) -> None:
    sys.path.insert(0, str(Path(__file__).parents[1]))
    from demo_lora import make_demo_lora

    folder = paths.data / "loras"
    folder.mkdir(parents=True, exist_ok=True)
    make_demo_lora(demo_model_dir(paths.models_cache), folder / "Remote-Style.safetensors")
    plain = next(iter(backend.generate(SMALL)))
    styled = next(iter(backend.generate(replace(SMALL, prompt="un faro <lora:remote-style:1>"))))
    assert styled.request.prompt == "un faro <lora:remote-style:1>"  # as the user wrote it
    assert styled.image.tobytes() != plain.image.tobytes()


def test_progress_reports_steps_and_previews(backend: A1111Backend) -> None:
    seen: list[StepProgress] = []
    request = GenerationRequest(**{**SMALL.to_dict(), "steps": 8, "width": 128, "height": 128})
    list(backend.generate(request, seen.append, preview=True))
    assert seen, "no progress was reported"
    assert all(0 < p.step <= p.total_steps == 8 for p in seen)
    assert [p.step for p in seen] == sorted({p.step for p in seen})
    assert any(p.preview is not None for p in seen)


def test_cancel_stops_the_job_within_a_step(backend: A1111Backend) -> None:
    cancel = CancelToken()
    steps: list[int] = []

    def on_step(progress: StepProgress) -> None:
        steps.append(progress.step)
        if progress.step >= 2:
            cancel.cancel()

    request = GenerationRequest(**{**SMALL.to_dict(), "steps": 150, "width": 256, "height": 256})
    with pytest.raises(GenerationCancelled):
        list(backend.generate(request, on_step, cancel))
    assert max(steps) < 100
    assert post_threads_end(), "the dropped POST's thread is still running"
    # The server is free again: the next job runs.
    assert next(iter(backend.generate(SMALL))).image.size == (64, 64)


def test_an_unknown_model_is_named_and_not_retried(backend: A1111Backend) -> None:
    request = GenerationRequest(**{**SMALL.to_dict(), "model": "juggernaut-xl"})
    error = _failure(backend, request)
    assert "juggernaut-xl" in error.en and "juggernaut-xl" in error.es
    assert error.retry is False


def test_an_unknown_lora_is_named_and_not_retried(backend: A1111Backend) -> None:
    request = GenerationRequest(**{**SMALL.to_dict(), "prompt": "x <lora:no-such-style:0.8>"})
    error = _failure(backend, request)
    assert "no-such-style" in error.en and error.retry is False


def _failure(backend: A1111Backend, request: GenerationRequest = SMALL, **kw: Any) -> ServerError:
    """The ServerError the job ends with (the backend closed afterwards)."""
    try:
        with pytest.raises(ServerError) as caught:
            list(backend.generate(request, **kw))
    finally:
        backend.close()
    return caught.value


def test_wrong_credentials_are_refused_and_not_retried(server: RunningServer) -> None:
    wrong = auth_headers(Credentials(USER, "nope"))
    error = _failure(A1111Backend(f"http://127.0.0.1:{server.port}", wrong))
    assert error.retry is False
    assert "credentials" in error.en and "credenciales" in error.es


def test_a_server_killed_mid_job_gives_a_retryable_error(
    session_home: Path, tmp_path: Path
) -> None:
    with serve(session_home, tmp_path / "serve.log") as (running, process):
        backend = A1111Backend(f"http://127.0.0.1:{running.port}", HEADERS, poll_interval=0.05)
        started = threading.Event()

        def on_step(progress: StepProgress) -> None:
            if not started.is_set():
                started.set()
                os.kill(process.pid, signal.SIGKILL)

        request = GenerationRequest(**{**SMALL.to_dict(), "steps": 150, "width": 256})
        error = _failure(backend, request, on_step=on_step)
    assert started.is_set()
    assert error.retry is True


def test_a_server_that_is_not_running_gives_a_retryable_error(tmp_path: Path) -> None:
    from serve_support import free_port

    assert _failure(A1111Backend(f"http://127.0.0.1:{free_port()}")).retry is True


def test_a_studio_serve_is_probed_added_and_used_with_its_stored_credentials(
    server: RunningServer, tmp_path: Path
) -> None:
    url = f"http://127.0.0.1:{server.port}"
    info = probe(url, Credentials(USER, PASSWORD))
    assert info.kind == "a1111"
    assert info.checkpoints and info.vram_bytes is None  # CPU: no VRAM to tell
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # no keyring here: the 0600 file is used
    try:
        paths = app_paths(tmp_path / "client")
        entry = ServerList(paths).add(url, name="studio", credentials=Credentials(USER, PASSWORD))
        assert (entry.kind, entry.auth) == ("a1111", "basic")
        backend = backend_for(entry, paths)
        result = next(iter(backend.generate(SMALL)))
    finally:
        keyring.set_keyring(before)
    assert result.device == "studio" and result.image.size == (64, 64)
