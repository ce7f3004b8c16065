#!/usr/bin/env bash
# Refresh the Spanish catalogue from the UI sources, then compile it for the app.
# Edit studio/resources/i18n/lienzo_es.ts with Qt Linguist (pyside6-linguist) in between.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=.venv/bin
"$bin/pyside6-lupdate" studio/ui/*.py studio/ui/*/*.py -ts studio/resources/i18n/lienzo_es.ts \
  -source-language en -target-language es -no-obsolete
"$bin/pyside6-lrelease" studio/resources/i18n/lienzo_es.ts -qm studio/resources/i18n/lienzo_es.qm
