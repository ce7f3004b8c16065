"""The per-step callback: progress, previews, and cancellation within one step."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from studio.core.base.errors import GenerationCancelled
from studio.core.base.progress import CancelToken, StepProgress
from studio.core.generation.decode import decode_latents, to_pil
from studio.core.generation.flow import spatial_latents
from studio.core.generation.preview import latent_space, latents_to_preview

if TYPE_CHECKING:
    from PIL import Image

    from studio.core.models.loader import LoadedModel

StepCallback = Callable[[StepProgress], None]
# A tiny-autoencoder preview costs a few % of a step on CPU; the linear one ~0.1%.
TINY_PREVIEW_EVERY = 4


class StepReporter:
    """Builds the `callback_on_step_end` that reports each step and raises on cancel."""

    def __init__(
        self,
        on_step: StepCallback | None,
        cancel: CancelToken | None,
        preview: bool,
        loaded: LoadedModel,
        started: float,
        size: tuple[int, int] | None = None,
    ) -> None:
        self._on_step, self._cancel, self._preview = on_step, cancel, preview
        self._loaded = loaded
        self._started = started
        self._size = size  # (width, height): FLUX's packed latents need it to be unpacked

    def check_cancel(self) -> None:
        if self._cancel is not None and self._cancel.cancelled:
            raise GenerationCancelled()

    def bind(self, index: int, count: int) -> Callable[..., dict[str, Any]]:
        def on_step_end(pipe: Any, step: int, _timestep: Any, tensors: dict[str, Any]) -> dict:
            # Raising (not pipe._interrupt) is what stops the VAE decode of a cancelled image.
            self.check_cancel()
            if self._on_step is not None:
                total = pipe.num_timesteps
                picture = self._picture(pipe, tensors["latents"], step + 1, total)
                elapsed = time.perf_counter() - self._started
                self._on_step(StepProgress(index, count, step + 1, total, elapsed, picture))
            return tensors

        return on_step_end

    def _picture(self, pipe: Any, latents: Any, step: int, total: int) -> Image.Image | None:
        """Every step the linear preview; every few steps TAESD's, when it is on disk.

        Never at the last step: the real decode follows at once, so it would be wasted work.
        """
        if not self._preview:
            return None
        if self._size is not None:
            latents = spatial_latents(pipe, latents, *self._size)
        better = step % TINY_PREVIEW_EVERY == 0 and step < total
        tiny = self._loaded.tiny_vae() if better else None
        if tiny is not None:
            return to_pil(pipe, decode_latents(tiny, latents))
        return latents_to_preview(latents, latent_space(self._loaded.source.family))
