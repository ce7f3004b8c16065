#!/usr/bin/env bash
# Mount the .dmg, copy the app out, run the first-run setup (text mode), make one image with the
# demo model, remove the runtime and the app, check the gallery survived.
#   packaging/macos/smoke_test.sh dist/LienzoStudio-<version>-macos-arm64.dmg
set -euo pipefail
dmg=$1
work=$(mktemp -d) && mount="$work/mnt"
trap 'hdiutil detach -quiet "$mount" 2>/dev/null || true; rm -rf "$work"' EXIT
hdiutil attach -quiet -nobrowse -mountpoint "$mount" "$dmg"
app=$(find "$mount" -maxdepth 1 -name '*.app' | head -1)
[ -L "$mount/Applications" ] || { echo "no Applications link in the dmg" >&2; exit 1; }
cp -R "$app" "$work/"
bin="$work/$(basename "$app")/Contents/MacOS/lienzo-studio"
export HOME="$work/home" && mkdir -p "$HOME"
"$bin" --setup-only --setup-console --setup-yes
python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print(s); assert s['device'] in ('mps','cpu')" \
  "$HOME/Library/Application Support/LienzoStudio/runtime/state.json"
image=$("$bin" generate --model demo --prompt "un faro al atardecer" --quiet | tail -1)
[ -s "$image" ] || { echo "no image from the demo model" >&2; exit 1; }
"$bin" --remove-runtime
rm -rf "$work/$(basename "$app")"
[ -s "$image" ] || { echo "the gallery was removed" >&2; exit 1; }
echo "smoke test passed: $image"
