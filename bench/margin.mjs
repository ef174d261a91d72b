#!/usr/bin/env node
// Issue 5's speed goal: the reference solvency configuration proved in <= 2 s. Runs our
// `margin prove` (engine, witness, proof, self-check, files) and snarkjs's `groth16 fullprove`
// (witness and proof) on the same circuit, input and development key, alternately, and prints
// one table with the constraint count, the medians, the peak RSS and the ratio.
//
//   node bench/margin.mjs <out folder> [--quick]      (bench/margin.sh runs it)
import { readFileSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { cliTimer, commandLines, log } from "./cli-timing.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = process.argv[2];
const runs = process.argv.includes("--quick") ? 2 : 5;
const { ours, theirs } = commandLines(root);
const tmp = join(out, "tmp");
const { run, compare } = cliTimer(root, join(out, "cli.jsonl"), tmp);

const portfolio = join(root, "examples", "portfolio-reference.json");
const circuit = join(root, "artifacts", "circuits", "margin", "solvency_reference");
const wasm = join(circuit, "solvency_reference_js", "solvency_reference.wasm");
const stats = JSON.parse(readFileSync(join(root, "circuits", "margin", "stats.json"), "utf8")).solvency_reference;

// The development key (made by the first margin prove, cached in artifacts/keys/) serves both.
log("margin prove: first run (makes the development key when missing)");
const first = run(ours("margin", "prove", portfolio, "--level", "maintenance", "-o", join(tmp, "ours")));
const zkey = first.stdout.match(/and (\S+\.zkey):/)[1];
const input = join(tmp, "input.json");
run(ours("margin", "input", portfolio, "--level", "maintenance", input));

log(`margin prove vs snarkjs groth16 fullprove: solvency_reference (${stats.constraints} constraints), ${runs} runs each`);
compare("prove reference", ours("margin", "prove", portfolio, "--level", "maintenance", "-o", join(tmp, "ours")),
  theirs("groth16", "fullprove", input, wasm, zkey, join(tmp, "proof-snarkjs.json"), join(tmp, "public-snarkjs.json")), { n: runs });

// Each tool's proof verifies under the other's verifier.
run(theirs("groth16", "verify", join(tmp, "ours", "verification_key.json"), join(tmp, "ours", "public.json"), join(tmp, "ours", "proof.json")));
run(ours("groth16", "verify", join(tmp, "ours", "verification_key.json"), join(tmp, "public-snarkjs.json"), join(tmp, "proof-snarkjs.json")));
const phases = run(ours("margin", "prove", portfolio, "--level", "maintenance", "-o", join(tmp, "ours"))).stdout.match(/witness .* ms/)?.[0] ?? "";

const lines = readFileSync(join(out, "cli.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
const o = lines.find((l) => l.tool === "ours"), s = lines.find((l) => l.tool === "snarkjs");
const table = [
  `| operation | constraints | ours | goal | snarkjs | snarkjs / ours | ours RSS | snarkjs RSS |`,
  `|---|---|---|---|---|---|---|---|`,
  `| prove the reference portfolio (margin prove / groth16 fullprove) | ${stats.constraints} | ${(o.wall_ms / 1000).toFixed(2)} s | 2.00 s | ${(s.wall_ms / 1000).toFixed(2)} s | ${(s.wall_ms / o.wall_ms).toFixed(2)}x | ${o.rss_mb.toFixed(0)} MB | ${s.rss_mb.toFixed(0)} MB |`,
  ``,
  `Medians of ${runs} alternating runs, whole processes (start-up included). Ours also computes the margin figures, checks the`,
  `proof's public signals against the engine and verifies the proof before writing it. Our phases in the last run: ${phases}.`,
].join("\n");
writeFileSync(join(out, "table.md"), table + "\n");
console.log(table);
