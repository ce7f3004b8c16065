"""First-run setup: install the right PyTorch and the app into a managed venv (stdlib only).

It runs from the Python that an installer ships (or the system's, for the .deb), before any of
the app's libraries exist, so it may import nothing outside the standard library and
torch_choice.py, which lies beside this package.
"""

from __future__ import annotations

import sys
from pathlib import Path

_BESIDE = str(Path(__file__).resolve().parent.parent)
if _BESIDE not in sys.path:  # torch_choice.py lives beside this package, in a build and a checkout
    sys.path.insert(0, _BESIDE)
