"""Where jobs run, from the settings' "Run jobs on": this computer, one server, or all.

Reading them means reading servers.json and each server's credentials from the OS keyring,
which may block for seconds (a locked wallet asking for its password): `TargetLoader` does it
off the GUI thread, like the servers page's network calls.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from studio.core.base.errors import StudioError
from studio.runtime.model_tasks import ModelTaskRunner, simple_work
from studio.runtime.pool import LOCAL, Target, close_backend

if TYPE_CHECKING:
    from studio.core.base.paths import AppPaths
    from studio.core.base.settings import Settings

log = logging.getLogger(__name__)
ALL = "all"  # this computer and every server


def targets_for(
    settings: Settings, paths: AppPaths, problems: list[str] | None = None
) -> list[Target]:
    """The targets for `settings.run_on`; a server no longer in the list means this computer.
    A server whose backend cannot be made (credentials gone) is left out, its reason added
    to `problems`."""
    choice = settings.run_on
    if choice == LOCAL:
        return [Target(LOCAL)]
    from studio.core.backends.servers import ServerList, backend_for

    entries = ServerList(paths).entries()
    chosen = entries if choice == ALL else [e for e in entries if e.name == choice]
    if not chosen and choice != ALL:
        log.warning("Run jobs on %r: no such server; this computer runs them", choice)
    servers: list[Target] = []
    for entry in chosen:
        try:
            servers.append(Target(entry.name, backend_for(entry, paths)))
        except StudioError as exc:
            log.warning("Server %s left out: %s", entry.name, exc)
            if problems is not None:
                problems.append(str(exc))
    if choice == ALL or not servers:
        return [Target(LOCAL), *servers]
    return servers


class TargetLoader(QObject):
    """Reads the targets of new settings in a pool thread; `loaded` comes on the GUI thread
    with the newest read only (an older one that ends later is dropped, its backends closed).
    "This computer" needs no reading and is answered at once."""

    loaded = Signal(object, object)  # list[Target] (None: the read broke), list[str] problems

    def __init__(self, paths: AppPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._paths = paths
        self._runner = ModelTaskRunner(self)
        self._asked = 0  # how many reads were asked for
        self._awaited = 0  # the number of the read whose answer counts (0: none awaited)

    @property
    def pending(self) -> bool:
        """Whether new settings' targets are still being read (jobs wait for them)."""
        return self._awaited != 0

    def load(self, settings: Settings) -> None:
        """Read the targets of `settings`; `loaded` says what they are."""
        self._asked += 1
        if settings.run_on == LOCAL:
            self._awaited = 0
            self.loaded.emit([Target(LOCAL)], [])
            return
        self._awaited = ticket = self._asked
        task = self._runner.start("targets", simple_work(lambda: _read(settings, self._paths)))
        task.succeeded.connect(lambda result: self._on_read(ticket, *result))
        task.failed.connect(lambda message: self._on_read(ticket, None, [message]))

    def _on_read(self, ticket: int, targets: list[Target] | None, problems: list[str]) -> None:
        if ticket != self._awaited:  # newer settings were applied meanwhile
            for target in targets or []:
                close_backend(target.backend)
            return
        self._awaited = 0
        self.loaded.emit(targets, problems)

    def shutdown(self) -> None:
        """Wait for a read still running (a keyring prompt the user has not answered)."""
        self._awaited = 0
        self._runner.shutdown()


def _read(settings: Settings, paths: AppPaths) -> tuple[list[Target], list[str]]:
    problems: list[str] = []
    return targets_for(settings, paths, problems), problems
