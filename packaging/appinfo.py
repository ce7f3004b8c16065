"""Print the app's name or version from studio/__init__.py (for shell and CI scripts).

python3 packaging/appinfo.py version|name [--source <checkout>]
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from firstrun.appinfo import read_init  # noqa: E402 (needs the path above)


def main(argv: list[str]) -> int:
    """Print one field."""
    if not argv or argv[0] not in ("name", "version"):
        print(__doc__, file=sys.stderr)
        return 2
    source = Path(argv[2]) if len(argv) > 2 and argv[1] == "--source" else HERE.parent
    name, version = read_init(source / "studio" / "__init__.py")
    print(name if argv[0] == "name" else version)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
