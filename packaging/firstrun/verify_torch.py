"""Run inside the new venv: put a tensor on the device and print one JSON report line.

    python verify_torch.py cuda|rocm|mps|cpu

Exits non-zero when torch cannot be imported or even a CPU tensor fails. A GPU that does not
work is a warning, not a failure: the CPU still runs the app.
"""

from __future__ import annotations

import json
import sys

MARKER = "LIENZO_VERIFY "


def _works(torch: object, device: str) -> bool:
    x = torch.ones(4, device=device)  # type: ignore[attr-defined]
    return float((x * 2).sum().cpu()) == 8.0


def _gpu(torch: object, variant: str) -> tuple[str, str]:
    if variant in ("cuda", "rocm"):  # ROCm builds use the torch.cuda API too
        if not torch.cuda.is_available():  # type: ignore[attr-defined]
            raise RuntimeError("torch.cuda.is_available() is False")
        return "cuda", torch.cuda.get_device_name(0)  # type: ignore[attr-defined]
    if not torch.backends.mps.is_available():  # type: ignore[attr-defined]
        raise RuntimeError("torch.backends.mps.is_available() is False")
    return "mps", "Apple GPU (MPS)"


def main(variant: str) -> int:
    import torch

    report = {"torch": torch.__version__, "device": "cpu", "name": "CPU", "warning": ""}
    if variant != "cpu":
        try:
            device, name = _gpu(torch, variant)
            if _works(torch, device):
                report.update(device=device, name=name)
        except Exception as exc:  # any GPU failure: report it, keep the CPU
            report["warning"] = f"the GPU is not usable ({exc}); the app will use the CPU"
    if not _works(torch, "cpu"):
        print("a tensor on the CPU gave a wrong result", file=sys.stderr)
        return 1
    print(MARKER + json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "cpu"))
