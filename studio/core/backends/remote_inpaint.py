"""Inpainting and outpainting on a server, the way the local engine does it: the canvas and
the region to redraw are prepared here (`prepare_inpaint`), the server redraws that region
from a picture and a mask, and its drawing is pasted back here through the feathered mask."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from studio.core.generation.inpaint import InpaintJob, prepare_inpaint
from studio.core.generation.request import GenerationRequest

if TYPE_CHECKING:
    from PIL import Image


@dataclass(frozen=True)
class RemoteInpaint:
    """What the server gets (picture and mask, same size) and how its result comes back."""

    job: InpaintJob
    picture: Image.Image  # RGB, at `size`
    mask: Image.Image  # L, white = redraw

    @property
    def size(self) -> tuple[int, int]:
        return self.picture.size

    def finish(self, drawn: Image.Image) -> Image.Image:
        """The finished picture at the request's (outpainted) size."""
        return self.job.paste(drawn)


def prepare_remote_inpaint(request: GenerationRequest) -> RemoteInpaint:
    """The picture and mask to send for an inpainting/outpainting request."""
    job = prepare_inpaint(request)
    picture, mask = job.model_inputs()
    return RemoteInpaint(job, picture, mask)


def finished(
    inpaint: RemoteInpaint | None, drawn: Image.Image
) -> tuple[Image.Image, dict[str, Any]]:
    """The server's picture made final, and the `GeneratedImage` fields inpainting adds (the
    mask as given, saved beside the picture, and its warnings), as a local job has them."""
    if inpaint is None:
        return drawn, {}
    return inpaint.finish(drawn), {"mask": inpaint.job.user_mask, "warnings": inpaint.job.warnings}


def png_bytes(picture: Image.Image) -> bytes:
    """`picture` as PNG bytes (what servers are sent)."""
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()
