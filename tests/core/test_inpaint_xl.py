"""The SDXL inpainting path, on a tiny random SDXL pipeline: blending and 9-channel models,
the whole picture and the masked area only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from tiny_xl import save_tiny_xl

from studio.core.generation.engine import Engine
from studio.core.generation.inpaint import uses_inpainting_model
from studio.core.generation.masks import feathered
from studio.core.generation.request import GenerationRequest
from studio.core.models.source import resolve_model

Factory = Callable[..., GenerationRequest]


@pytest.fixture(scope="module")
def xl_models(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    root = tmp_path_factory.mktemp("tiny-xl")
    return {channels: save_tiny_xl(root / f"tiny-xl-{channels}", channels) for channels in (4, 9)}


@pytest.mark.parametrize("channels", [4, 9], ids=["blending", "inpainting-model"])
@pytest.mark.parametrize("full_res", [False, True], ids=["whole", "masked-area-only"])
def test_sdxl_redraws_only_the_mask(
    engine: Engine,
    demo_request: Factory,
    xl_models: dict[int, Path],
    tmp_path: Path,
    channels: int,
    full_res: bool,
) -> None:
    model = str(xl_models[channels])
    assert resolve_model(model).family.is_xl
    assert uses_inpainting_model(model) is (channels == 9)
    rng = np.random.default_rng(11)
    photo = tmp_path / "foto.png"
    Image.fromarray(rng.integers(0, 255, (64, 64, 3), dtype=np.uint8)).save(photo)
    mask = Image.new("L", (64, 64), 0)
    mask.paste(255, (36, 8, 56, 28))
    mask.save(tmp_path / "mascara.png")
    request = demo_request(
        model=model, init_image=str(photo), mask=str(tmp_path / "mascara.png"), strength=0.9,
        steps=2, sampler="Euler", inpaint_full_res=full_res, inpaint_padding=8,
    )  # fmt: skip
    result = next(iter(engine.generate(request)))
    assert engine.load(model).inpainting is (channels == 9)
    assert type(engine.load(model).pipeline_for(False, inpaint=True)).__name__ == (
        "StableDiffusionXLInpaintPipeline"
    )
    changed = (np.asarray(result.image) != np.asarray(Image.open(photo).convert("RGB"))).any(-1)
    soft = np.asarray(feathered(mask, request.mask_blur))
    assert result.image.size == (64, 64)
    assert changed[8:28, 36:56].mean() > 0.9
    assert not changed[soft == 0].any()
