#!/usr/bin/env bash
# Issue 5's speed goal, measured in one run on this machine: `margin prove` of the reference
# portfolio against snarkjs's `groth16 fullprove` on the same circuit and key (bench/margin.mjs).
#   bench/margin.sh [--quick]     (--quick: 2 runs of each instead of 5)
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/bench/margin
rm -rf "$out" && mkdir -p "$out"
dotnet build src/CrossMargin.Cli -c Release -v quiet -nologo >/dev/null
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" | tee "$out/load.txt"
node bench/margin.mjs "$out" ${1:-}
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
