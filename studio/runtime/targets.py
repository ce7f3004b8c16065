"""Where jobs run, from the settings' "Run jobs on": this computer, one server, or all.

Reading them means reading servers.json and each server's credentials from the OS keyring,
which may block for seconds (a locked wallet asking for its password): `TargetLoader` does it
off the GUI thread, like the servers page's network calls.
"""

from __future__ import annotations

import logging
import traceback
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from studio.core.base.errors import StudioError, unexpected_error
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

    @property
    def reading(self) -> bool:
        """Whether a read still runs (perhaps one that newer settings made stale)."""
        return self._runner.busy("targets")

    def load(self, settings: Settings) -> None:
        """Read the targets of `settings`; `loaded` says what they are."""
        self._asked += 1
        if settings.run_on == LOCAL:
            self._awaited = 0
            self.loaded.emit([Target(LOCAL)], [])
            return
        self._awaited = self._asked
        read = partial(_read, self._asked, settings, self._paths)
        # A bound slot, not a lambda holding `self`: the task must not keep its grandparent
        # alive (dropping such a lambda while the task is deleted can delete the loader
        # inside the task's own destructor).
        self._runner.start("targets", simple_work(read)).succeeded.connect(self._on_task_read)

    @Slot(object)
    def _on_task_read(self, answer: tuple[int, list[Target] | None, list[str]]) -> None:
        ticket, targets, problems = answer
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


def _read(
    ticket: int, settings: Settings, paths: AppPaths
) -> tuple[int, list[Target] | None, list[str]]:
    """Read number `ticket`: the targets (None when reading broke) and the problems to show."""
    problems: list[str] = []
    try:
        return ticket, targets_for(settings, paths, problems), problems
    except Exception as exc:  # a boundary: jobs must not wait for a read that never ends
        log.error("Reading the servers failed:\n%s", traceback.format_exc())
        return ticket, None, [unexpected_error(exc)]
