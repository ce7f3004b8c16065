"""A guard against a PySide6 defect that aborts Python before 3.12 ("Fatal Python error:
bool_dealloc" or "deallocating None"), at exit or in the middle of a long session.

PySide6 6.12.0 returns None from every void Qt method, and True from `Signal.emit`, `connect`
and `disconnect`, without taking a reference: each call takes one away from None or True
(measured here: -1.00 per call, 0 with 6.11.3). Python 3.12 made these objects immortal
(PEP 683), so the loss is harmless there; before 3.12 the count reaches zero after a few
thousand calls and the interpreter aborts. A worker that runs many steps (each step emits
several signals) gets there within one session.
"""

from __future__ import annotations

import ctypes
import logging
import sys

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)
_PROBES = 32
# What 3.12 gives immortal objects, within a Py_ssize_t on 32-bit builds too: billions of
# lost references before any count could reach zero.
_HEADROOM = sys.maxsize // 4
_SINGLETONS = (None, True, False)


class _Probe(QObject):
    pinged = Signal()


def drops_singleton_references() -> bool:
    """Whether this PySide6 takes references from None or True that it never gave."""
    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.setObjectName("")  # a void method: returns None
        probe.pinged.emit()  # returns True
    lost_none = none_before - sys.getrefcount(None)
    lost_true = true_before - sys.getrefcount(True)
    return lost_none >= _PROBES or lost_true >= _PROBES


def _counts_can_reach_zero() -> bool:
    # Immortal since 3.12; a Py_TRACE_REFS build has other fields before the count.
    return (
        sys.implementation.name == "cpython"
        and sys.version_info < (3, 12)
        and not hasattr(sys, "getobjects")
    )


def guard_singletons() -> bool:
    """Where the defect is measured and counts can reach zero, give None, True and False the
    headroom Python 3.12 gives them; says whether it did. Safe to call more than once."""
    if not _counts_can_reach_zero() or not drops_singleton_references():
        return False
    for singleton in _SINGLETONS:
        count = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt, the first field
        if count.value < _HEADROOM:
            count.value += _HEADROOM
    log.debug("PySide6 drops references to None/True: made them immortal, as Python 3.12 does")
    return True
