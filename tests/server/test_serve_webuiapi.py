"""The real `webuiapi` client (what scripts and bots use) against `studio serve`."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import webuiapi
from PIL import Image
from serve_support import PASSWORD, USER, RunningServer

pytestmark = pytest.mark.slow
SMALL = {"width": 64, "height": 64, "steps": 2, "cfg_scale": 5.0}


@pytest.fixture
def api(api_server: RunningServer) -> webuiapi.WebUIApi:
    return webuiapi.WebUIApi(
        host="127.0.0.1", port=api_server.port, username=USER, password=PASSWORD
    )


def _gallery_pngs(home: Path) -> set[Path]:
    return set((home / "gallery").rglob("*.png"))


def test_txt2img_returns_pictures_with_our_metadata_and_saves_them(
    api: webuiapi.WebUIApi, api_server: RunningServer
) -> None:
    before = _gallery_pngs(api_server.home)
    result = api.txt2img(prompt="un faro", seed=11, batch_size=2, **SMALL)
    assert [image.size for image in result.images] == [(64, 64), (64, 64)]
    assert "Steps: 2" in result.images[0].info["parameters"]
    assert '"prompt": "un faro"' in result.images[0].info["lienzo"]
    assert '"origin": "api"' in result.images[0].info["lienzo"]  # another program asked
    assert result.info["all_seeds"] == [11, 12]
    assert result.info["prompt"] == "un faro"
    assert result.info["sd_model_name"]
    assert len(result.info["infotexts"]) == 2
    assert len(_gallery_pngs(api_server.home) - before) == 2


def test_fields_lienzo_cannot_honour_are_reported_in_info(api: webuiapi.WebUIApi) -> None:
    result = api.txt2img(prompt="x", enable_hr=True, restore_faces=True, **SMALL)
    assert {"enable_hr", "restore_faces"} <= set(result.info["lienzo_not_honoured"])


def test_img2img_transforms_the_given_picture(api: webuiapi.WebUIApi) -> None:
    source = Image.new("RGB", (64, 64), (200, 30, 30))
    result = api.img2img(images=[source], prompt="rojo", denoising_strength=0.5, **SMALL)
    assert result.image.size == (64, 64)
    assert result.info["denoising_strength"] == 0.5
    assert "Denoising strength: 0.5" in result.image.info["parameters"]


def test_png_info_reads_back_the_settings(api: webuiapi.WebUIApi) -> None:
    made = api.txt2img(prompt="una casa", seed=5, **SMALL).image
    info = api.png_info(made)
    assert "una casa" in info.info and "Seed: 5" in info.info
    assert info.json["parameters"]["Seed"] == 5
    assert info.json["parameters"]["Prompt"] == "una casa"


def test_models_samplers_and_switching_model(api: webuiapi.WebUIApi) -> None:
    assert api.util_get_model_names() == ["demo"]
    assert [m["title"] for m in api.get_sd_models()] == ["demo"]
    names = {s["name"] for s in api.get_samplers()}
    assert {"Euler a", "Euler", "DPM++ 2M"} <= names
    api.util_set_model("demo")
    assert api.util_get_current_model() == "demo"
    assert api.get_options()["sd_model_checkpoint"] == "demo"


def test_progress_then_interrupt_stops_the_running_job(api: webuiapi.WebUIApi) -> None:
    results: list[webuiapi.WebUIApiResult] = []
    long_job = {"prompt": "largo", "width": 128, "height": 128, "steps": 150}
    worker = threading.Thread(target=lambda: results.append(api.txt2img(batch_size=16, **long_job)))
    worker.start()
    progress = _wait_for_steps(api)
    assert progress["state"]["job_count"] >= 1
    assert 0 < progress["progress"] < 1
    assert progress["current_image"]  # the preview, as base64
    api.interrupt()
    worker.join(timeout=120)
    assert results and results[0].info["interrupted"] is True
    assert len(results[0].images) < 16
    assert api.get_progress()["state"]["job_count"] == 0
    assert api.txt2img(prompt="after", **SMALL).image.size == (64, 64)


def _wait_for_steps(api: webuiapi.WebUIApi) -> dict[str, object]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        progress = api.get_progress()
        if progress["state"]["sampling_step"] > 1 and progress["current_image"]:
            return progress
        time.sleep(0.05)  # polling another process: nothing to wait on
    raise AssertionError("the long job never reported a step")
