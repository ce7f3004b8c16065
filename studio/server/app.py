"""The FastAPI app: wiring of the routes, errors in the user's language, auth and limits."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from studio import APP_NAME, __version__
from studio.core.base.errors import InvalidRequestError, StudioError, tr
from studio.server import routes_generate, routes_info
from studio.server.context import ServerConfig, ServerContext
from studio.server.security import Guard
from studio.server.sink import JobFailed, JobSink

if TYPE_CHECKING:
    from studio.core.base.paths import AppPaths
    from studio.core.base.settings import Settings

log = logging.getLogger(__name__)


def create_app(
    paths: AppPaths,
    settings: Settings,
    jobs: JobSink,
    model: str,
    config: ServerConfig | None = None,
) -> FastAPI:
    """The API app; `jobs` (its worker, or the window's queue) starts and stops with it."""
    context = ServerContext(paths, settings, jobs, model, config or ServerConfig())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        context.runner.start()
        yield
        context.runner.stop()

    app = FastAPI(
        title=f"{APP_NAME} API",
        version=__version__,
        description="AUTOMATIC1111-compatible API over Lienzo Studio's engine.",
        lifespan=lifespan,
    )
    app.state.context = context
    _add_error_handlers(app)
    app.include_router(routes_generate.router)
    app.include_router(routes_info.router)
    if context.config.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(context.config.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["*"],
        )
    # Outermost: unauthenticated or oversized requests never reach a route.
    app.add_middleware(
        Guard, credentials=context.config.credentials, max_body=context.config.max_body
    )
    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def bad_body(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [_describe(error) for error in exc.errors()[:20]]
        message = tr("The request is not valid: ", "La petición no es válida: ")
        return _error(422, message + "; ".join(problems), "RequestValidationError")

    @app.exception_handler(InvalidRequestError)
    async def bad_value(request: Request, exc: InvalidRequestError) -> JSONResponse:
        return _error(422, str(exc), "InvalidRequestError")

    @app.exception_handler(StudioError)
    async def refused(request: Request, exc: StudioError) -> JSONResponse:
        return _error(400, str(exc), type(exc).__name__)

    @app.exception_handler(JobFailed)
    async def failed(request: Request, exc: JobFailed) -> JSONResponse:
        return _error(exc.status, str(exc), "JobFailed")


def _describe(error: dict[str, object]) -> str:
    where = ".".join(str(part) for part in error.get("loc", ()) if part != "body")  # type: ignore[union-attr]
    what = str(error.get("msg", ""))[:200]
    return f"{where[:100] or 'body'}: {what}"


def _error(status: int, message: str, kind: str) -> JSONResponse:
    """A1111's error body (error, detail) with our message in the user's language."""
    return JSONResponse(
        status_code=status, content={"error": kind, "detail": message, "errors": message}
    )
