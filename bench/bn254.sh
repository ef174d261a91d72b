#!/usr/bin/env bash
# The BN254 engine's goals (issue 3), measured in one run on this machine: our BenchmarkDotNet
# suites (medians), then the peer's engine (ffjavascript, under snarkjs) on the same
# operations, then one table with both and their ratio.
#   bench/bn254.sh [--quick]     (--quick: BenchmarkDotNet's short job, fewer peer runs)
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/bench/bn254
rm -rf "$out"
mkdir -p "$out"
dotnet build bench/CrossMargin.Bench -c Release -v quiet -nologo >/dev/null

job=(--warmupCount 2 --iterationCount 9 --launchCount 1)
[ "${1:-}" = "--quick" ] && job=(--job short)
dotnet run -c Release --no-build --project bench/CrossMargin.Bench -- \
  --filter '*FieldBenchmarks.Mul*' '*FieldBenchmarks.Square*' '*PairingBenchmarks*' '*MsmBenchmarks*' \
  '*NttBenchmarks.Forward*' '*CurveBenchmarks.G1MultiplyGlv*' '*CurveBenchmarks.G2SubgroupCheckFast*' \
  "${job[@]}" --exporters json --artifacts "$out/dotnet" | grep -E '^\|' || true

node bench/peer/bn254.mjs ${1:-} | tee "$out/peer.jsonl"
node bench/report.mjs "$out"
