"""Convert a legacy pickle checkpoint (.ckpt/.pt/.bin) into a .safetensors copy, safely.

Pickles can run code when opened. torch.load(weights_only=True) only rebuilds tensors and
plain containers, and since torch 2.6 it is not bypassable (CVE-2025-32434), so older
torch versions are refused outright. The pickle is read once; only the copy is ever loaded.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from studio.core.base.errors import ModelError
from studio.core.models.source import PICKLE_SUFFIXES, require_regular_file

MIN_TORCH = (2, 6)


def convert_legacy_checkpoint(path: Path, target: Path | None = None) -> Path:
    """Read `path` with weights_only=True and write its tensors to a .safetensors file."""
    _require_safe_torch()
    path = Path(path)
    if path.suffix.lower() not in PICKLE_SUFFIXES:
        raise ModelError(
            f"{path.name} is not a legacy checkpoint ({', '.join(PICKLE_SUFFIXES)}).",
            f"{path.name} no es un checkpoint antiguo ({', '.join(PICKLE_SUFFIXES)}).",
        )
    require_regular_file(path)  # not "refused as unsafe" when it is missing or a pipe
    target = target or path.with_suffix(".safetensors")
    if target.exists():
        raise ModelError(
            f"{target.name} already exists; it was probably converted before. Use that file.",
            f"{target.name} ya existe; probablemente ya se convirtió. Usa ese archivo.",
        )
    tensors = _tensors(_safe_load(path))
    if not tensors:
        raise ModelError(
            f"{path.name} contains no model weights.",
            f"{path.name} no contiene pesos de modelo.",
        )
    _write_safetensors(_unshared(tensors), target, source=path.name)
    return target


def _require_safe_torch() -> None:
    import torch

    version = tuple(int(part) for part in torch.__version__.split("+")[0].split(".")[:2])
    if version < MIN_TORCH:
        raise ModelError(
            f"Converting .ckpt files needs torch 2.6 or newer (this is {torch.__version__}); "
            "older versions can be tricked into running code from the file.",
            f"Convertir archivos .ckpt requiere torch 2.6 o posterior (hay {torch.__version__}); "
            "las versiones anteriores pueden ejecutar código del archivo.",
        )


def _safe_load(path: Path) -> Any:
    import pickle
    import warnings

    import torch

    try:
        with warnings.catch_warnings():  # torch warns about pickle protocols: noise for users
            warnings.simplefilter("ignore", UserWarning)
            return torch.load(path, map_location="cpu", weights_only=True, mmap=False)
    except (pickle.UnpicklingError, RuntimeError, ValueError, EOFError, OSError) as exc:
        raise ModelError(
            f"{path.name} was refused: it contains something other than model weights (such "
            "as code that would run when opened), or it is damaged. Nothing from it was run. "
            "Get the .safetensors version of this model from its author.",
            f"Se rechazó {path.name}: contiene algo distinto de pesos de modelo (como código "
            "que se ejecutaría al abrirlo) o está dañado. No se ejecutó nada de él. Consigue "
            "la versión .safetensors de este modelo de su autor.",
        ) from exc


def _tensors(loaded: Any) -> dict[str, Any]:
    """The flat name → tensor map, unwrapping Lightning's {"state_dict": {...}} envelope."""
    import torch

    state = loaded.get("state_dict", loaded) if isinstance(loaded, dict) else {}
    if not isinstance(state, dict):
        return {}
    return {
        str(name): value.contiguous()
        for name, value in state.items()
        if isinstance(value, torch.Tensor)
    }


def _unshared(tensors: dict[str, Any]) -> dict[str, Any]:
    # Tied weights share storage, which safetensors refuses; each gets its own copy.
    seen: set[int] = set()
    unique = {}
    for name, tensor in tensors.items():
        pointer = tensor.untyped_storage().data_ptr()
        unique[name] = tensor.clone() if pointer in seen else tensor
        seen.add(pointer)
    return unique


def _write_safetensors(tensors: dict[str, Any], target: Path, source: str) -> None:
    """Write beside `target` and rename, so a full disk or a crash leaves no half file."""
    from safetensors.torch import save_file

    partial = target.with_name(f".{target.name}.partial")
    try:
        save_file(tensors, str(partial), metadata={"converted_from": source})
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
