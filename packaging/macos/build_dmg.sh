#!/usr/bin/env bash
# Build the macOS app: dist/LienzoStudio-<version>-macos-arm64.dmg holding "Lienzo Studio.app".
#
#   packaging/macos/build_dmg.sh [--out dist] [--python 3.12]
#
# Runs on macOS (Apple Silicon). Prerequisites: python3 >= 3.10 with pip, uv, hdiutil, codesign.
# The .app holds a relocatable CPython (python-build-standalone, fetched by uv; it has tkinter
# and venv), the launcher and the app wheel. On first launch the launcher makes a venv in
# ~/Library/Application Support/LienzoStudio/runtime and installs PyPI's torch (MPS-capable).
#
# Signing and notarization run only when these are set (else the app is UNSIGNED; the script
# says so, and users must right-click > Open the first time):
#   MACOS_SIGN_IDENTITY   e.g. "Developer ID Application: Name (TEAMID)" in the keychain
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD  (an app-specific password) for notarytool
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$root/dist" python_version=3.12
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --python) python_version=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out" && out=$(cd "$out" && pwd)
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
name=$(python3 "$root/packaging/appinfo.py" name)
version=$(python3 "$root/packaging/appinfo.py" version)
app="$work/dmg/$name.app"
contents="$app/Contents"

stage() {
  echo "== $name $version: staging"
  python3 "$root/packaging/stage.py" --source "$root" --out "$work/stage" >/dev/null
  mkdir -p "$contents/MacOS" "$contents/Resources"
  cp -R "$work/stage/app" "$contents/Resources/app"
  cp "$root/resources/icons/lienzo-studio.icns" "$contents/Resources/lienzo-studio.icns"
}

bundle_python() {
  echo "== CPython $python_version (python-build-standalone via uv)"
  uv python install "$python_version" --install-dir "$work/pythons"
  local found
  found=$(find "$work/pythons" -maxdepth 1 -type d -name "cpython-$python_version*-macos-aarch64-*" | head -1)
  [ -n "$found" ] || { echo "no CPython $python_version under $work/pythons" >&2; exit 1; }
  cp -R "$found" "$contents/Resources/python"
  "$contents/Resources/python/bin/python3" -c "import tkinter, venv, ensurepip, ssl"
}

write_bundle_files() {
  cat > "$contents/MacOS/lienzo-studio" <<'SH'
#!/bin/sh
# Lienzo Studio: first-run setup when needed, then the app (launcher options: --setup-help).
here=$(cd "$(dirname "$0")/../Resources" && pwd)
exec "$here/python/bin/python3" -E -s "$here/app/firstrun" "$@"
SH
  chmod 755 "$contents/MacOS/lienzo-studio"
  cat > "$contents/Info.plist" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>CFBundleName</key><string>$name</string>
  <key>CFBundleDisplayName</key><string>$name</string>
  <key>CFBundleIdentifier</key><string>io.github.lienzo-studio</string>
  <key>CFBundleVersion</key><string>$version</string>
  <key>CFBundleShortVersionString</key><string>$version</string>
  <key>CFBundlePackageType</key><string>APPL</string>
  <key>CFBundleExecutable</key><string>lienzo-studio</string>
  <key>CFBundleIconFile</key><string>lienzo-studio.icns</string>
  <key>CFBundleDevelopmentRegion</key><string>en</string>
  <key>CFBundleLocalizations</key><array><string>en</string><string>es</string></array>
  <key>LSMinimumSystemVersion</key><string>12.3</string>
  <key>LSArchitecturePriority</key><array><string>arm64</string></array>
  <key>LSApplicationCategoryType</key><string>public.app-category.graphics-design</string>
  <key>NSHighResolutionCapable</key><true/>
  <key>NSSupportsAutomaticGraphicsSwitching</key><true/>
</dict>
</plist>
PLIST
}

sign_app() {
  if [ -z "${MACOS_SIGN_IDENTITY:-}" ]; then
    echo "!! UNSIGNED build: MACOS_SIGN_IDENTITY is not set. Gatekeeper will block a double-click;"
    echo "!! users must right-click > Open once (see docs/installing.md)."
    return
  fi
  echo "== signing with '$MACOS_SIGN_IDENTITY' (hardened runtime)"
  local sign=(codesign --force --timestamp --options runtime
    --entitlements "$here/entitlements.plist" --sign "$MACOS_SIGN_IDENTITY")
  # Inside out: every Mach-O file first, then the bundle (codesign --deep is deprecated).
  find "$contents/Resources" -type f \( -name '*.dylib' -o -name '*.so' -o -perm -u+x \) -print0 |
    while IFS= read -r -d '' file; do
      if file "$file" | grep -q 'Mach-O'; then "${sign[@]}" "$file"; fi
    done
  "${sign[@]}" "$app"
  codesign --verify --strict --verbose=2 "$app"
}

make_dmg() {
  dmg="$out/LienzoStudio-$version-macos-arm64.dmg"
  ln -s /Applications "$work/dmg/Applications"
  rm -f "$dmg"
  hdiutil create -volname "$name" -srcfolder "$work/dmg" -fs HFS+ -format UDZO -ov "$dmg" >/dev/null
  if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
    codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$dmg"
  fi
}

notarize() {
  if [ -z "${MACOS_SIGN_IDENTITY:-}" ] || [ -z "${APPLE_ID:-}" ] || [ -z "${APPLE_TEAM_ID:-}" ] \
      || [ -z "${APPLE_APP_PASSWORD:-}" ]; then
    echo "!! NOT NOTARIZED: needs MACOS_SIGN_IDENTITY, APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD."
    return
  fi
  echo "== notarizing (this waits for Apple)"
  xcrun notarytool submit "$dmg" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
    --password "$APPLE_APP_PASSWORD" --wait
  xcrun stapler staple "$dmg"
  spctl --assess --type open --context context:primary-signature --verbose "$dmg"
}

stage
bundle_python
write_bundle_files
sign_app
make_dmg
notarize
echo "== built $dmg ($(du -h "$dmg" | cut -f1))"
