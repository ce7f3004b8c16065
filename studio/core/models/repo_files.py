"""Which files of a Hub repo make a usable pipeline: the one list downloads, the catalog, the
cache's "complete" check and the loader all share."""

from __future__ import annotations

# Components whose weights a pipeline loads; the safety checker (600 MB) is never loaded.
_WEIGHT_FILES = {
    "unet": "diffusion_pytorch_model",
    "vae": "diffusion_pytorch_model",
    "text_encoder": "model",
    "text_encoder_2": "model",
}


def download_patterns(half_precision: bool) -> list[str]:
    """Only what a pipeline needs: configs, tokenizers and one set of safetensors weights."""
    variant = ".fp16" if half_precision else ""
    weights = [f"{folder}/{stem}{variant}.safetensors" for folder, stem in _WEIGHT_FILES.items()]
    return ["model_index.json", "*/*.json", "*/*.txt", *weights]
