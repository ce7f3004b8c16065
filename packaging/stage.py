"""Stage what every OS build ships: the launcher, the app wheel, icons, rendered templates.

    python3 packaging/stage.py --out build/stage [--source <checkout>]

Layout of <out>/app (what the installers copy; the launcher runs from it):
    firstrun/  torch_choice.py  build_info.json  wheels/<app wheel>  icons/
Plus <out>/lienzo-studio.desktop. Stdlib only; the wheel is built with pip (needs PyPI for
setuptools unless it is cached). Prints the staged facts as JSON for the shell scripts.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from firstrun.appinfo import BUILD_INFO, read_init  # noqa: E402 (needs the path above)

SLUG = "lienzo-studio"  # file names, the .desktop id, the Debian package, Qt's desktopFileName


def build_wheel(source: Path, wheels: Path) -> Path:
    """The app's pure-Python wheel, built from `source`."""
    wheels.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
        check=True,
    )
    found = sorted(wheels.glob("lienzo_studio-*.whl"))
    if len(found) != 1:
        raise SystemExit(f"expected one app wheel in {wheels}, found {found}")
    return found[0]


def copy_launcher(source: Path, app: Path) -> None:
    """firstrun/ and torch_choice.py from the checkout, without caches."""
    shutil.copytree(
        source / "packaging" / "firstrun",
        app / "firstrun",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    shutil.copy2(source / "packaging" / "torch_choice.py", app / "torch_choice.py")
    shutil.copytree(source / "resources" / "icons", app / "icons")


def render_template(template: Path, out: Path, name: str, version: str) -> None:
    """Fill @APP_NAME@ and @VERSION@."""
    text = template.read_text(encoding="utf-8")
    out.write_text(text.replace("@APP_NAME@", name).replace("@VERSION@", version), "utf-8")


def stage(source: Path, out: Path) -> dict[str, str]:
    """Stage into `out` (emptied first); the facts the OS scripts need."""
    name, version = read_init(source / "studio" / "__init__.py")
    if out.exists():
        shutil.rmtree(out)
    app = out / "app"
    app.mkdir(parents=True)
    copy_launcher(source, app)
    wheel = build_wheel(source, app / "wheels")
    info = {"name": name, "version": version, "wheel": f"wheels/{wheel.name}"}
    (app / BUILD_INFO).write_text(json.dumps(info, indent=2), encoding="utf-8")
    render_template(
        source / "resources" / f"{SLUG}.desktop.in", out / f"{SLUG}.desktop", name, version
    )
    return {**info, "slug": SLUG, "app_dir": str(app), "desktop": str(out / f"{SLUG}.desktop")}


def main() -> None:
    """Command line: --source (default: this checkout) and --out."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=HERE.parent)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--field", help="print only this field (for shell scripts)")
    args = parser.parse_args()
    facts = stage(args.source.resolve(), args.out.resolve())
    print(facts[args.field] if args.field else json.dumps(facts, indent=2))


if __name__ == "__main__":
    main()
