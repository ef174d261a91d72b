#!/usr/bin/env node
// snarkjs's Groth16 verifier in-process (no process start per proof): snarkjs.groth16.verify,
// as a JavaScript caller would use it, over the first <sample> proofs of a folder made by
// bench/groth16.sh, one by one (snarkjs has no batch verifier). Prints one JSON line:
// {"name": "verify_inprocess", "median_ms", "mean_ms", "runs"}.
//
//   node bench/peer/groth16-verify.mjs <verification_key.json> <folder> <sample>
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const snarkjs = require(join(root, "node_modules", "snarkjs", "build", "main.cjs"));

const [vkPath, folder, sampleText] = process.argv.slice(2);
const vk = JSON.parse(readFileSync(vkPath, "utf8"));
const sample = Number(sampleText);
const read = (name) => JSON.parse(readFileSync(join(folder, name), "utf8"));
const items = [];
for (let i = 1; i <= sample; i++) {
  const n = String(i).padStart(4, "0");
  items.push([read(`public_${n}.json`), read(`proof_${n}.json`)]);
}
const silent = { debug() {}, info() {}, warn() {}, error: console.error };
if (!(await snarkjs.groth16.verify(vk, items[0][0], items[0][1], silent))) throw new Error("proof 1 does not verify");
const times = [];
for (const [pub, proof] of items) {
  const t0 = process.hrtime.bigint();
  const ok = await snarkjs.groth16.verify(vk, pub, proof, silent);
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  if (!ok) throw new Error("a proof does not verify");
}
const mean = times.reduce((a, b) => a + b, 0) / times.length;
times.sort((a, b) => a - b);
console.log(JSON.stringify({ name: "verify_inprocess", median_ms: times[(times.length - 1) >> 1], mean_ms: mean, runs: times.length }));
process.exit(0); // ffjavascript's worker threads would keep the process alive
