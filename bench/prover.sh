#!/usr/bin/env bash
# Issue 12's prover goal, measured in one run on this machine: `groth16 prove` of our CLI against
# snarkjs's and rapidsnark's on the same 2^17 poseidon_chain key and witness, whole processes in
# alternating rounds, on two cores and on one, with our phases from --verbose (bench/prover.mjs).
# rapidsnark is not a dependency: set RAPIDSNARK to the path of a rapidsnark prover binary to
# include it; unset, its rows are skipped.
#   bench/prover.sh [rounds]     (default 5)
exec "$(dirname "$0")/cli-bench.sh" prover "${1:-5}"
