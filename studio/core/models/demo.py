"""The offline demo model: real SD architecture, tiny, random weights — it draws noise.

It lets the whole path (load, denoise with progress, decode, save) run on any machine
without a download, and it is what the tests and CI use.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from diffusers import AutoencoderKL, AutoencoderTiny, StableDiffusionPipeline
    from transformers import CLIPTextConfig, CLIPTokenizer

log = logging.getLogger(__name__)
DEMO_VERSION = 4  # 4: the draft decoder draws mid-grey noise, not an almost-black picture
_DRAFT_SPREAD = 7.0  # measured on demo images: gives about the full demo VAE's spread
_MARKER = "lienzo_demo.json"


def demo_model_dir(models_cache: Path, inpainting: bool = False) -> Path:
    """Build the demo model under the cache (again, when damaged); return its folder.
    `inpainting`: its variant with a 9-channel UNet, as dedicated inpainting checkpoints have.

    The marker lists every file with its size and SHA-256, so a file cut short, changed or
    deleted is noticed and the model rebuilt: it is made here, "download it again" cannot
    apply to it.
    """
    kind = "inpaint-" if inpainting else ""
    target = models_cache / f"lienzo-demo-{kind}v{DEMO_VERSION}"
    if _intact(target):
        return target
    if target.exists():
        log.warning("The demo model in %s is damaged; rebuilding it", target)
    models_cache.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=models_cache, prefix=".demo-"))
    try:
        pipeline = build_demo_pipeline(9 if inpainting else 4)
        pipeline.save_pretrained(staging, safe_serialization=True)
        build_demo_tiny_vae().save_pretrained(staging / "tiny_vae", safe_serialization=True)
        note = {"version": DEMO_VERSION, "note": "random weights: draws noise"}
        note["files"] = _manifest(staging)
        (staging / _MARKER).write_text(json.dumps(note, indent=1), encoding="utf-8")
        if not _intact(target):  # another process may have won the race
            shutil.rmtree(target, ignore_errors=True)
            staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def delete_demo_model(models_cache: Path) -> int:
    """Delete every built copy of the demo model; return the bytes freed (0: none there)."""
    freed = 0
    for folder in models_cache.glob("lienzo-demo-*v*"):
        freed += sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
        shutil.rmtree(folder)
    return freed


def _manifest(folder: Path) -> dict[str, list[object]]:
    files = sorted(f for f in folder.rglob("*") if f.is_file() and f.name != _MARKER)
    return {f.relative_to(folder).as_posix(): [f.stat().st_size, _sha256(f)] for f in files}


def _intact(folder: Path) -> bool:
    """Whether every file the marker lists is there with its size and hash (a few MB)."""
    try:
        note = json.loads((folder / _MARKER).read_text(encoding="utf-8"))
        files = note["files"]
        return bool(files) and all(
            isinstance(entry, list) and _matches(folder / name, *entry)
            for name, entry in files.items()
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _matches(file: Path, size: object, digest: object) -> bool:
    return file.is_file() and file.stat().st_size == size and _sha256(file) == digest


def _sha256(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


def build_demo_pipeline(in_channels: int = 4) -> StableDiffusionPipeline:
    """A StableDiffusionPipeline with tiny random weights, identical on every build; with
    `in_channels` 9 its UNet also takes the mask and the masked picture (inpainting)."""
    import torch
    from diffusers import (
        EulerAncestralDiscreteScheduler,
        StableDiffusionPipeline,
        UNet2DConditionModel,
    )
    from transformers import CLIPTextModel

    with torch.random.fork_rng():
        torch.manual_seed(0)
        tokenizer = tiny_tokenizer()
        unet = UNet2DConditionModel(
            block_out_channels=(32, 64),
            layers_per_block=1,
            sample_size=32,
            in_channels=in_channels,
            out_channels=4,
            down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
            up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
            cross_attention_dim=32,
            attention_head_dim=8,
            norm_num_groups=8,
        )
        # Four blocks give the real 8× latent downscale, so sizes behave as in real models.
        vae = tiny_kl_vae(sample_size=256)
        text_encoder = CLIPTextModel(tiny_clip_config(tokenizer))
    scheduler = EulerAncestralDiscreteScheduler(
        beta_start=0.00085,
        beta_end=0.012,
        beta_schedule="scaled_linear",
        num_train_timesteps=1000,
        timestep_spacing="trailing",
        steps_offset=1,
    )
    return StableDiffusionPipeline(
        vae=vae,
        text_encoder=text_encoder,
        tokenizer=tokenizer,
        unet=unet,
        scheduler=scheduler,
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )


def tiny_kl_vae(sample_size: int, **extra: Any) -> AutoencoderKL:
    """A toy AutoencoderKL with four blocks: the real 8× latent downscale, so sizes behave as
    in real models (`extra`: latent channels, shift/scaling factors, …)."""
    from diffusers import AutoencoderKL

    settings: dict[str, Any] = {"latent_channels": 4, **extra}
    return AutoencoderKL(
        block_out_channels=(8, 16, 16, 16),
        in_channels=3,
        out_channels=3,
        down_block_types=("DownEncoderBlock2D",) * 4,
        up_block_types=("UpDecoderBlock2D",) * 4,
        norm_num_groups=8,
        sample_size=sample_size,
        **settings,
    )


def tiny_clip_config(tokenizer: CLIPTokenizer, **extra: Any) -> CLIPTextConfig:
    """A toy CLIP text encoder's config over `tokenizer` (`extra`: e.g. projection_dim)."""
    from transformers import CLIPTextConfig

    return CLIPTextConfig(
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        hidden_size=32,
        intermediate_size=37,
        num_attention_heads=4,
        num_hidden_layers=2,
        vocab_size=len(tokenizer),
        max_position_embeddings=77,
        **extra,
    )


