"""Where the app keeps its files: platformdirs, or everything under STUDIO_HOME."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_DIR_NAME = "LienzoStudio"


@dataclass(frozen=True)
class AppPaths:
    """The app's folders; nothing is created until a writer needs it."""

    config: Path
    data: Path
    cache: Path
    logs: Path
    gallery: Path

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def models_cache(self) -> Path:
        return self.cache / "models"


def app_paths(home: str | os.PathLike[str] | None = None) -> AppPaths:
    """The app's folders; `home` (or $STUDIO_HOME) puts all of them in one place."""
    root = home or os.environ.get("STUDIO_HOME")
    if root:
        base = Path(root).expanduser().resolve()
        return AppPaths(
            config=base / "config",
            data=base / "data",
            cache=base / "cache",
            logs=base / "logs",
            gallery=base / "gallery",
        )
    import platformdirs

    dirs = platformdirs.PlatformDirs(APP_DIR_NAME, appauthor=False)
    return AppPaths(
        config=Path(dirs.user_config_dir),
        data=Path(dirs.user_data_dir),
        cache=Path(dirs.user_cache_dir),
        logs=Path(dirs.user_log_dir),
        gallery=Path(platformdirs.user_pictures_dir()) / "Lienzo Studio",
    )
