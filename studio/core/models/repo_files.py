"""Which files of a Hub repo make a usable pipeline: the one list downloads, the catalog, the
cache's "complete" check and the loader all share."""

from __future__ import annotations

# Components whose weights a pipeline loads; the safety checker (600 MB) is never loaded.
_WEIGHT_FILES = {
    "unet": "diffusion_pytorch_model",
    "transformer": "diffusion_pytorch_model",  # FLUX.1, SD 3.x
    "vae": "diffusion_pytorch_model",
    "text_encoder": "model",
    "text_encoder_2": "model",
    "text_encoder_3": "model",  # SD 3.x's T5-XXL
}


def download_patterns(half_precision: bool) -> list[str]:
    """Only what a pipeline needs: configs, tokenizers and one set of safetensors weights."""
    variant = ".fp16" if half_precision else ""
    weights = [f"{folder}/{stem}{variant}.safetensors" for folder, stem in _WEIGHT_FILES.items()]
    # Large weights come in shards (model-00001-of-00002.safetensors). T5's tokenizer loads
    # from its tokenizer.json: its spiece.model (a protobuf) is not needed.
    shards = [f"{folder}/{stem}{variant}-*.safetensors" for folder, stem in _WEIGHT_FILES.items()]
    return ["model_index.json", "*/*.json", "*/*.txt", *weights, *shards]
