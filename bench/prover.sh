#!/usr/bin/env bash
# Issue 12's prover goal, measured in one run on this machine: `groth16 prove` of our CLI against
# snarkjs's and rapidsnark's on the same 2^17 poseidon_chain key and witness, whole processes in
# alternating rounds, on two cores and on one, with our phases from --verbose (bench/prover.mjs).
# rapidsnark is not a dependency: set RAPIDSNARK to the path of a rapidsnark prover binary to
# include it; unset, its rows are skipped.
#   bench/prover.sh [rounds]     (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/bench/prover
rm -rf "$out" && mkdir -p "$out"
dotnet build src/CrossMargin.Cli -c Release -v quiet -nologo >/dev/null
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" | tee "$out/load.txt"
node bench/prover.mjs "$out" "${1:-5}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
