#!/usr/bin/env node
// Joins our BenchmarkDotNet medians and the peer's medians into one table with the goals of
// issue 3 and the ratios. Usage: node bench/report.mjs <folder written by bench/bn254.sh>
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const folder = process.argv[2];
const ours = new Map();
const results = join(folder, "dotnet", "results");
for (const file of readdirSync(results).filter((f) => f.endsWith(".json"))) {
  for (const b of JSON.parse(readFileSync(join(results, file), "utf8")).Benchmarks) {
    if (!b.Statistics) continue;
    const args = b.Parameters ? `(${b.Parameters.replace(/^[^=]*=/, "")})` : "";
    ours.set(`${b.Type}.${b.Method}${args}`, b.Statistics.Median / 1e6); // ns -> ms
  }
}
const peer = new Map(
  readFileSync(join(folder, "peer.jsonl"), "utf8").trim().split("\n").filter(Boolean)
    .map((line) => JSON.parse(line)).map((r) => [r.name, r.median_ms]));

const get = (map, key) => (map.has(key) ? map.get(key) : NaN);
const rows = [
  ["Fq multiplication", get(ours, "FieldBenchmarks.Mul"), 20e-6, NaN],
  ["Fq squaring", get(ours, "FieldBenchmarks.Square"), NaN, NaN],
  ["pairing", get(ours, "PairingBenchmarks.Pair"), 1.5, get(peer, "pairing_1")],
  ["each extra pair", (get(ours, "PairingBenchmarks.ProductOf4") - get(ours, "PairingBenchmarks.ProductOf2")) / 2, 0.5,
    (get(peer, "pairing_eq_4") - get(peer, "pairing_eq_2")) / 2],
  ["G1 MSM 2^16", get(ours, "MsmBenchmarks.G1_Random_2p16"), 150, get(peer, "msm_g1_2^16")],
  ["G1 MSM 2^18", get(ours, "MsmBenchmarks.G1_Random_2p18"), 500, get(peer, "msm_g1_2^18")],
  ["G2 MSM 2^16", get(ours, "MsmBenchmarks.G2_Random_2p16"), 500, get(peer, "msm_g2_2^16")],
  ["G1 MSM 2^16, circom-like scalars", get(ours, "MsmBenchmarks.G1_CircomLike_2p16"), NaN, NaN],
  ["NTT 2^16", get(ours, "NttBenchmarks.Forward(16)"), 8, get(peer, "ntt_2^16")],
  ["NTT 2^20", get(ours, "NttBenchmarks.Forward(20)"), 200, get(peer, "ntt_2^20")],
  ["G1 scalar mul (GLV)", get(ours, "CurveBenchmarks.G1MultiplyGlv"), NaN, NaN],
  ["G2 subgroup check", get(ours, "CurveBenchmarks.G2SubgroupCheckFast"), NaN, NaN],
];

const fmt = (ms) => (Number.isNaN(ms) ? "-" : ms < 0.01 ? `${(ms * 1e6).toFixed(1)} ns` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);
const ratio = (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? "-" : `${(a / b).toFixed(2)}x`);
console.log("| operation | ours (median) | goal | ours / goal | snarkjs (ffjavascript) | snarkjs / ours |");
console.log("|---|---|---|---|---|---|");
for (const [name, mine, goal, theirs] of rows)
  console.log(`| ${name} | ${fmt(mine)} | ${fmt(goal)} | ${ratio(mine, goal)} | ${fmt(theirs)} | ${ratio(theirs, mine)} |`);
