"""What every route needs: folders, settings, the worker, and the model clients chose."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fastapi import Request

from studio.core.generation.request import MAX_COUNT
from studio.server.security import MAX_BODY_BYTES, Credentials
from studio.server.sink import JobSink

if TYPE_CHECKING:
    from studio.core.base.paths import AppPaths
    from studio.core.base.settings import Settings


@dataclass(frozen=True)
class ServerConfig:
    """How `studio serve` was started."""

    credentials: Credentials = field(default_factory=Credentials)
    cors_origins: tuple[str, ...] = ()
    max_body: int = MAX_BODY_BYTES
    max_count: int = MAX_COUNT


@dataclass
class ServerContext:
    """Shared by the routes; `model` changes through POST /options (installed models only)."""

    paths: AppPaths
    settings: Settings
    runner: JobSink
    model: str
    config: ServerConfig = field(default_factory=ServerConfig)


def context_of(request: Request) -> ServerContext:
    context: ServerContext = request.app.state.context
    return context
