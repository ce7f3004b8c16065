"""`python path/to/firstrun [args]` or `python -m firstrun [args]`: set up if needed, then start."""

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a folder: make the package importable by its name
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from firstrun.launcher import main

raise SystemExit(main(sys.argv[1:]))
