"""Sampler names users know from AUTOMATIC1111, mapped to diffusers schedulers."""

from __future__ import annotations

from typing import Any

# name → (diffusers scheduler class, extra config). Karras sigmas are an option, not a class.
SCHEDULERS: dict[str, tuple[str, dict[str, Any]]] = {
    "Euler": ("EulerDiscreteScheduler", {}),
    "Euler a": ("EulerAncestralDiscreteScheduler", {}),
    "DPM++ 2M": ("DPMSolverMultistepScheduler", {}),
    "DPM++ 2M Karras": ("DPMSolverMultistepScheduler", {"use_karras_sigmas": True}),
    "DDIM": ("DDIMScheduler", {}),
    "UniPC": ("UniPCMultistepScheduler", {}),
    "LCM": ("LCMScheduler", {}),
}


def make_scheduler(sampler: str, base_config: Any) -> Any:
    """A scheduler for `sampler` built from the model's own scheduler config."""
    import diffusers

    class_name, extra = SCHEDULERS[sampler]
    scheduler_class = getattr(diffusers, class_name)
    return scheduler_class.from_config(base_config, **extra)
