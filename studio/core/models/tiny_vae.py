"""The tiny autoencoder (TAESD / TAESDXL) a model can use for fast previews and drafts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from studio.core.models.families import Family
from studio.core.models.source import ModelSource

TINY_VAE_REPOS = {False: "madebyollin/taesd", True: "madebyollin/taesdxl"}
# FLUX.1 and SD 3.x have 16-channel latents: their own tiny decoders (TAEF1, TAESD3).
_FLOW_TINY_VAE_REPOS = {"flux": "madebyollin/taef1", "sd3": "madebyollin/taesd3"}


def tiny_vae_repo(family: Family) -> str:
    """The Hub repo of the tiny decoder that matches this family's latent space."""
    return _FLOW_TINY_VAE_REPOS.get(family.arch) or TINY_VAE_REPOS[family.is_xl]


def find_tiny_vae(source: ModelSource, model_folder: Path) -> Path | None:
    """Where TAESD/TAESDXL weights for this model are on disk, if they are (never downloads).

    A model folder may ship its own in `tiny_vae/` (the demo does); else the HF cache's.
    """
    bundled = model_folder / "tiny_vae"
    if model_folder.is_dir() and (bundled / "config.json").is_file():
        return bundled
    if source.kind == "demo":
        return None
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        return Path(snapshot_download(tiny_vae_repo(source.family), local_files_only=True))
    except (LocalEntryNotFoundError, OSError, ValueError):
        return None


def load_tiny_vae(folder: Path, device: str, dtype: Any) -> Any:
    from diffusers import AutoencoderTiny

    return AutoencoderTiny.from_pretrained(folder, dtype=dtype).to(device).eval()
