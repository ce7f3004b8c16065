"""The diffusers configs and CLIP tokenizers single-file checkpoints need, shipped with the app.

`from_single_file` otherwise downloads them from the hub on first use; with these a
.safetensors from Civitai loads with no network at all. The package keeps one gzipped CLIP
BPE table (OpenAI CLIP's, via open_clip, MIT) and expands it into vocab.json/merges.txt once.
"""

from __future__ import annotations

import gzip
import json
import shutil
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path

from studio.core.base.errors import ModelError

CONFIG_VERSION = 1
INPAINT_CHANNELS = 9  # an inpainting UNet: 4 latent + 1 mask + 4 masked-picture channels
_MAX_JSON = 1 << 20  # a UNet config is a few kB
# The first convolution of the UNet, in the original (LDM) layout and in diffusers' own.
_CONV_IN = ("model.diffusion_model.input_blocks.0.0.weight", "conv_in.weight")
_BPE = "bpe_simple_vocab_16e6.txt.gz"
_MARKER = "lienzo_config.json"
_MERGES = 49152 - 256 - 2  # CLIP's vocabulary: 256 bytes ×2, the merges, 2 special tokens


def shipped_families() -> list[str]:
    """Families whose configs ship with the app."""
    root = _package_root()
    return sorted(p.name for p in root.iterdir() if (p / "model_index.json").is_file())


def single_file_config_dir(family: str, cache: Path) -> Path:
    """A complete local diffusers config folder for `family`, built under `cache` once."""
    if family not in shipped_families():
        raise ModelError(
            f"No offline configuration for the model family {family!r}; "
            f"supported: {', '.join(shipped_families())}.",
            f"No hay configuración sin conexión para la familia {family!r}; "
            f"compatibles: {', '.join(shipped_families())}.",
        )
    target = cache / "model_configs" / f"v{CONFIG_VERSION}" / family
    if (target / _MARKER).is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{family}-"))
    try:
        _assemble(family, staging)
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def inpainting_config_dir(family: str, cache: Path) -> Path:
    """The family's config folder with a 9-channel UNet, for inpainting checkpoints."""
    base = single_file_config_dir(family, cache)
    target = base.parent / f"{family}-inpainting"
    if (target / _MARKER).is_file():
        return target
    staging = Path(tempfile.mkdtemp(dir=base.parent, prefix=f".{family}-inpainting-"))
    try:
        shutil.copytree(base, staging, dirs_exist_ok=True)
        unet = staging / "unet" / "config.json"
        config = json.loads(unet.read_text(encoding="utf-8"))
        config["in_channels"] = INPAINT_CHANNELS
        unet.write_text(json.dumps(config, indent=1), encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def unet_in_channels(path: Path) -> int | None:
    """How many channels the UNet of a diffusers folder or a .safetensors file takes (9: an
    inpainting model), read from its config or its first convolution; None when unknown."""
    try:
        if path.is_dir():
            return _folder_in_channels(path / "unet" / "config.json")
        return _file_in_channels(path)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _folder_in_channels(config: Path) -> int | None:
    if not config.is_file() or config.stat().st_size > _MAX_JSON:
        return None
    channels = json.loads(config.read_text(encoding="utf-8")).get("in_channels")
    return channels if isinstance(channels, int) and not isinstance(channels, bool) else None


def _file_in_channels(path: Path) -> int | None:
    from safetensors import SafetensorError, safe_open

    try:
        with safe_open(str(path), framework="numpy") as handle:
            key = next((k for k in _CONV_IN if k in handle.keys()), None)  # noqa: SIM118
            shape = handle.get_slice(key).get_shape() if key else None
    except SafetensorError:
        return None
    return int(shape[1]) if shape and len(shape) == 4 else None


def _assemble(family: str, staging: Path) -> None:
    shutil.copytree(_package_root() / family, staging, dirs_exist_ok=True)
    vocab, merges = clip_vocab()
    for tokenizer in staging.glob("tokenizer*"):
        (tokenizer / "vocab.json").write_text(vocab, encoding="utf-8")
        (tokenizer / "merges.txt").write_text(merges, encoding="utf-8")
    (staging / _MARKER).write_text(json.dumps({"version": CONFIG_VERSION}), encoding="utf-8")


@lru_cache(maxsize=1)
def clip_vocab() -> tuple[str, str]:
    """CLIP's vocab.json and merges.txt texts, rebuilt from the BPE table as CLIP does."""
    raw = gzip.decompress((_package_root() / _BPE).read_bytes()).decode("utf-8")
    merges = [tuple(line.split()) for line in raw.split("\n")[1 : _MERGES + 1]]
    alphabet = list(_bytes_to_unicode().values())
    tokens = alphabet + [f"{c}</w>" for c in alphabet] + ["".join(m) for m in merges]
    tokens += ["<|startoftext|>", "<|endoftext|>"]
    vocab = json.dumps({token: index for index, token in enumerate(tokens)}, ensure_ascii=False)
    merges_text = "#version: 0.2\n" + "\n".join(" ".join(m) for m in merges) + "\n"
    return vocab, merges_text


def _bytes_to_unicode() -> dict[int, str]:
    # GPT-2/CLIP byte-level alphabet, in CLIP's order (token ids depend on it): printable
    # bytes first, as themselves, then the others mapped above 255.
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1)]
    printable += range(ord("®"), ord("ÿ") + 1)
    mapping = {byte: chr(byte) for byte in printable}
    others = [byte for byte in range(256) if byte not in mapping]
    mapping.update({byte: chr(256 + index) for index, byte in enumerate(others)})
    return mapping


def _package_root() -> Path:
    return Path(str(resources.files("studio") / "resources" / "model_configs"))
