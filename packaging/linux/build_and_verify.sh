#!/usr/bin/env bash
# Prove the Linux package end to end, in one command:
#   clean clone -> build the .deb -> install it into a fresh root -> first-run setup (Tk window)
#   under Xvfb -> generate with the demo model -> open the window and screenshot it ->
#   remove the runtime and uninstall -> check the gallery survived. Exits non-zero on any failure.
#
#   packaging/linux/build_and_verify.sh [--committed-only] [--system] [--keep]
#
#   --committed-only  build HEAD as committed (default: HEAD plus the working tree's changes to
#                     tracked and new, not-ignored files, i.e. what the next commit would hold)
#   --system          install with apt-get into / instead of a fresh dpkg root (CI runners)
#   --keep            keep the temporary folder (clone, root, home, logs)
#
# Needs: git, python3 + pip, dpkg-deb, Xvfb, xdotool, ImageMagick (import); network to PyPI.
# Environment: LIENZO_TORCH_INDEX_URL (default: `pypi` when download.pytorch.org is unreachable),
#   LIENZO_PIP_CACHE (pip cache kept between runs), LIENZO_VERIFY_TIMEOUT (setup, seconds),
#   LIENZO_VERIFY_OVERLAY (pathspecs: overlay only these uncommitted changes, e.g. "packaging").
# Outputs: docs/screenshots/linux-installed.png; build/verify/ (deb, first-run screenshot, logs).
set -euo pipefail

repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
committed_only=0 system=0 keep=0
for arg in "$@"; do
  case "$arg" in
    --committed-only) committed_only=1 ;;
    --system) system=1 ;;
    --keep) keep=1 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done
out="$repo/build/verify"
tmp=$(mktemp -d /tmp/lienzo-verify.XXXXXX)
xvfb_pid="" app_pid=""
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo  # CI runners: apt-get needs root; the fresh dpkg root does not
started=$SECONDS

