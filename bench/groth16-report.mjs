#!/usr/bin/env node
// Joins the command-line figures (cli.jsonl, from bench/groth16.mjs) and our in-process verifier
// medians (BenchmarkDotNet's JSON) into one table with issue 4's goals and the ratios.
// Usage: node bench/groth16-report.mjs <folder written by bench/groth16.sh>
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const folder = process.argv[2];
const cli = readFileSync(join(folder, "cli.jsonl"), "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
const find = (name, tool) => cli.find((r) => r.name === name && r.tool === tool);

const bdn = new Map();
const results = join(folder, "dotnet", "results");
if (existsSync(results)) {
  for (const file of readdirSync(results).filter((f) => f.endsWith(".json")))
    for (const b of JSON.parse(readFileSync(join(results, file), "utf8")).Benchmarks)
      if (b.Statistics) bdn.set(`${b.Type}.${b.Method}`, b.Statistics.Median / 1e6); // ns -> ms
}
const get = (map, key) => (map.has(key) ? map.get(key) : NaN);
const wall = (r, per = 1) => (r ? r.wall_ms / per : NaN);
const rss = (r) => (r ? r.rss_mb : NaN);
const batch = find("groth16 batchverify 1000 (CLI process)", "ours");
const batchSize = batch?.per ?? 1000;
const ceremony = cli.find((r) => r.tool === "ours" && (r.name.startsWith("ceremony") || r.name.startsWith("phase 1")));

// [operation, ours ms, goal ms, snarkjs ms, ours MB, goal MB, snarkjs MB, how]
const rows = [
  ["wtns calculate, poseidon_chain (67k)", wall(find("wtns calculate", "ours")), 300, wall(find("wtns calculate", "snarkjs")),
    rss(find("wtns calculate", "ours")), NaN, rss(find("wtns calculate", "snarkjs")), "CLI process, wall"],
  ["groth16 prove, poseidon_chain (2^17)", wall(find("groth16 prove", "ours")), 1100, wall(find("groth16 prove", "snarkjs")),
    rss(find("groth16 prove", "ours")), 200, rss(find("groth16 prove", "snarkjs")), "CLI process, wall; key's G2 check cached"],
  ["groth16 prove, first use of the key", wall(find("groth16 prove, first use of the key", "ours")), NaN, NaN,
    rss(find("groth16 prove, first use of the key", "ours")), NaN, NaN, "CLI process, empty cache: G2 subgroup check of B2"],
  ["groth16 verify, one proof", wall(find("groth16 verify (CLI process)", "ours")), NaN, wall(find("groth16 verify (CLI process)", "snarkjs")),
    rss(find("groth16 verify (CLI process)", "ours")), NaN, rss(find("groth16 verify (CLI process)", "snarkjs")), "CLI process, wall (start-up included)"],
  ["groth16 verify, one proof, in-process", get(bdn, "VerifierBenchmarks.VerifyOne"), 2, wall(find("verify in-process", "snarkjs")),
    NaN, NaN, NaN, "ours: BenchmarkDotNet median; snarkjs: groth16.verify median over a sample"],
  [`batchverify ${batchSize}, per proof, in-process`, get(bdn, "VerifierBenchmarks.VerifyBatch") / batchSize, 0.4, wall(find("verify in-process", "snarkjs")),
    NaN, NaN, NaN, "ours: VerifyBatch / 1000; snarkjs: one by one (no batch verifier)"],
  [`batchverify ${batchSize}, per proof, CLI`, wall(batch, batchSize), 0.4, wall(find("snarkjs verify of batch proofs (CLI process)", "snarkjs")),
    rss(batch), NaN, rss(find("snarkjs verify of batch proofs (CLI process)", "snarkjs")), "ours: one process, 2,000 JSON files read; snarkjs: one process a proof"],
  [ceremony ? ceremony.name : "ceremony 2^17", wall(ceremony), 60000, NaN, rss(ceremony), NaN, NaN,
    ceremony?.name.startsWith("phase 1") ? "NOT the ceremony verb: new + contribute + prepare phase2" : "CLI process, wall"],
];

const fmt = (ms) => (Number.isNaN(ms) ? "-" : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(3)} ms`);
const mb = (x) => (Number.isNaN(x) ? "-" : `${x.toFixed(0)} MB`);
const ratio = (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? "-" : `${(a / b).toFixed(2)}x`);
console.log("| operation | ours (median) | goal | ours / goal | snarkjs | snarkjs / ours | ours peak RSS | goal | snarkjs peak RSS | how |");
console.log("|---|---|---|---|---|---|---|---|---|---|");
for (const [name, mine, goal, theirs, myMb, goalMb, theirMb, how] of rows)
  console.log(`| ${name} | ${fmt(mine)} | ${fmt(goal)} | ${ratio(mine, goal)} | ${fmt(theirs)} | ${ratio(theirs, mine)} | ${mb(myMb)} | ${mb(goalMb)} | ${mb(theirMb)} | ${how} |`);
const runs = cli.find((r) => r.name === "groth16 prove")?.runs;
if (runs) console.log(`\nCLI figures: median of ${runs} runs each, ours and snarkjs alternating, after one warm-up run each.`);
