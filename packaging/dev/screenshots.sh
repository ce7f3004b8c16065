#!/usr/bin/env bash
# Run the real window under Xvfb and save screenshots to docs/screenshots/.
# Needs: apt-get install xvfb imagemagick
set -euo pipefail
cd "$(dirname "$0")/../.."
home=$(mktemp -d)
ln -s "${STUDIO_CACHE:-$HOME/.cache/LienzoStudio}" "$home/cache" 2>/dev/null || true
export LIENZO_LANG=en
xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python packaging/dev/screenshots.py "$home"
# A new user's first minutes: an empty home, offline, nothing downloaded.
xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python packaging/dev/screenshots_first_run.py \
  "$(mktemp -d)"
