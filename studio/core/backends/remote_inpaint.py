"""Inpainting and outpainting on a server, the way the local engine does it: the canvas and
the region to redraw are prepared here (`prepare_inpaint`), the server redraws that region
from a picture and a mask, and its drawing is pasted back here through the feathered mask."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

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


def png_bytes(picture: Image.Image) -> bytes:
    """`picture` as PNG bytes (what servers are sent)."""
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()
