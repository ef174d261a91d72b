#!/usr/bin/env bash
# The frame of the bench scripts that time whole CLI processes (bench/<name>.mjs): a fresh
# artifacts/bench/<name>, the CLI that ./crossmargin runs for the timed verbs published first (so
# no build is timed; the native one where it builds), and the load average before and after,
# since the figures mean little on a machine others are using.
#   bench/cli-bench.sh <name> [arguments of bench/<name>.mjs after its out folder]
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1; shift
out=artifacts/bench/$name
rm -rf "$out" && mkdir -p "$out"
./crossmargin poseidon 1 2 >/dev/null
echo "ours: $([ -x artifacts/cli-native/crossmargin ] && [ ! -f artifacts/cli-native/.failed ] && echo "the native build" || echo "the managed build (no native one)") through ./crossmargin" | tee "$out/cli.txt"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" | tee "$out/load.txt"
node "bench/$name.mjs" "$out" "$@"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
