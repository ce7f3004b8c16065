"""What `--model` names: the demo, a diffusers folder, a .safetensors file or a Hub repo."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from studio.core.base.errors import ModelError, ModelNotHere
from studio.core.models.families import FAMILIES, Family, family_from_name
from studio.core.models.flow import family_from_index, family_from_keys, gguf_keys

DEMO = "demo"
DEMO_NAME = "lienzo-demo"
DEMO_INPAINT = "demo-inpaint"  # the demo's inpainting variant (9-channel UNet)
PICKLE_SUFFIXES = (".ckpt", ".pt", ".pth", ".bin", ".pkl")
_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
_MAX_HEADER = 100 * 2**20


@dataclass(frozen=True)
class ModelStamp:
    """What the metadata says about the model: a display name and A1111's short hash."""

    name: str
    hash: str
    family: str
    quantization: str = ""  # a GGUF transformer's main type (gguf-Q4_K), else full weights
    files: tuple[str, ...] = ()  # a single transformer file and the base folder it used


@dataclass(frozen=True)
class ModelSource:
    """A resolved model reference: what it is, where it is, which family."""

    kind: str  # demo, folder, single_file, repo
    ref: str
    family: Family
    name: str
    path: Path | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.path or self.ref}"


def resolve_model(ref: str) -> ModelSource:
    """Check a model reference without loading weights; raise ModelError saying what is wrong."""
    ref = ref.strip()
    if not ref:  # "" is no model at all, never the current folder
        raise ModelError(
            "No model was chosen. Choose one in the model list (or use --model), or try the "
            "demo model, which needs no download.",
            "No se ha elegido ningún modelo. Elige uno en la lista de modelos (o usa --model), "
            "o prueba el modelo demo, que no necesita descarga.",
        )
    if ref.lower() == DEMO:
        return ModelSource("demo", DEMO, FAMILIES["demo"], DEMO_NAME)
    if ref.lower() == DEMO_INPAINT:
        return ModelSource("demo", DEMO_INPAINT, FAMILIES["demo"], f"{DEMO_NAME}-inpaint")
    path = Path(ref).expanduser()
    if path.exists():
        return _resolve_folder(path) if path.is_dir() else _resolve_file(path)
    if _REPO_ID.match(ref) and not ref.lower().endswith((".safetensors", *PICKLE_SUFFIXES)):
        return ModelSource("repo", ref, family_from_name(ref), ref.split("/")[-1])
    raise ModelNotHere(
        f"Model not found: {ref!r} is neither a file, a folder nor a Hugging Face repo id "
        "(like 'stabilityai/sd-turbo'). Check the spelling, or use --model demo.",
        f"Modelo no encontrado: {ref!r} no es un archivo, ni una carpeta, ni un repositorio "
        "de Hugging Face (como 'stabilityai/sd-turbo'). Revisa el nombre o usa --model demo.",
    )


def _resolve_folder(path: Path) -> ModelSource:
    index = path / "model_index.json"
    if not index.is_file():
        raise ModelError(
            f"{path.name!r} is a folder but not a diffusers model (no model_index.json in it).",
            f"{path.name!r} es una carpeta, no un modelo diffusers (falta model_index.json).",
        )
    family = _folder_family(path)
    return ModelSource("folder", str(path), family, path.name, path.resolve())


