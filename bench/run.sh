#!/usr/bin/env bash
# Runs both benchmarks and writes bench/RESULTS.md: Anneal (mix run bench/schedules.exs)
# beside numpy and jax/optax (bench/peers.py, in bench/.venv, created on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/.out
mkdir -p "$out"

if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q numpy jax optax threadpoolctl
fi

{
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(free -g | awk '/^Mem:/ {print $2}') GiB"
  echo "- Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- $(elixir --version | tail -1), $(rustc --version)"
  echo "- $(bench/.venv/bin/python -c 'import numpy, jax, optax; print(f"numpy {numpy.__version__}, jax {jax.__version__}, optax {optax.__version__}")')"
} > "$out/machine.txt"

MIX_ENV=prod mix compile >/dev/null
BENCH_TSV="$out/anneal.tsv" MIX_ENV=prod mix run bench/schedules.exs | tee "$out/anneal.md"
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, set on some machines here, slow a current numpy.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE bench/.venv/bin/python bench/peers.py "$out/peers.tsv"
bench/.venv/bin/python bench/report.py "$out/anneal.tsv" "$out/anneal.md" "$out/peers.tsv" \
  "$out/machine.txt" > bench/RESULTS.md
echo "wrote bench/RESULTS.md"
