"""ComfyBackend against a fake ComfyUI server replaying a real server's recorded messages:
images, steps, previews, cancel, refusals and failures that keep the job."""

from __future__ import annotations

import io
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_comfy_server import DROP, FakeComfy, running, script_from
from inpaint_case import half_masked, kept_right_half, redrew_left_half
from PIL import Image

from studio.core.backends import http_api
from studio.core.backends.base import ServerError
from studio.core.backends.comfy import ComfyBackend
from studio.core.backends.comfy_messages import parse_message
from studio.core.backends.server_types import Credentials, auth_headers
from studio.core.base.errors import GenerationCancelled, set_language
from studio.core.base.progress import CancelToken, StepProgress
from studio.core.gallery.output import save_image
from studio.core.generation.request import GenerationRequest

REQUEST = GenerationRequest(
    prompt="a red fox", model="tiny-sd1", seed=42, steps=4, width=64, height=64
)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language(None)


@pytest.fixture
def fake() -> Iterator[FakeComfy]:
    with running(FakeComfy()) as server:
        yield server


def test_txt2img_returns_the_picture_with_steps_previews_and_its_graph(
    fake: FakeComfy, tmp_path: Path
) -> None:
    fake.scripts.append(script_from("txt2img"))
    steps: list[StepProgress] = []
    backend = ComfyBackend(fake.url)
    [result] = list(backend.generate(REQUEST, on_step=steps.append, preview=True))
    assert result.image.size == (64, 64)
    assert result.request.seed == 42 and result.device == backend.name
    assert [(s.step, s.total_steps) for s in steps] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert all(s.preview is not None for s in steps[:3])
    sent = fake.prompts[0]
    assert sent["extra_data"] == {"preview_method": "latent2rgb"}
    assert sent["prompt"]["1"]["inputs"]["ckpt_name"] == "tiny-sd1.safetensors"
    assert json.loads(result.comfy_graph or "") == sent["prompt"]
    saved = save_image(result, tmp_path)
    with Image.open(saved) as png:
        assert json.loads(png.text["prompt"]) == sent["prompt"]
        assert "tiny-sd1" in png.text["parameters"]


def test_credentials_go_with_every_call_and_the_websocket(fake: FakeComfy) -> None:
    fake.scripts.append(script_from("txt2img"))
    headers = auth_headers(Credentials(secret="tok-123"))
    backend = ComfyBackend(fake.url, headers=headers, name="gpu-box")
    [result] = list(backend.generate(REQUEST))
    assert fake.authorizations == ["Bearer tok-123", "Bearer tok-123"]  # /ws, then /prompt
    assert result.device == "gpu-box"
    assert "tok-123" not in (result.comfy_graph or "")


def test_without_previews_every_step_is_reported_at_once(fake: FakeComfy) -> None:
    fake.scripts.append(script_from("txt2img"))
    steps: list[StepProgress] = []
    list(ComfyBackend(fake.url).generate(REQUEST, on_step=steps.append))
    assert [s.step for s in steps] == [1, 2, 3, 4]
    assert all(s.preview is None for s in steps)
    assert "preview_method" not in fake.prompts[0]["extra_data"]


def test_a_batch_sends_one_prompt_per_image_with_the_next_seed(fake: FakeComfy) -> None:
    fake.scripts += [script_from("txt2img"), script_from("txt2img")]
    results = list(
        ComfyBackend(fake.url).generate(
            REQUEST.__class__(**{**REQUEST.to_dict(), "extras": (), "count": 2})
        )
    )
    assert [r.request.seed for r in results] == [42, 43]
    assert [p["prompt"]["5"]["inputs"]["seed"] for p in fake.prompts] == [42, 43]


def test_img2img_uploads_the_picture_fitted_to_the_size(fake: FakeComfy, tmp_path: Path) -> None:
    source = tmp_path / "in.png"
    Image.new("RGB", (128, 96), "red").save(source)
    fake.scripts.append(script_from("txt2img"))
    request = GenerationRequest(**{**REQUEST.to_dict(), "extras": (), "init_image": str(source)})
    list(ComfyBackend(fake.url).generate(request))
    [upload] = fake.uploads
    with Image.open(io.BytesIO(upload)) as sent:
        assert sent.size == (64, 64)
    graph = fake.prompts[0]["prompt"]
    assert graph["4"]["class_type"] == "LoadImage" and graph["5"]["inputs"]["denoise"] == 0.6


