"""Where jobs run, from the settings' "Run jobs on": this computer, one server, or all."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from studio.core.base.errors import StudioError
from studio.runtime.pool import LOCAL, Target

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
