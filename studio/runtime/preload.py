"""Warm-up helpers that keep the window painting while the worker imports torch."""

from __future__ import annotations

import gc
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)
# Far above anything reached during a load: full collections wait until the warm-up ends.
_NO_FULL_COLLECTIONS = 1_000_000


def preload_torch_libraries() -> None:
    """dlopen torch's extension through libc so its long static setup runs GIL-free.

    `import torch` dlopens `torch/_C*.so` (and libtorch_cpu, hundreds of MB) while holding the
    GIL: a 200–300 ms freeze of the GUI thread here. A ctypes call into libc's dlopen releases
    the GIL for that work; the import that follows finds the libraries already loaded.
    """
    if "torch" in sys.modules or sys.platform == "win32":
        return
    import ctypes
    import glob
    import importlib.util

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


@contextmanager
def young_collections_only() -> Iterator[None]:
    """Hold back full garbage collections while torch/diffusers load, then freeze the heap.

    Importing torch, transformers and diffusers creates millions of long-lived objects, and
    each full (generation-2) collection walks all of them with the GIL held: 60–340 ms stalls
    of the GUI thread, measured here (benchmarks/gui_freeze.py), growing with the heap. Young
    collections still run, so short-lived cycles are freed as usual; at the end `gc.freeze()`
    moves the survivors (modules, classes, the model) out of the collector's reach, so later
    full collections only walk what is new.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], _NO_FULL_COLLECTIONS)
    try:
        yield
    finally:
        gc.freeze()
        gc.set_threshold(*thresholds)