def _folder_family(path: Path) -> Family:
    if (path / "lienzo_demo.json").is_file():
        return FAMILIES["demo"]
    try:
        index = json.loads((path / "model_index.json").read_text(encoding="utf-8"))
        unet = json.loads((path / "unet" / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        index, unet = {}, {}
    flow = family_from_index(path, str(index.get("_class_name", "")))
    if flow is not None:
        return flow
    is_xl = "XL" in str(index.get("_class_name", ""))
    text_dim = unet.get("cross_attention_dim") if isinstance(unet, dict) else None
    return family_from_name(path.name, is_xl, text_dim if isinstance(text_dim, int) else None)


def _resolve_file(path: Path) -> ModelSource:
    check_model_file(path)
    keys = gguf_keys(path) if path.suffix.lower() == ".gguf" else safetensors_keys(path)
    return ModelSource(
        "single_file", str(path), _keys_family(path.stem, keys), path.stem, path.resolve()
    )


def check_model_file(path: Path) -> None:
    """Refuse files that are empty, git-LFS pointers, pickles, or not safetensors."""
    require_regular_file(path)
    size = path.stat().st_size
    if size == 0:
        raise ModelError(
            f"{path.name} is empty (0 bytes): the download did not finish. Download it again.",
            f"{path.name} está vacío (0 bytes): la descarga no terminó. Vuelve a descargarlo.",
        )
    head = _read_head(path)
    if head.startswith(b"version https://git-lfs"):
        raise ModelError(
            f"{path.name} is a git-LFS pointer ({size} bytes), not the model: it was cloned "
            "without git-lfs. Download the real file (several GB) instead.",
            f"{path.name} es un puntero de git-LFS ({size} bytes), no el modelo: se clonó sin "
            "git-lfs. Descarga el archivo real (varios GB).",
        )
    if path.suffix.lower() in PICKLE_SUFFIXES or head[:2] in (b"PK", b"\x80\x02"):
        raise ModelError(
            f"{path.name} is a pickle checkpoint, which can run arbitrary code when opened, so "
            "Lienzo Studio does not load it. Get the .safetensors version of this model, or "
            f'make one with `studio models convert "{path}"` (it reads only the weights).',
            f"{path.name} es un checkpoint pickle, que puede ejecutar código al abrirse, así que "
            "Lienzo Studio no lo carga. Consigue la versión .safetensors de este modelo, o "
            f'créala con `studio models convert "{path}"` (solo lee los pesos).',
        )
    if path.suffix.lower() == ".gguf" and head.startswith(b"GGUF"):
        return  # a quantized transformer (FLUX.1, SD 3.x); read by the gguf package
    if path.suffix.lower() != ".safetensors":
        raise ModelError(
            f"{path.name} is not a .safetensors model file.",
            f"{path.name} no es un archivo de modelo .safetensors.",
        )


def require_regular_file(path: Path) -> None:
    """Refuse a path that is missing, a folder, a device, a pipe or a socket, saying which."""
    if not path.exists():
        raise ModelError(f"{path.name} does not exist.", f"{path.name} no existe.")
    if path.is_dir():
        raise ModelError(
            f"{path.name} is a folder; choose the model file in it.",
            f"{path.name} es una carpeta; elige el archivo del modelo que contiene.",
        )
    if not path.is_file():  # /dev/zero or a named pipe: reading it would never end
        raise ModelError(
            f"{path.name} is not a regular file (a device, a pipe or a socket), so it cannot be "
            "a model. Choose the model's .safetensors file or its folder.",
            f"{path.name} no es un archivo normal (es un dispositivo, una tubería o un socket), "
            "así que no puede ser un modelo. Elige su archivo .safetensors o su carpeta.",
        )


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(200)
    except PermissionError as exc:
        raise ModelError(
            f"{path.name} cannot be read: no permission. Check the file's permissions.",
            f"{path.name} no se puede leer: no hay permiso. Revisa los permisos del archivo.",
        ) from exc


def safetensors_keys(path: Path) -> list[str]:
    """Tensor names of a .safetensors file, after checking the file is complete."""
    from safetensors import SafetensorError, safe_open

    _check_safetensors_length(path)
    try:
        with safe_open(str(path), framework="numpy") as handle:
            return list(handle.keys())
    except (SafetensorError, OSError, ValueError) as exc:
        raise _damaged(path, str(exc)) from exc


def _check_safetensors_length(path: Path) -> None:
    # The header states where the last tensor ends; a shorter file is a cut download.
    size = path.stat().st_size
    with path.open("rb") as handle:
        length = int.from_bytes(handle.read(8), "little")
        if not 2 <= length <= min(_MAX_HEADER, size - 8):
            raise _damaged(path, f"header length {length}")
        try:
            header = json.loads(handle.read(length))
        except ValueError as exc:
            raise _damaged(path, "header is not JSON") from exc
    ends = [v["data_offsets"][1] for k, v in header.items() if k != "__metadata__"]
    if 8 + length + max(ends, default=0) > size:
        raise _damaged(path, "file is shorter than its header says")


def _damaged(path: Path, detail: str) -> ModelError:
    return ModelError(
        f"{path.name} is damaged or incomplete ({detail}). Download it again.",
        f"{path.name} está dañado o incompleto ({detail}). Vuelve a descargarlo.",
    )


def _keys_family(name: str, keys: list[str]) -> Family:
    if any(k.startswith("conditioner.embedders.1") for k in keys):
        return family_from_name(name, is_xl=True)
    if any(k.startswith("cond_stage_model.model.") for k in keys):
        return family_from_name(name, text_dim=1024)
    if any(k.startswith("cond_stage_model.transformer") for k in keys):
        return family_from_name(name, text_dim=768)
    flow = family_from_keys(name, keys)
    if flow is not None:
        return flow
    raise ModelError(
        f"{name} does not look like a Stable Diffusion checkpoint (it may be a LoRA, a VAE "
        "or another kind of model).",
        f"{name} no parece un checkpoint de Stable Diffusion (puede ser una LoRA, un VAE u "
        "otro tipo de modelo).",
    )
