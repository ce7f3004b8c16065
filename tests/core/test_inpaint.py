"""Inpainting and outpainting with the demo model: only the masked part changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFilter

from studio.core.base.errors import GenerationCancelled, ImageInputError, InvalidRequestError
from studio.core.base.progress import CancelToken, StepProgress
from studio.core.gallery.output import save_image
from studio.core.gallery.records import scan_folder
from studio.core.generation.engine import Engine
from studio.core.generation.inpaint import crop_box
from studio.core.generation.masks import feathered
from studio.core.generation.request import GenerationRequest, parse_outpaint, validate
from studio.core.generation.stored import stored_request
from studio.core.imagemeta.lienzo_format import read_lienzo_request

Factory = Callable[..., GenerationRequest]


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    rng = np.random.default_rng(3)
    path = tmp_path / "foto.png"
    Image.fromarray(rng.integers(0, 255, (64, 64, 3), dtype=np.uint8)).save(path)
    return path


def _mask(tmp_path: Path, box: tuple[int, int, int, int], size: tuple[int, int] = (64, 64)) -> Path:
    mask = Image.new("L", size, 0)
    mask.paste(255, box)
    path = tmp_path / "mascara.png"
    mask.save(path)
    return path


def _inpaint(
    demo_request: Factory, photo: Path, mask: Path, **changes: object
) -> GenerationRequest:
    values: dict[str, object] = {"strength": 0.9, "steps": 2, **changes}
    return demo_request(init_image=str(photo), mask=str(mask), **values)


def _changed(engine: Engine, request: GenerationRequest, photo: Path) -> np.ndarray:
    result = next(iter(engine.generate(request)))
    assert result.image.size == (64, 64)
    return (np.asarray(result.image) != np.asarray(Image.open(photo).convert("RGB"))).any(-1)


@pytest.mark.parametrize("full_res", [False, True])
def test_only_the_masked_part_changes(
    engine: Engine, demo_request: Factory, photo: Path, tmp_path: Path, full_res: bool
) -> None:
    mask = _mask(tmp_path, (20, 20, 40, 40))
    request = _inpaint(demo_request, photo, mask, inpaint_full_res=full_res, inpaint_padding=8)
    changed = _changed(engine, request, photo)
    soft = np.asarray(feathered(Image.open(mask).convert("L"), request.mask_blur))
    assert changed[20:40, 20:40].mean() > 0.9  # the masked square is redrawn
    assert not changed[soft == 0].any()  # pixel-identical wherever the feathered mask is zero
    assert not changed[:8].any() and not changed[:, 52:].any()


def test_no_blur_keeps_everything_outside_the_mask(
    engine: Engine, demo_request: Factory, photo: Path, tmp_path: Path
) -> None:
    mask = _mask(tmp_path, (8, 16, 32, 48))
    changed = _changed(engine, _inpaint(demo_request, photo, mask, mask_blur=0), photo)
    outside = np.ones((64, 64), dtype=bool)
    outside[16:48, 8:32] = False
    assert not changed[outside].any()
    assert changed[~outside].mean() > 0.9


def test_outpaint_extends_the_canvas_and_keeps_the_middle(
    engine: Engine, demo_request: Factory, photo: Path
) -> None:
    request = demo_request(init_image=str(photo), strength=0.9, steps=2, outpaint=(16, 0, 0, 8))
    result = next(iter(engine.generate(request)))
    assert result.image.size == (80, 72)
    original = np.asarray(Image.open(photo).convert("RGB"))
    pixels = np.asarray(result.image)
    # Far from the seam (overlap 16 px + blur) the original is untouched.
    assert np.array_equal(pixels[:30, 50:80], original[:30, 34:64])
    assert result.mask is None


def test_transparency_of_the_init_image_is_the_mask(
    engine: Engine, demo_request: Factory, tmp_path: Path
) -> None:
    rgba = Image.new("RGBA", (64, 64), (10, 120, 200, 255))
    rgba.paste((0, 0, 0, 0), (32, 0, 64, 64))  # right half transparent: redraw it
    source = tmp_path / "recorte.png"
    rgba.save(source)
    request = demo_request(init_image=str(source), mask=str(source), strength=0.9, steps=2)
    result = next(iter(engine.generate(request)))
    pixels = np.asarray(result.image)
    assert (pixels[:, :20] == (10, 120, 200)).all()
    assert result.mask is not None and result.mask.getpixel((40, 10)) == 255


@pytest.mark.parametrize("mode", ["RGBA", "P", "1", "I;16", "RGB"])
def test_mask_in_any_mode_is_read_as_grey(
    engine: Engine, demo_request: Factory, photo: Path, tmp_path: Path, mode: str
) -> None:
    grey = Image.new("L", (64, 64), 0)
    grey.paste(255, (0, 0, 32, 64))
    wide = Image.fromarray(np.asarray(grey).astype("<u2") * 257)  # 16-bit grey
    mask = grey.convert(mode) if mode != "I;16" else wide
    path = tmp_path / ("m.tiff" if mode == "I;16" else "m.png")
    mask.save(path)
    changed = _changed(engine, _inpaint(demo_request, photo, path, mask_blur=0), photo)
    assert not changed[:, 32:].any() and changed[:, :32].mean() > 0.9


def test_mask_of_the_same_shape_is_resized_with_a_warning(
    engine: Engine, demo_request: Factory, photo: Path, tmp_path: Path
) -> None:
    mask = _mask(tmp_path, (0, 0, 64, 128), size=(128, 128))  # left half white, twice the size
    result = next(iter(engine.generate(_inpaint(demo_request, photo, mask))))
    assert any("resized" in warning for warning in result.warnings)


@pytest.mark.parametrize(
    ("size", "box", "message"),
    [((40, 64), (0, 0, 10, 10), "with another shape"),
     ((64, 64), (0, 0, 0, 0), "is empty"),
     ((64, 64), (0, 0, 64, 64), "covers the whole picture")],
)  # fmt: skip
def test_bad_masks_are_refused_with_a_reason(
    engine: Engine,
    demo_request: Factory,
    photo: Path,
    tmp_path: Path,
    size: tuple[int, int],
    box: tuple[int, int, int, int],
    message: str,
) -> None:
    mask = _mask(tmp_path, box, size)
    with pytest.raises(ImageInputError, match=message) as caught:
        list(engine.generate(_inpaint(demo_request, photo, mask)))
    assert "máscara" in caught.value.es


def test_a_mask_that_is_not_an_image_is_named_as_the_mask(
    engine: Engine, demo_request: Factory, photo: Path, tmp_path: Path
) -> None:
    mask = tmp_path / "mask.png"
    mask.write_text("no")
    with pytest.raises(ImageInputError, match=r"The mask 'mask\.png' is not an image"):
        list(engine.generate(_inpaint(demo_request, photo, mask)))
    plain = demo_request(init_image=str(photo), mask=str(photo))
    with pytest.raises(ImageInputError, match="has no transparency"):
        list(engine.generate(plain))


def test_cancel_stops_an_inpaint_within_a_step(
    engine: Engine, demo_request: Factory, photo: Path, tmp_path: Path
) -> None:
    cancel = CancelToken()
    steps: list[StepProgress] = []

    def on_step(progress: StepProgress) -> None:
        steps.append(progress)
        cancel.cancel()

    request = _inpaint(demo_request, photo, _mask(tmp_path, (0, 0, 20, 20)), steps=4)
    with pytest.raises(GenerationCancelled):
        list(engine.generate(request, on_step, cancel, preview=True))
    assert len(steps) == 1 and steps[0].preview is not None


def test_settings_are_checked_in_both_languages(demo_request: Factory, photo: Path) -> None:
    with pytest.raises(InvalidRequestError, match="needs the picture") as caught:
        validate(demo_request(mask="m.png"))
    assert "necesitan la imagen" in caught.value.es
    for outpaint in [(4, 0, 0, 0), (0, 520, 0, 0), (0, 0, -8, 0)]:
        with pytest.raises(InvalidRequestError, match="multiple of 8"):
            validate(demo_request(init_image=str(photo), outpaint=outpaint))
    with pytest.raises(InvalidRequestError, match="Mask blur"):
        validate(demo_request(init_image=str(photo), mask="m.png", mask_blur=65))
    with pytest.raises(InvalidRequestError, match="would be 2560×64"):
        validate(demo_request(init_image=str(photo), width=2048, outpaint=(256, 0, 256, 0)))


def test_outpaint_text_is_read_and_rounded_to_8() -> None:
    assert parse_outpaint("left=128,bottom=256") == (128, 0, 0, 256)
    assert parse_outpaint(" top = 100 , right=3") == (0, 104, 0, 0)
    for bad in ["up=8", "left=ocho", "left=-8", "left"]:
        with pytest.raises(InvalidRequestError, match="left=128,bottom=256"):
            parse_outpaint(bad)


def test_crop_box_keeps_the_models_shape_inside_the_picture() -> None:
    mask = Image.new("L", (200, 100), 0)
    mask.paste(255, (180, 40, 200, 50))
    assert crop_box(mask, 8, (200, 100), (64, 64)) == (172, 31, 200, 59)
    wide = crop_box(mask, 8, (200, 100), (128, 64))
    assert wide[2] - wide[0] == 2 * (wide[3] - wide[1]) and wide[2] == 200


def test_mask_is_saved_beside_the_picture_and_named_in_its_settings(
    engine: Engine, demo_request: Factory, photo: Path, tmp_path: Path
) -> None:
    request = _inpaint(demo_request, photo, _mask(tmp_path, (0, 0, 20, 20)), inpaint_full_res=True)
    result = next(iter(engine.generate(request)))
    folder = tmp_path / "gallery"
    first, second = save_image(result, folder), save_image(result, folder)
    masks = [folder / first.name.replace(".png", ".mask.png"), folder / f"{second.stem}.mask.png"]
    assert sorted(folder.glob("*.mask.png")) == sorted(masks) and first != second
    for saved, mask in zip((first, second), masks, strict=True):
        with Image.open(saved) as image:
            again = read_lienzo_request(dict(image.text))
            parameters = image.text["parameters"]
        assert again is not None and again.mask == mask.name
        assert again.init_image == "foto.png" and again.prompt == request.prompt
        assert "Mask blur: 4" in parameters and "Inpaint area: Only masked" in parameters
        assert "Denoising strength: 0.9" in parameters
    assert Image.open(masks[0]).getpixel((5, 5)) == 255
    assert sorted(scan_folder(folder)) == sorted(path.name for path in (first, second))


def test_stored_request_keeps_the_inpaint_settings(demo_request: Factory) -> None:
    request = demo_request(init_image="a.png", mask="m.png", outpaint=(8, 0, 16, 0), mask_blur=2)
    data = request.to_dict()
    data["outpaint"] = list(data["outpaint"])  # as JSON gives it back
    assert stored_request(data) == request
    assert GenerationRequest.from_dict(data) == request
    with pytest.raises(TypeError):
        stored_request({**data, "outpaint": [1, 2]})


def test_feathered_mask_is_zero_far_from_the_mask() -> None:
    mask = Image.new("L", (64, 64), 0)
    mask.paste(255, (30, 30, 34, 34))
    soft = np.asarray(feathered(mask, 4))
    assert soft[:10].max() == 0 and soft[32, 32] > 0
    assert np.asarray(mask.filter(ImageFilter.GaussianBlur(0))).max() == 255
