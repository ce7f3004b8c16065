"""The model picker and the LoRA panel when jobs run on one server: that server's checkpoints
and LoRAs (ComfyUI /object_info, A1111 /sd-models and /loras), asked for off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from studio.core.backends.base import ServerError
from studio.core.backends.servers import ServerList, probe
from studio.core.models.library import PickerEntry
from studio.runtime.pool import LOCAL
from studio.runtime.targets import ALL

if TYPE_CHECKING:
    from studio.core.base.paths import AppPaths
    from studio.core.base.settings import Settings


@dataclass(frozen=True)
class ServerModels:
    """What the picker lists for a server: its checkpoints, and its LoRAs for the panel."""

    entries: list[PickerEntry]
    loras: tuple[str, ...]


def chosen_server(settings: Settings) -> str | None:
    """The one server jobs run on (None: this computer, or all of them)."""
    return None if settings.run_on in (LOCAL, ALL) else settings.run_on


def server_models(paths: AppPaths, name: str) -> ServerModels:
    """Ask the server `name` for its models (network: call it off the GUI thread)."""
    servers = ServerList(paths)
    entry = servers.find(name)
    if entry is None:
        raise ServerError(
            f"The server '{name}' is no longer in Settings ▸ Generate on.",
            f"El servidor '{name}' ya no está en Ajustes ▸ Generar en.",
            retry=False,
        )
    info = probe(entry.url, servers.credentials(entry))
    entries = [PickerEntry(ckpt, ckpt, "", "server") for ckpt in info.checkpoints]
    return ServerModels(entries, info.loras)