def build_demo_tiny_vae() -> AutoencoderTiny:
    """A tiny TAESD-shaped decoder, so the "draft" decode path runs offline too."""
    import torch
    from diffusers import AutoencoderTiny

    with torch.random.fork_rng():
        torch.manual_seed(1)
        tiny = AutoencoderTiny(
            encoder_block_out_channels=(8, 8, 8, 8),
            decoder_block_out_channels=(8, 8, 8, 8),
            num_encoder_blocks=(1, 1, 1, 1),
            num_decoder_blocks=(1, 1, 1, 1),
        )
    # TAESD's last layer outputs [0, 1], mapped to [-1, 1]; random weights give about 0, which
    # is black. Centre it on mid-grey with the full demo VAE's spread, so drafts look alike.
    last = tiny.decoder.layers[-1]
    with torch.no_grad():
        last.weight.mul_(_DRAFT_SPREAD)
        last.bias.fill_(0.5)
    return tiny


def tiny_tokenizer() -> CLIPTokenizer:
    """A CLIP tokenizer over single bytes only (no merges): real tokenization, tiny vocab."""
    from tokenizers.pre_tokenizers import ByteLevel
    from transformers import CLIPTokenizer

    alphabet = ByteLevel.alphabet()
    symbols = sorted(alphabet) + [f"{c}</w>" for c in sorted(alphabet)]
    vocab = {symbol: index for index, symbol in enumerate(symbols)}
    vocab["<|startoftext|>"] = len(vocab)
    vocab["<|endoftext|>"] = len(vocab)
    with tempfile.TemporaryDirectory() as folder:
        vocab_file, merges_file = Path(folder, "vocab.json"), Path(folder, "merges.txt")
        vocab_file.write_text(json.dumps(vocab), encoding="utf-8")
        merges_file.write_text("#version: 0.2\n", encoding="utf-8")
        return CLIPTokenizer(str(vocab_file), str(merges_file), model_max_length=77)