def test_inpainting_sends_the_mask_as_alpha_and_keeps_the_rest_of_the_picture(
    fake: FakeComfy, tmp_path: Path
) -> None:
    fake.scripts.append(script_from("txt2img"))
    request = half_masked(REQUEST, tmp_path)
    [result] = list(ComfyBackend(fake.url).generate(request))
    [upload] = fake.uploads
    with Image.open(io.BytesIO(upload)) as sent:
        alpha = sent.getchannel("A")
        assert alpha.getpixel((5, 5)) == 0 and alpha.getpixel((60, 5)) == 255  # clear = redraw
    graph = fake.prompts[0]["prompt"]
    assert graph["9"] == {
        "class_type": "SetLatentNoiseMask",
        "inputs": {"samples": ["8", 0], "mask": ["4", 1]},
    }
    assert graph["5"]["inputs"]["latent_image"] == ["9", 0]
    assert kept_right_half(result.image) and redrew_left_half(result.image)
    assert result.mask is not None


def test_cancel_interrupts_the_server_within_a_step(fake: FakeComfy) -> None:
    fake.scripts.append(script_from("interrupted"))
    cancel = CancelToken()

    def on_step(progress: StepProgress) -> None:
        if progress.step == 2:
            cancel.cancel()

    request = GenerationRequest(**{**REQUEST.to_dict(), "extras": (), "steps": 40})
    with pytest.raises(GenerationCancelled):
        list(ComfyBackend(fake.url).generate(request, on_step=on_step, cancel=cancel))
    assert fake.interrupts == 1


def test_a_refused_model_is_named_and_not_retried(fake: FakeComfy) -> None:
    fake.scripts.append(script_from("unknown_model"))  # the real server's 400
    with pytest.raises(ServerError) as caught:
        list(ComfyBackend(fake.url).generate(REQUEST))
    assert caught.value.retry is False
    assert "no-such-model.safetensors" in caught.value.en
    assert "no-such-model.safetensors" in caught.value.es
    assert "Traceback" not in str(caught.value) and len(str(caught.value)) < 500


def test_a_model_the_server_lacks_is_refused_before_sending(fake: FakeComfy) -> None:
    request = GenerationRequest(**{**REQUEST.to_dict(), "extras": (), "model": "juggernaut"})
    with pytest.raises(ServerError, match="juggernaut"):
        list(ComfyBackend(fake.url).generate(request))
    assert fake.prompts == []


def test_a_dropped_connection_keeps_the_job(fake: FakeComfy) -> None:
    script = script_from("txt2img")
    first_step = next(i for i, m in enumerate(script.messages) if '"progress"' in m.get("text", ""))
    script.messages = [*script.messages[: first_step + 1], DROP]
    fake.scripts.append(script)
    with pytest.raises(ServerError, match="dropped the connection") as caught:
        list(ComfyBackend(fake.url).generate(REQUEST))
    assert caught.value.retry is True


def test_a_silent_server_times_out_and_keeps_the_job(fake: FakeComfy) -> None:
    script = script_from("txt2img")
    script.messages = script.messages[:5]  # then nothing, ever
    fake.scripts.append(script)
    with pytest.raises(ServerError, match="stopped answering") as caught:
        list(ComfyBackend(fake.url, silence_timeout=0.5).generate(REQUEST))
    assert caught.value.retry is True


def test_an_unreachable_server_keeps_the_job() -> None:
    with running(FakeComfy()) as gone:
        url = gone.url
    with pytest.raises(ServerError, match="not reachable") as caught:
        list(ComfyBackend(url).generate(REQUEST))
    assert caught.value.retry is True
    assert "no es accesible" in caught.value.es


def test_an_oversized_answer_is_cut_off(fake: FakeComfy, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http_api, "MAX_JSON_BYTES", 1000)
    with pytest.raises(ServerError, match="more than 0 MB"):
        list(ComfyBackend(fake.url).generate(REQUEST))


def test_system_stats_detects_comfyui(fake: FakeComfy) -> None:
    stats = ComfyBackend(fake.url).client.system_stats()
    assert stats["system"]["comfyui_version"]


def test_not_a_server_address_is_refused() -> None:
    with pytest.raises(ServerError, match="not a server address"):
        ComfyBackend("ftp://example.org")


def test_hostile_websocket_messages_never_raise() -> None:
    recorded = [m for name in ("txt2img", "interrupted") for m in script_from(name).messages]
    texts = [m["text"] for m in recorded if "text" in m]
    rng = random.Random(16)
    for _ in range(400):
        text = rng.choice(texts)
        cut = rng.randrange(len(text) + 1)
        mutated = text[:cut] + rng.choice(["", "}", "null", '"x"', "[", "\x00", "-1", "1e999"])
        parse_message(mutated + text[cut + rng.randrange(3) :])
        parse_message(bytes(rng.randrange(256) for _ in range(rng.randrange(0, 40))))
    for odd in ('{"type":"progress","data":{"prompt_id":"p","value":true,"max":4}}', "[]", "1"):
        assert parse_message(odd) is None
