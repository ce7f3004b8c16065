"""Spanish or English: our Qt Linguist catalogue plus Qt's own, following the system locale."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from studio.core.base import errors

log = logging.getLogger(__name__)
I18N_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"
LANGUAGES = ("system", "es", "en")


def resolve_language(setting: str) -> str:
    """ "es" or "en": the setting, else the system's language (Spanish for any es_* locale)."""
    if setting in ("es", "en"):
        return setting
    errors.set_language(None)
    return errors.current_language()


class Translations:
    """Installs and swaps the translators; Qt then sends LanguageChange to every widget."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._installed: list[QTranslator] = []
        self.language = "en"

    def apply(self, setting: str) -> str:
        """Switch to the language of `setting` ("system", "es" or "en"); return the one used."""
        language = resolve_language(setting)
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()
        if language == "es":
            self._install(I18N_DIR, "lienzo_es")
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            self._install(Path(qt_dir), "qtbase_es")
        errors.set_language(language)
        QLocale.setDefault(
            QLocale(QLocale.Language.Spanish if language == "es" else QLocale.Language.English)
        )
        self.language = language
        return language

    def _install(self, folder: Path, name: str) -> None:
        translator = QTranslator(self._app)
        if translator.load(name, str(folder)):
            self._app.installTranslator(translator)
            self._installed.append(translator)
        else:
            log.warning("Translation %s not found in %s", name, folder)
