"""Lienzo Studio: create images with Stable Diffusion on your own computer."""

import os as _os

__version__ = "0.1.0"

# Apple GPUs lack a few kernels; PyTorch reads this only before it is first imported, and
# anything of ours that imports torch imports this package first.
_os.environ.setdefault("PYTORCH_ENABLE_MPS_FALLBACK", "1")
APP_NAME = "Lienzo Studio"