say() { printf '[verify %4ss] %s\n' "$((SECONDS - started))" "$*"; }
fail() { say "FAILED: $*"; exit 1; }
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  if [ "$keep" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
rm -rf "$out" && mkdir -p "$out" "$repo/docs/screenshots"

clone() {
  say "cloning $repo (HEAD $(git -C "$repo" rev-parse --short HEAD))"
  git clone -q --no-hardlinks "$repo" "$tmp/src"
  [ "$committed_only" = 1 ] && return
  local count=0 file
  while IFS= read -r -d '' file; do
    if [ -e "$repo/$file" ]; then
      mkdir -p "$(dirname "$tmp/src/$file")" && cp -p "$repo/$file" "$tmp/src/$file"
    else
      rm -f "$tmp/src/$file"
    fi
    count=$((count + 1))
  done < <(git -C "$repo" ls-files -z --modified --deleted --others --exclude-standard \
    -- ${LIENZO_VERIFY_OVERLAY:-.})  # unquoted on purpose: a list of pathspecs
  say "overlaid $count uncommitted file(s) from the working tree (--committed-only skips this)"
}

check_deb() {
  local deb=$1 field
  for field in Package Version Architecture Depends; do
    [ -n "$(dpkg-deb -f "$deb" "$field")" ] || fail "control field $field is empty"
  done
  local listing
  listing=$(dpkg-deb --contents "$deb")
  for path in usr/bin/lienzo-studio usr/share/applications/lienzo-studio.desktop \
      usr/share/icons/hicolor/256x256/apps/lienzo-studio.png \
      usr/share/icons/hicolor/scalable/apps/lienzo-studio.svg usr/lib/lienzo-studio/firstrun/; do
    grep -q "\./$path" <<<"$listing" || fail "$path missing from the package"
  done
  if command -v desktop-file-validate >/dev/null; then
    dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/applications/lienzo-studio.desktop \
      > "$tmp/entry.desktop" && desktop-file-validate "$tmp/entry.desktop"
  fi
  say "package contents and control fields look right"
}

ensure_depends() {
  local deb=$1 missing="" dep
  for dep in $(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/(.*)//; s/|.*//' | tr -d ' '); do
    dpkg-query -W -f='${Status}' "$dep" 2>/dev/null | grep -q "install ok installed" \
      || missing="$missing $dep"
  done
  [ -z "$missing" ] && return
  say "installing missing dependencies:$missing"
  $sudo apt-get install -y -qq $missing >/dev/null || fail "cannot install:$missing"
}

install_deb() {
  local deb=$1
  if [ "$system" = 1 ]; then
    $sudo apt-get install -y -qq "$deb" >/dev/null
    bin=/usr/bin/lienzo-studio
  else
    ensure_depends "$deb"  # checked against this system; the fresh root has no package db
    root="$tmp/root"
    mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
    touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
    dpkg --root="$root" --force-depends,script-chrootless,not-root --log=/dev/null -i "$deb" \
      >/dev/null 2>"$tmp/dpkg.err" || fail "dpkg: $(cat "$tmp/dpkg.err")"
    bin="$root/usr/bin/lienzo-studio"
  fi
  [ -x "$bin" ] || fail "$bin was not installed"
  say "installed into ${root:-/}"
}

uninstall_deb() {
  if [ "$system" = 1 ]; then
    $sudo apt-get remove -y -qq lienzo-studio >/dev/null
  else
    dpkg --root="$root" --force-script-chrootless,not-root --log=/dev/null -r lienzo-studio \
      >/dev/null
  fi
  [ ! -e "$bin" ] || fail "$bin is still there after uninstalling"
}

start_display() {
  local n=90
  while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
  Xvfb ":$n" -screen 0 1280x860x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
  xvfb_pid=$!
  export DISPLAY=":$n"
  for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.2; done
  xdotool getdisplaygeometry >/dev/null 2>&1 || fail "Xvfb did not start"
  say "Xvfb on $DISPLAY"
}

wait_window() {  # wait_window <name regex> <seconds> <pid that must stay alive>
  local deadline=$((SECONDS + $2)) id
  while [ "$SECONDS" -lt "$deadline" ]; do
    id=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1 || true)
    [ -n "$id" ] && { echo "$id"; return 0; }
    kill -0 "$3" 2>/dev/null || return 1
    sleep 1
  done
  return 1
}

fresh_user() {
  export HOME="$tmp/home" && mkdir -p "$HOME"
  unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME STUDIO_HOME LIENZO_RUNTIME_DIR
  export PIP_CACHE_DIR="${LIENZO_PIP_CACHE:-/var/tmp/lienzo-verify-pip-cache}"
  if [ -z "${LIENZO_TORCH_INDEX_URL:-}" ] && ! python3 -c \
      "import urllib.request as u; u.urlopen('https://download.pytorch.org/whl/cpu/', timeout=5)" \
      2>/dev/null; then
    export LIENZO_TORCH_INDEX_URL=pypi  # here: pip's find-links has torch==2.13.0+cpu
    say "download.pytorch.org unreachable: torch from the default index (LIENZO_TORCH_INDEX_URL=pypi)"
  fi
  runtime="$HOME/.local/share/LienzoStudio/runtime"
}

first_run() {
  say "first run: the setup window installs PyTorch and the app (progress in setup.log)"
  "$bin" --setup-only --setup-yes >"$out/setup.out" 2>&1 &
  local pid=$! id
  id=$(wait_window ' setup$' 60 "$pid") || fail "no setup window (see $out/setup.out)"
  for _ in $(seq 180); do  # screenshot once the big download is under way
    grep -q "^Progress\|Installing collected" "$runtime/setup.log" 2>/dev/null && break
    sleep 1
  done
  sleep 2 && import -window "$id" "$out/linux-firstrun.png"
  if ! timeout "${LIENZO_VERIFY_TIMEOUT:-1500}" tail --pid="$pid" -f /dev/null; then
    kill "$pid"; fail "setup took too long"
  fi
  wait "$pid" || fail "setup failed: $(tail -5 "$out/setup.out")"
  cp "$runtime/setup.log" "$out/setup.log"
  python3 - "$runtime/state.json" <<'PY' || fail "unexpected setup state"
import json, sys
state = json.load(open(sys.argv[1]))
print("[verify] state:", state)
assert state["variant"] == "cpu" and state["device"] == "cpu", state
assert state["torch_version"].endswith("+cpu"), "a non-CPU torch build was installed here"
PY
  say "setup done: runtime $(du -sh "$runtime" | cut -f1)"
}

generate() {
  "$bin" generate --model demo --prompt "un faro al atardecer" --seed 7 --quiet >"$out/generate.out"
  image=$(tail -1 "$out/generate.out")
  [ -s "$image" ] || fail "no image from the demo model (see $out/generate.out)"
  say "demo image from the command line: $image"
}

window() {  # open the installed app's window, generate in it with the demo model, screenshot
  local config="$HOME/.config/LienzoStudio" before
  mkdir -p "$config"
  echo '{"schema_version": 1, "default_model": "demo", "language": "en"}' >"$config/settings.json"
  before=$(find "$HOME/Pictures" -name '*.png' | wc -l)
  "$bin" >"$out/app.out" 2>&1 &
  app_pid=$!
  local id
  id=$(wait_window '^Lienzo Studio$' 180 "$app_pid") || fail "no main window: $(tail -5 "$out/app.out")"
  say "main window is up; typing a prompt and pressing Ctrl+Enter"
  sleep 3
  xdotool mousemove --window "$id" 190 120 click 1 sleep 0.5 \
    type --delay 30 "a lighthouse at sunset, oil painting"
  xdotool key --clearmodifiers ctrl+Return
  for _ in $(seq 180); do
    [ "$(find "$HOME/Pictures" -name '*.png' | wc -l)" -gt "$before" ] && break
    kill -0 "$app_pid" 2>/dev/null || fail "the app exited: $(tail -5 "$out/app.out")"
    sleep 1
  done
  [ "$(find "$HOME/Pictures" -name '*.png' | wc -l)" -gt "$before" ] \
    || fail "the window did not generate an image (see $out/app.out)"
  sleep "${LIENZO_SCREENSHOT_DELAY:-4}"  # let the canvas and the gallery thumbnails paint
  import -window "$id" "$repo/docs/screenshots/linux-installed.png"
  say "generated in the window; screenshot docs/screenshots/linux-installed.png ($(identify \
    -format '%wx%h' "$repo/docs/screenshots/linux-installed.png"))"
  close_window "$id"
}

close_window() {
  xdotool windowfocus --sync "$1" key ctrl+q 2>/dev/null || true
  for _ in $(seq 20); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$app_pid" 2>/dev/null; then
    say "Ctrl+Q did not close the window; terminating it"
    kill "$app_pid"
  fi
  wait "$app_pid" 2>/dev/null || true
  app_pid=""
}

clone
t0=$SECONDS
deb=$(bash "$tmp/src/packaging/linux/build_deb.sh" --source "$tmp/src" --out "$out")
say "built $(basename "$deb") ($(du -h "$deb" | cut -f1)) in $((SECONDS - t0)) s"
check_deb "$deb"
install_deb "$deb"
fresh_user
start_display
t0=$SECONDS && first_run && say "first run took $((SECONDS - t0)) s"
generate
window
"$bin" --remove-runtime >/dev/null
[ ! -e "$runtime" ] || fail "the runtime is still there"
uninstall_deb
[ -s "$image" ] || fail "uninstalling removed the gallery"
say "uninstalled; the gallery survived. ALL CHECKS PASSED in $((SECONDS - started)) s"
