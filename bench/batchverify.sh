#!/usr/bin/env bash
# Issue 14's batch verification and audit, in-process: our Verifier.VerifyBatch over 2,048
# distinct proofs of the small solvency circuit (re-randomized from one real proof under the
# development key), the whole audit of them (AuditBenchmarks: decoding, checks, batch
# verification, each proof's inputs against the replayed chain state), and our one-by-one Verify (BenchmarkDotNet, BatchVerifierBenchmarks, in-process toolchain: no boilerplate build to time out on a loaded machine), against snarkjs's
# groth16.verify one by one on the same files (bench/peer/groth16-verify.mjs), the two alternating
# for <rounds> rounds; prints the medians per proof, with the load before and after.
#   bench/batchverify.sh [rounds]     (default 2; BenchmarkDotNet's short job each round)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2}
out=artifacts/bench/batchverify
peerSample=100
dotnet build bench/CrossMargin.Bench -c Release -v quiet -nologo >/dev/null
bench=(dotnet run -c Release --no-build --project bench/CrossMargin.Bench --)
if [ "$(ls "$out/proofs" 2>/dev/null | grep -c '^proof_')" != 2048 ]; then
  rm -rf "$out"
  echo "making 2048 re-randomized proofs of solvency_small in $out"
  "${bench[@]}" rerandomized 2048 "$out"
fi
rm -rf "$out/dotnet" "$out/peer.jsonl"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" | tee "$out/load.txt"
for round in $(seq "$rounds"); do
  node bench/peer/groth16-verify.mjs "$out/verification_key.json" "$out/proofs" "$peerSample" | tee -a "$out/peer.jsonl"
  "${bench[@]}" --filter '*BatchVerifierBenchmarks*' '*AuditBenchmarks*' --job short --inProcess --exporters json --artifacts "$out/dotnet/$round" | grep -E '^\|' || true
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
node --input-type=module - "$out" <<'JS'
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
const out = process.argv[2];
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const ours = {};
for (const round of readdirSync(join(out, "dotnet"))) {
  const results = join(out, "dotnet", round, "results");
  for (const file of readdirSync(results).filter((f) => f.endsWith("-report-full-compressed.json")))
    for (const b of JSON.parse(readFileSync(join(results, file), "utf8")).Benchmarks.filter((b) => b.Statistics))
      (ours[b.Method] ??= []).push(b.Statistics.Median / 1e6); // ns per operation -> ms per proof
}
const peer = readFileSync(join(out, "peer.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l).median_ms);
const row = (what, ms) => `| ${what} | ${ms.toFixed(4)} ms | ${Math.round(1000 / ms)} |`;
console.log("| per proof, in-process (median of the rounds' medians) | time | proofs/s |\n|---|---|---|");
console.log(row("ours: audit of 2,048 (decode, batch verify, inputs against the chain's state)", median(ours.AuditPerProof)));
console.log(row("ours: VerifyBatch of 2,048", median(ours.VerifyBatchPerProof)));
console.log(row("ours: Verify one by one", median(ours.VerifyOneByOnePerProof)));
console.log(row("snarkjs: groth16.verify one by one", median(peer)));
JS
