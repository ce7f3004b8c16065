#!/usr/bin/env bash
# Build the Linux package: dist/lienzo-studio_<version>_all.deb
#
#   packaging/linux/build_deb.sh [--source <checkout>] [--out <dist dir>]
#
# Prerequisites: bash, python3 (>= 3.10) with pip, dpkg-deb; network to PyPI for the wheel build.
# The package holds only Python sources (Architecture: all): the launcher, the app wheel, the
# .desktop entry and icons. On first launch the launcher makes a venv in the user's data folder
# and installs the PyTorch build that fits the hardware (see packaging/firstrun/).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
out_dir="$source_dir/dist"
while [ $# -gt 0 ]; do
  case "$1" in
    --source) source_dir=$(cd "$2" && pwd); shift 2 ;;
    --out) out_dir=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$source_dir/packaging/stage.py" --source "$source_dir" --out "$work/stage" >/dev/null
name=$(python3 "$source_dir/packaging/appinfo.py" name --source "$source_dir")
version=$(python3 "$source_dir/packaging/appinfo.py" version --source "$source_dir")
slug=lienzo-studio
root="$work/root"

install -d "$root/usr/lib/$slug" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/doc/$slug" "$root/usr/share/icons/hicolor/scalable/apps" "$root/DEBIAN"
cp -r "$work/stage/app/." "$root/usr/lib/$slug/"
rm -rf "$root/usr/lib/$slug/icons"
install -m 644 "$work/stage/$slug.desktop" "$root/usr/share/applications/$slug.desktop"
install -m 644 "$source_dir/resources/icons/$slug.svg" \
  "$root/usr/share/icons/hicolor/scalable/apps/$slug.svg"
for size in 16 24 32 48 64 128 256 512; do
  install -D -m 644 "$source_dir/resources/icons/$slug-$size.png" \
    "$root/usr/share/icons/hicolor/${size}x${size}/apps/$slug.png"
done
install -m 644 "$source_dir/LICENSE" "$root/usr/share/doc/$slug/copyright"

# /usr/bin/lienzo-studio: resolves its own location, so an unpacked copy runs from anywhere.
# Debian's python3 on purpose: the package depends on it (and on its venv and tk modules).
cat > "$root/usr/bin/$slug" <<'SH'
#!/bin/sh
# Lienzo Studio: first-run setup when needed, then the app. Options: lienzo-studio --setup-help
here=$(dirname "$(readlink -f "$0")")
exec /usr/bin/python3 -s "$here/../lib/lienzo-studio/firstrun" "$@"
SH
chmod 755 "$root/usr/bin/$slug"

size_kb=$(du -sk "$root/usr" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: $slug
Version: $version
Architecture: all
Maintainer: Lienzo Studio developers <lienzo-studio@users.noreply.github.com>
Installed-Size: $size_kb
Depends: python3 (>= 3.10), python3-venv, python3-tk, libegl1, libgl1, libxkbcommon0,
 libxkbcommon-x11-0, libfontconfig1, libdbus-1-3, libxcb-cursor0, libxcb-icccm4,
 libxcb-keysyms1, libxcb-shape0
Section: graphics
Priority: optional
Homepage: https://github.com/lienzo-studio/lienzo-studio
Description: $name: create images with Stable Diffusion on your own computer
 A desktop app that makes images from text (and from other images) with Stable
 Diffusion, locally, on an NVIDIA or AMD GPU, Apple Silicon or the CPU.
 .
 On first launch it installs the PyTorch build that fits the computer (CUDA,
 ROCm or CPU) into a folder of its own in the user's home, with visible
 progress; this needs an internet connection and 1-5 GB of disk.
 Run "lienzo-studio --remove-runtime" before uninstalling to free that space.
CONTROL

deb="$out_dir/${slug}_${version}_all.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
