#!/usr/bin/env bash
# The GPU benchmark in one command: raw diffusers vs Lienzo's engine configuration.
#   benchmarks/gpu.sh [--smoke] [gpu_bench.py options]     (≤ 8 min on one H100/H200: groups that
#   would end later are skipped and named; FLUX.1 schnell and SD 3.5 Medium come last,
#   `benchmarks/gpu.sh --only flux sd3` runs them alone)
# For a GPU machine with torch (CUDA), transformers, accelerate, safetensors, huggingface_hub,
# peft and Pillow but no internet and no diffusers: the wheels that benchmarks/gpu_wheels.sh
# prepared (in $LIENZO_GPU_WHEELS, default .gpu-wheels/) are installed into a private folder
# with --no-index --no-deps, only those the machine lacks. Results go to $OUT (default
# ./gpu-bench-out): gpu_bench.md (the table) and gpu_bench.json.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WHEELS="${LIENZO_GPU_WHEELS:-$ROOT/.gpu-wheels}"
PYTHON="${PYTHON:-python3}"
export OUT="${OUT:-$PWD/gpu-bench-out}"
SITE="${LIENZO_GPU_SITE:-${TMPDIR:-/tmp}/lienzo-gpu-site}"
mkdir -p "$OUT" "$SITE"

missing=()
if ! "$PYTHON" -c 'import diffusers' 2>/dev/null; then
  [[ -d "$WHEELS" ]] || { echo "no diffusers here and no wheels in $WHEELS: run benchmarks/gpu_wheels.sh first" >&2; exit 2; }
  for wheel in "$WHEELS"/*.whl; do
    dist="$(basename "$wheel" | cut -d- -f1)"   # distribution name as the wheel spells it
    if [[ "$dist" == diffusers ]] || ! "$PYTHON" -c "import importlib.metadata as m, sys; m.version(sys.argv[1])" "$dist" 2>/dev/null; then
      missing+=("$wheel")
    fi
  done
  echo "installing ${#missing[@]} wheel(s) into $SITE: ${missing[*]##*/}"
  if "$PYTHON" -m pip --version >/dev/null 2>&1; then
    "$PYTHON" -m pip install --quiet --no-index --no-deps --target "$SITE" "${missing[@]}"
  else  # no pip there: a wheel is a zip file laid out for site-packages
    "$PYTHON" -c 'import sys, zipfile; [zipfile.ZipFile(w).extractall(sys.argv[1]) for w in sys.argv[2:]]' "$SITE" "${missing[@]}"
  fi
fi
export PYTHONPATH="$SITE:$ROOT${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
"$PYTHON" -c 'import torch, diffusers, transformers; print("torch", torch.__version__, "cuda", torch.cuda.is_available(), "diffusers", diffusers.__version__, "transformers", transformers.__version__)'
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || true
"$PYTHON" "$ROOT/benchmarks/gpu_bench.py" --out "$OUT" "$@" 2>&1 | tee "$OUT/gpu_bench.log"
