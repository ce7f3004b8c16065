"""A1111's inpainting fields on img2img → our request: the mask written where the server says."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import ImageOps

from studio.core.base.errors import InvalidRequestError
from studio.core.generation.masks import open_mask
from studio.server.convert import decode_base64

if TYPE_CHECKING:
    from studio.core.generation.request import GenerationRequest
    from studio.server.schemas import Img2ImgRequest

# A1111's inpainting_fill: 0 fill, 1 original, 2 latent noise, 3 latent nothing. Lienzo's
# inpainting starts from the original picture, noised by the strength: that is 1.
_FILL_HONOURED = 1
_FILL_NAMES = {0: "fill", 2: "latent noise", 3: "latent nothing"}
A1111_MASK_BLUR = 4  # what A1111 uses when mask_blur is left out


def with_mask(
    request: GenerationRequest, body: Img2ImgRequest, folder: Path
) -> tuple[GenerationRequest, tuple[str, ...]]:
    """The request with the body's mask (decoded into `folder/mask.png`) and its options, and
    the fields Lienzo could not honour. Without a mask the request is returned unchanged."""
    if not body.mask:
        return request, ()
    if body.inpainting_mask_invert not in (0, 1):
        raise InvalidRequestError(
            "inpainting_mask_invert",
            "inpainting_mask_invert must be 0 (white is redrawn) or 1 (black is redrawn).",
            "inpainting_mask_invert debe ser 0 (se redibuja lo blanco) o 1 (se redibuja lo negro).",
        )
    path = folder / "mask.png"  # our name: nothing from the request becomes a path
    path.write_bytes(decode_base64(body.mask, "mask"))
    grey = open_mask(path)  # the same limits as init images; a bad file is a bilingual error
    if body.inpainting_mask_invert:
        grey = ImageOps.invert(grey)
    grey.save(path, format="PNG")
    blur = A1111_MASK_BLUR if body.mask_blur is None else body.mask_blur
    run = replace(
        request,
        mask=str(path),
        mask_blur=blur,
        inpaint_full_res=bool(body.inpaint_full_res),
        inpaint_padding=body.inpaint_full_res_padding,
    )
    notes: tuple[str, ...] = ()
    if body.inpainting_fill != _FILL_HONOURED:
        name = _FILL_NAMES.get(body.inpainting_fill, "?")
        notes = (f"inpainting_fill={body.inpainting_fill} ({name}; original used)",)
    return run, notes
