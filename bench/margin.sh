#!/usr/bin/env bash
# Issue 5's speed goal, measured in one run on this machine: `margin prove` of the reference
# portfolio against snarkjs's `groth16 fullprove` on the same circuit and key (bench/margin.mjs).
#   bench/margin.sh [--quick]     (--quick: 2 runs of each instead of 5)
exec "$(dirname "$0")/cli-bench.sh" margin "$@"
