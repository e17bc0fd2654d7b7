#!/usr/bin/env bash
# Runs both benchmarks and writes bench/RESULTS.md (about 10 minutes; progress on stderr;
# BENCH_SIZES=10000,100000 PEERS_SIZES=10000,100000 for a quick check of the harness): Anneal (mix run bench/schedules.exs)
# beside its peers (bench/peers.py: optax, the peers' formulas in jax, torch's closed forms and
# numpy, in bench/.venv, created on first use from bench/requirements.txt). Run it on an
# otherwise idle machine. `bash bench/run.sh --peers` runs the peers alone (a few minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/.out
mkdir -p "$out"

if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q -r bench/requirements.txt
fi

{
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(free -g | awk '/^Mem:/ {print $2}') GiB"
  echo "- Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- $(elixir --version | tail -1), $(rustc --version)"
  echo "- $(bench/.venv/bin/python -c 'import numpy, jax, optax; print(f"numpy {numpy.__version__}, jax {jax.__version__}, optax {optax.__version__}")')"
} > "$out/machine.txt"

if [ "${1:-}" = "--peers" ]; then
  # No Anneal figures from an earlier run beside these peers: report.py shows "—".
  rm -f "$out/anneal.tsv" "$out/anneal.md"
else
  MIX_ENV=prod mix compile >/dev/null
  BENCH_TSV="$out/anneal.tsv" MIX_ENV=prod mix run bench/schedules.exs | tee "$out/anneal.md"
  # The ticker again in a VM whose schedulers do not busy-wait (issue 14's latency target).
  flags="+sbwt none +sbwtdcpu none +sbwtdio none"
  BENCH_TSV="$out/anneal.tsv" BENCH_ONLY=ticker BENCH_FLAGS="$flags" MIX_ENV=prod \
    elixir --erl "$flags" -S mix run bench/schedules.exs | tee -a "$out/anneal.md"
fi
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, set on some machines here, slow a current numpy.
# PEERS_SIZES=10000,100000 (comma-separated) replaces the peers' 10^6 and 10^7, for a quick check.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE bench/.venv/bin/python bench/peers.py "$out/peers.tsv" \
  ${PEERS_SIZES:+--sizes "$PEERS_SIZES"}
bench/.venv/bin/python bench/report.py "$out/anneal.tsv" "$out/anneal.md" "$out/peers.tsv" \
  "$out/machine.txt" > bench/RESULTS.md
echo "wrote bench/RESULTS.md"
