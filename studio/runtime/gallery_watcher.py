"""Pictures copied into or deleted from the gallery folder by hand appear at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

SETTLE_MS = 800  # a copy of many files is one burst of events: report once it settles


class GalleryWatcher(QObject):
    """Watches the gallery folder and its day folders; says `settled` after a burst of changes.

    It holds no reference to the model (only its Qt parent does), so no Python reference
    cycle can leave a QObject to be freed by the garbage collector on a pool thread.
    """

    settled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._watcher.directoryChanged.connect(self._timer.start)
        self._timer.timeout.connect(self.settled)

    def watch(self, root: Path) -> None:
        """Watch `root` (created if missing) and every folder directly inside it."""
        if self._watcher.directories():
            self._watcher.removePaths(self._watcher.directories())
        try:
            root.mkdir(parents=True, exist_ok=True)
            inside = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")]
        except OSError:  # a read-only or vanished disk: nothing to watch, the list still shows
            return
        self._watcher.addPaths([str(f) for f in (root, *inside)])
