"""ComfyBackend against a REAL ComfyUI server, when one is installed here.

LIENZO_COMFYUI_URL: a running server that has tiny-sd1 and tiny-lora (see comfy_checkpoint.py);
or LIENZO_COMFYUI_VENV: a ComfyUI venv (../shared/tools/comfyui/README.md) the tests start on
free ports with LIENZO_COMFYUI_BASE (default ~/.cache/lienzo-comfyui-test), building the
random-weight checkpoint there the first time. Neither set: every test skips, saying why.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from comfy_checkpoint import CHECKPOINT, LORA
from inpaint_case import half_masked, kept_right_half, redrew_left_half
from PIL import Image

from studio.core.backends.base import ServerError
from studio.core.backends.comfy import ComfyBackend
from studio.core.base.errors import GenerationCancelled
from studio.core.base.progress import CancelToken, StepProgress
from studio.core.gallery.output import save_image
from studio.core.generation.request import GenerationRequest

pytestmark = pytest.mark.slow
URL = os.environ.get("LIENZO_COMFYUI_URL", "")
VENV = os.environ.get("LIENZO_COMFYUI_VENV", "")
BASE = Path(os.environ.get("LIENZO_COMFYUI_BASE", Path.home() / ".cache/lienzo-comfyui-test"))
REQUEST = GenerationRequest(
    prompt="a red fox", model="tiny-sd1", seed=1, steps=4, width=64, height=64, guidance=5
)

if not URL and not (VENV and (Path(VENV) / "bin" / "comfyui").exists()):
    pytest.skip(
        "no real ComfyUI server: set LIENZO_COMFYUI_URL to a running one, or "
        "LIENZO_COMFYUI_VENV to a venv made by ../shared/tools/comfyui/install.sh",
        allow_module_level=True,
    )


def _start(port: int) -> subprocess.Popen[bytes]:
    """ComfyUI on 127.0.0.1:port, CPU, offline, as ../shared/tools/comfyui/start.sh does it."""
    if not (BASE / "models" / "checkpoints" / CHECKPOINT).exists():
        script = Path(__file__).with_name("comfy_checkpoint.py")
        subprocess.run([f"{VENV}/bin/python", str(script), str(BASE)], check=True)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "DO_NOT_TRACK": "1"}
    arguments = ["--listen", "127.0.0.1", "--port", str(port), "--cpu", "--base-directory"]
    flags = ["--disable-known-models", "--disable-api-nodes", "--disable-assets-autoscan"]
    process = subprocess.Popen(
        [f"{VENV}/bin/comfyui", *arguments, str(BASE), *flags, "--disable-auto-launch"],
        cwd=BASE,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/system_stats", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError("the ComfyUI server did not start in 180 s")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    if URL:
        yield URL
        return
    port = _free_port()
    process = _start(port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(30)


def _report(name: str, **facts: object) -> None:
    sys.stderr.write(f"[real ComfyUI] {name}: {json.dumps(facts, default=str)}\n")


def test_txt2img_with_steps_previews_and_the_graph_in_the_png(url: str, tmp_path: Path) -> None:
    backend = ComfyBackend(url)
    stats = backend.client.system_stats()
    steps: list[StepProgress] = []
    [result] = list(backend.generate(REQUEST, on_step=steps.append, preview=True))
    previews = sum(step.preview is not None for step in steps)
    _report(
        "txt2img",
        version=stats["system"].get("comfyui_version"),
        size=result.image.size,
        steps=[s.step for s in steps],
        previews=previews,
        seconds=round(result.seconds, 2),
    )
    assert result.image.size == (64, 64)
    assert [s.step for s in steps] == [1, 2, 3, 4] and previews >= 1
    with Image.open(save_image(result, tmp_path)) as png:
        graph = json.loads(png.text["prompt"])
    assert graph["1"]["inputs"]["ckpt_name"] == CHECKPOINT


def test_img2img_and_a_batch(url: str, tmp_path: Path) -> None:
    source = tmp_path / "in.png"
    Image.new("RGB", (100, 80), "blue").save(source)
    request = GenerationRequest(
        **{**REQUEST.to_dict(), "extras": (), "init_image": str(source), "count": 2}
    )
    results = list(ComfyBackend(url).generate(request))
    _report(
        "img2img", sizes=[r.image.size for r in results], seeds=[r.request.seed for r in results]
    )
    assert [r.image.size for r in results] == [(64, 64), (64, 64)]
    assert [r.request.seed for r in results] == [1, 2]


def test_inpainting_redraws_the_masked_half_only(url: str, tmp_path: Path) -> None:
    request = half_masked(REQUEST, tmp_path)
    [result] = list(ComfyBackend(url).generate(request))
    redrawn = result.image.crop((0, 0, 16, 64)).getcolors(64 * 16)
    _report("inpaint", redrawn_colours=len(redrawn or []))
    assert kept_right_half(result.image) and redrew_left_half(result.image)


def test_probe_and_the_list_of_servers(url: str, tmp_path: Path) -> None:
    from studio.core.backends.servers import ServerList, backend_for, probe
    from studio.core.base.paths import app_paths

    info = probe(url)
    _report("probe", kind=info.kind, version=info.version, gpu=info.gpu, vram=info.vram_bytes)
    assert info.kind == "comfyui" and CHECKPOINT in info.checkpoints and LORA in info.loras
    paths = app_paths(tmp_path)
    entry = ServerList(paths).add(url, name="real")
    [result] = list(backend_for(entry, paths).generate(REQUEST))
    assert result.device == "real"


def test_a_lora_with_its_weight(url: str) -> None:
    request = GenerationRequest(
        **{**REQUEST.to_dict(), "extras": (), "prompt": f"a fox <lora:{Path(LORA).stem}:0.6>"}
    )
    [result] = list(ComfyBackend(url).generate(request))
    graph = json.loads(result.comfy_graph or "")
    lora = graph["10"]["inputs"]
    _report("lora", lora=lora["lora_name"], weight=lora["strength_model"])
    assert (lora["lora_name"], lora["strength_model"]) == (LORA, 0.6)


def test_cancel_stops_the_job_within_a_step(url: str) -> None:
    cancel = CancelToken()
    steps: list[int] = []

    def on_step(progress: StepProgress) -> None:
        steps.append(progress.step)
        if progress.step == 2:
            cancel.cancel()

    request = GenerationRequest(**{**REQUEST.to_dict(), "extras": (), "steps": 150})
    started = time.monotonic()
    with pytest.raises(GenerationCancelled):
        list(ComfyBackend(url).generate(request, on_step=on_step, cancel=cancel))
    _report("cancel", steps_seen=steps, seconds=round(time.monotonic() - started, 2))
    assert max(steps) < 150


def test_a_model_the_server_lacks_is_named(url: str) -> None:
    request = GenerationRequest(**{**REQUEST.to_dict(), "extras": (), "model": "juggernaut"})
    with pytest.raises(ServerError) as caught:
        list(ComfyBackend(url).generate(request))
    _report("unknown model", message=caught.value.en)
    assert "juggernaut" in caught.value.en and caught.value.retry is False


@pytest.mark.skipif(bool(URL), reason="kills the server: only for one these tests start")
def test_a_server_killed_mid_job_keeps_the_job() -> None:
    process = _start(_free_port())
    port = process.args[process.args.index("--port") + 1]  # type: ignore[union-attr]
    try:
        request = GenerationRequest(**{**REQUEST.to_dict(), "extras": (), "steps": 150})

        def kill_at_step(progress: StepProgress) -> None:
            if progress.step == 2:
                threading.Thread(target=process.kill).start()

        with pytest.raises(ServerError) as caught:
            list(ComfyBackend(f"http://127.0.0.1:{port}").generate(request, on_step=kill_at_step))
        _report("server killed", message=caught.value.en, retry=caught.value.retry)
        assert caught.value.retry is True
    finally:
        process.kill()
        process.wait(30)
