"""A server that answers fixed responses to fixed paths (anything else: 404), for hostile and
odd answers; serve it with fake_comfy_server.running."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


@dataclass
class Canned:
    """Path → the response it always gets (any method)."""

    answers: dict[str, Response]
    url: str = ""

    def app(self) -> Starlette:
        routes = [
            Route(path, partial(_answer, a), methods=["GET", "POST"])
            for path, a in self.answers.items()
        ]
        return Starlette(routes=routes)


async def _answer(answer: Response, _request: Request) -> Response:
    return answer
