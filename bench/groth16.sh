#!/usr/bin/env bash
# Issue 4's speed goals for Groth16, measured in one run on this machine: our CLI and snarkjs's
# on the same files (bench/groth16.mjs: wtns calculate and groth16 prove on the 67k-constraint
# poseidon_chain, verify, batchverify of 1,000 proofs, the 2^17 ceremony), our in-process
# verifier (BenchmarkDotNet, VerifierBenchmarks), then one table with goals and ratios.
#   bench/groth16.sh [--quick]     (--quick: 2 runs of each command instead of 5, BenchmarkDotNet's short job)
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/bench/groth16
rm -rf "$out/dotnet" "$out/cli.jsonl"
mkdir -p "$out"
./crossmargin poseidon 1 2 >/dev/null   # publishes the CLI the timings run (see bench/cli-timing.mjs)
dotnet build bench/CrossMargin.Bench -c Release -v quiet -nologo >/dev/null
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" | tee "$out/load.txt"

node bench/groth16.mjs "$out" ${1:-}

job=(--warmupCount 2 --iterationCount 9 --launchCount 1)
[ "${1:-}" = "--quick" ] && job=(--job short)
dotnet run -c Release --no-build --project bench/CrossMargin.Bench -- \
  --filter '*VerifierBenchmarks*' "${job[@]}" --exporters json --artifacts "$out/dotnet" | grep -E '^\|' || true

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
node bench/groth16-report.mjs "$out" | tee "$out/table.md"
