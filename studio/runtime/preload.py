"""Load torch's native libraries without holding the GIL, so the window keeps painting."""

from __future__ import annotations

import ctypes
import glob
import importlib.util
import logging
import os
import sys

log = logging.getLogger(__name__)


def preload_torch_libraries() -> None:
    """dlopen torch's extension through libc so its long static setup runs GIL-free.

    `import torch` dlopens `torch/_C*.so` (and libtorch_cpu, hundreds of MB) while holding the
    GIL: a 200–300 ms freeze of the GUI thread here. A ctypes call into libc's dlopen releases
    the GIL for that work; the import that follows finds the libraries already loaded.
    """
    if "torch" in sys.modules or sys.platform == "win32":
        return
    try:
        spec = importlib.util.find_spec("torch")
        if spec is None or spec.origin is None:
            return
        libc = ctypes.CDLL(None)
        libc.dlopen.restype = ctypes.c_void_p
        libc.dlopen.argtypes = [ctypes.c_char_p, ctypes.c_int]
        for library in glob.glob(os.path.join(os.path.dirname(spec.origin), "_C.*.so")):
            libc.dlopen(os.fsencode(library), os.RTLD_NOW | os.RTLD_GLOBAL)
    except (OSError, AttributeError, ValueError) as exc:  # an optimisation only
        log.debug("torch preload skipped: %s", exc)
