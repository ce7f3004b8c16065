"""Optional compiled mode: torch.compile the UNet on a side thread, swap it in when warm.

For people who make many images at one size on a GPU. Compiling takes minutes, so it never
blocks a generation: jobs keep running on the plain UNet until the compiled one has been
warmed up for that exact size (a different size would recompile, so it is not used there).
Inductor's own on-disk cache makes the next session's compile fast.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
ShapeKey = tuple[int, int, bool]  # width, height, classifier-free guidance on


class UnetCompiler:
    """Compiles one UNet per image shape in the background; thread-safe."""

    def __init__(self, cache_dir: Path, backend: str = "inductor") -> None:
        self._cache_dir = cache_dir
        self._backend = backend
        self._lock = threading.Lock()
        self._ready: dict[ShapeKey, Any] = {}
        self._started: set[ShapeKey] = set()
        self._thread: threading.Thread | None = None

    def compiled_for(self, key: ShapeKey) -> Any | None:
        """The warmed-up compiled UNet for this shape, or None (use the plain one)."""
        with self._lock:
            return self._ready.get(key)

    def start(self, unet: Any, example_inputs: dict[str, Any], key: ShapeKey) -> bool:
        """Begin compiling for `key` unless it is done, running or failed; True if started."""
        with self._lock:
            if key in self._started or (self._thread is not None and self._thread.is_alive()):
                return False
            self._started.add(key)
            os.environ.setdefault("TORCHINDUCTOR_CACHE_DIR", str(self._cache_dir))
            self._thread = threading.Thread(
                target=self._compile,
                args=(unet, example_inputs, key),
                name="unet-compile",
                daemon=True,
            )
            self._thread.start()
            return True

    def wait(self, timeout: float | None = None) -> None:
        """Block until the current compile ends (tests and shutdown only)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _compile(self, unet: Any, example_inputs: dict[str, Any], key: ShapeKey) -> None:
        import torch

        try:
            compiled = torch.compile(unet, backend=self._backend, dynamic=False)
            with torch.inference_mode():
                # The first call compiles (the slow part). Called the way the pipelines call
                # it (sample and timestep positional), or their first call would recompile.
                # Inference tensors too, as the engine's calls make: else a guard fails again.
                inputs = _inference_copy(example_inputs)
                compiled(inputs.pop("sample"), inputs.pop("timestep"), **inputs)
        except Exception as exc:
            log.warning("Compiled mode unavailable for %s: %s", key, exc)
            return
        with self._lock:
            self._ready[key] = compiled
        log.info("Compiled UNet ready for %dx%d (cfg=%s)", *key)


def example_unet_inputs(pipeline: Any, width: int, height: int, cfg: bool) -> dict[str, Any]:
    """Inputs shaped exactly like the pipeline's own UNet calls at this size."""
    import torch

    unet = pipeline.unet
    batch = 2 if cfg else 1
    options = {"device": unet.device, "dtype": unet.dtype}
    scale = getattr(pipeline, "vae_scale_factor", 8)
    inputs: dict[str, Any] = {
        "sample": torch.randn(
            batch, unet.config.in_channels, height // scale, width // scale, **options
        ),
        "timestep": torch.tensor(999, device=unet.device, dtype=_timestep_dtype(pipeline)),
        "encoder_hidden_states": torch.randn(batch, 77, unet.config.cross_attention_dim, **options),
        "timestep_cond": None,
        "cross_attention_kwargs": None,
        "added_cond_kwargs": None,
        "return_dict": False,
    }
    if unet.config.addition_embed_type == "text_time":
        # SDXL: 1280-wide pooled text embeds and 6 time ids; derived from the configs so a
        # model with other widths compiles too.
        encoder = getattr(pipeline, "text_encoder_2", None)
        text_dim = getattr(getattr(encoder, "config", None), "projection_dim", 1280)
        extra = unet.config.projection_class_embeddings_input_dim - text_dim
        inputs["added_cond_kwargs"] = {
            "text_embeds": torch.randn(batch, text_dim, **options),
            "time_ids": torch.randn(batch, extra // unet.config.addition_time_embed_dim, **options),
        }
    return inputs


def _timestep_dtype(pipeline: Any) -> Any:
    """The dtype of the scheduler's timesteps (float for Euler-like ones), as the UNet gets them."""
    import torch

    timesteps = getattr(pipeline.scheduler, "timesteps", None)
    return timesteps.dtype if isinstance(timesteps, torch.Tensor) else torch.float32


def _inference_copy(value: Any) -> Any:
    """Tensors cloned inside inference mode (call it there), through nested dicts."""
    if isinstance(value, dict):
        return {key: _inference_copy(item) for key, item in value.items()}
    return value.clone() if hasattr(value, "clone") else value
