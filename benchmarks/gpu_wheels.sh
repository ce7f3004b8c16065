#!/usr/bin/env bash
# Prepare the wheels benchmarks/gpu.sh installs on a GPU machine that has torch, transformers,
# accelerate, safetensors, huggingface_hub, peft and Pillow but no internet and no diffusers.
#   benchmarks/gpu_wheels.sh [DIR]        (default: .gpu-wheels/ in the repository, git-ignored)
# Wheels for CPython 3.12 on x86-64 Linux (the GPU machine), whatever this machine runs.
# The device tool carries at most 64 MiB with the working tree: the script checks the total.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${1:-$ROOT/.gpu-wheels}"
PIP="${PIP:-$ROOT/.venv/bin/pip}"
LIMIT_MB=24   # leaves room under the 64 MiB carry limit for the working tree itself
DIFFUSERS_VERSION="$("$ROOT/.venv/bin/python" -c 'import diffusers; print(diffusers.__version__)')"

# diffusers plus its own requirements that such a machine may lack; gpu.sh installs only
# the ones missing there, so an older copy never shadows the machine's own.
PACKAGES=(
  "diffusers==$DIFFUSERS_VERSION"
  importlib_metadata zipp filelock requests urllib3 idna certifi charset_normalizer regex
)
mkdir -p "$DIR"
"$PIP" download --quiet --dest "$DIR" --no-deps --only-binary=:all: \
  --python-version 3.12 --implementation cp --abi cp312 \
  --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 \
  --platform manylinux2014_x86_64 --platform any \
  "${PACKAGES[@]}"
total_kb=$(du -sk "$DIR" | cut -f1)
echo "wheels in $DIR: $(find "$DIR" -name '*.whl' | wc -l) files, $((total_kb / 1024)) MiB"
if (( total_kb > LIMIT_MB * 1024 )); then
  echo "too large to carry (limit ${LIMIT_MB} MiB): remove what the GPU machine has" >&2
  exit 1
fi
