"""Errors a user can act on, each with an English and a Spanish message."""

from __future__ import annotations

import locale
import os

_language: str | None = None


def set_language(language: str | None) -> None:
    """Choose the language of user-facing messages: "en", "es", or None for the system's."""
    global _language
    _language = language if language in ("en", "es") else None


def current_language() -> str:
    """The language messages are shown in: the chosen one, else the system locale's."""
    if _language:
        return _language
    for var in ("LIENZO_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "es" if value.lower().startswith("es") else "en"
    system = locale.getlocale()[0] or ""
    return "es" if system.lower().startswith("es") else "en"


def tr(en: str, es: str) -> str:
    """Pick the English or Spanish text for the current language."""
    return es if current_language() == "es" else en


def unexpected_error(exc: BaseException) -> str:
    """What the user reads about an error no code of ours expected (a library's message):
    wrapped in their language, the details left to the log."""
    detail = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
    return tr(
        f"Unexpected error: {detail}. Details are in the log.",
        f"Error inesperado: {detail}. Los detalles están en el registro.",
    )


class StudioError(Exception):
    """A problem the user can fix; carries the message in both languages."""

    def __init__(self, en: str, es: str) -> None:
        super().__init__(en)
        self.en = en
        self.es = es

    def __str__(self) -> str:
        return tr(self.en, self.es)

    def bilingual(self) -> str:
        """Both messages, for logs and for places where the language is unknown."""
        return f"{self.en}\n{self.es}"


class InvalidRequestError(StudioError):
    """A generation setting is out of range or malformed."""

    def __init__(self, field: str, en: str, es: str) -> None:
        super().__init__(en, es)
        self.field = field


class ModelError(StudioError):
    """A model cannot be found, downloaded, trusted or loaded."""


class ModelNotHere(ModelError):
    """This machine has no model (or LoRA) of the name a job asks for; another may have it."""


class ModelNotDownloaded(ModelError):
    """A Hub model that is not on this computer, where downloading now was not wanted."""

    def __init__(self, repo_id: str, en: str, es: str) -> None:
        super().__init__(en, es)
        self.repo_id = repo_id


class ImageInputError(StudioError):
    """An input image cannot be used."""


class OutputError(StudioError):
    """An image could not be saved; nothing was written."""


class GenerationCancelled(Exception):
    """The user cancelled; no image was produced."""
