"""Choices made for the user when they leave them out: the default model and each family's
steps, guidance, size and sampler."""

from __future__ import annotations

from studio.core.base.devices import DevicePlan
from studio.core.base.settings import Settings
from studio.core.models.families import FAMILIES
from studio.core.models.source import resolve_model


def default_model(settings: Settings, plan: DevicePlan) -> str:
    """The setting, else the catalog's recommendation for this hardware: SD-Turbo on CPUs and
    small GPUs, SDXL-Turbo on GPUs where it fits (8 GB or more)."""
    from studio.core.models.catalog import recommended

    return settings.default_model or recommended(plan).repo_id


def fill_family_defaults(model_ref: str, given: dict[str, object]) -> dict[str, object]:
    """Steps, guidance, size and sampler the user left out, from the model family's defaults."""
    family = resolve_model(model_ref).family if model_ref else FAMILIES["sd-turbo"]
    defaults = {
        "steps": family.steps,
        "guidance": family.guidance,
        "width": family.width,
        "height": family.height,
        "sampler": family.sampler,
    }
    return {**defaults, **{k: v for k, v in given.items() if v is not None}}
