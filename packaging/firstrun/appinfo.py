"""The app's name and version, read from studio/__init__.py (or a build's build_info.json)."""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path

BUILD_INFO = "build_info.json"


@dataclass(frozen=True)
class AppInfo:
    """What the setup installs: the app's name, version and the wheel or source folder."""

    name: str
    version: str
    package: Path  # a wheel in a build, the project folder in a source checkout


def read_init(init_file: Path) -> tuple[str, str]:
    """(APP_NAME, __version__) from studio/__init__.py, without importing it."""
    found: dict[str, str] = {}
    for node in ast.parse(init_file.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id in ("APP_NAME", "__version__"):
                    found[target.id] = str(node.value.value)
    if len(found) != 2:
        raise ValueError(f"{init_file} must define APP_NAME and __version__")
    return found["APP_NAME"], found["__version__"]


def load_app_info(base: Path) -> AppInfo:
    """Info for the build whose launcher lies in `base`, or for the checkout around it."""
    build_info = base / BUILD_INFO
    if build_info.exists():
        data = json.loads(build_info.read_text(encoding="utf-8"))
        return AppInfo(data["name"], data["version"], base / data["wheel"])
    root = base.parent  # packaging/ in a source checkout
    name, version = read_init(root / "studio" / "__init__.py")
    return AppInfo(name, version, root)
