#!/usr/bin/env node
// The peer's BN254 engine, measured on the same machine as ours: ffjavascript (the WebAssembly
// arithmetic under snarkjs 0.7.6, pinned in package-lock.json), with its worker threads, as
// snarkjs uses it. Prints one JSON object per line: {"name", "median_ms", "runs"}.
//
//   node bench/peer/bn254.mjs [--quick]
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { getCurveFromName } = require(join(root, "node_modules", "ffjavascript", "build", "main.cjs"));

const quick = process.argv.includes("--quick");
const runs = quick ? 3 : 7;

async function median(name, fn) {
  await fn(); // warm-up
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ name, median_ms: times[(times.length - 1) >> 1], runs }));
}

// n affine points P_i = (i + 1) * G in snarkjs's binary form (Montgomery, little-endian).
function points(G, n) {
  const sG = G.F.n8 * 2;
  const buff = new Uint8Array(n * sG);
  let p = G.g;
  for (let i = 0; i < n; i++) {
    G.toRprLEM(buff, i * sG, G.toAffine(p));
    p = G.add(p, G.g);
  }
  return buff;
}

// n pseudo-random full-size scalars, 32 bytes little-endian each, below r.
function scalars(Fr, n, seed) {
  const buff = new Uint8Array(n * 32);
  let x = BigInt(seed);
  for (let i = 0; i < n; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) % (1n << 256n);
    const v = x % Fr.p;
    for (let b = 0; b < 32; b++) buff[i * 32 + b] = Number((v >> BigInt(8 * b)) & 0xffn);
  }
  return buff;
}

const curve = await getCurveFromName("bn128", false);
try {
  const { Fr, G1, G2 } = curve;

  for (const log of quick ? [16] : [16, 20]) {
    const n = 1 << log;
    const buff = new Uint8Array(n * 32);
    for (let i = 0; i < n; i++) Fr.toRprLE(buff, i * 32, Fr.e(i * 7919 + 1));
    await median(`ntt_2^${log}`, () => Fr.fft(buff));
  }

  for (const [G, name, log] of quick ? [[G1, "g1", 16]] : [[G1, "g1", 16], [G1, "g1", 18], [G2, "g2", 16]]) {
    const n = 1 << log;
    const bases = points(G, n);
    const ks = scalars(Fr, n, 42);
    await median(`msm_${name}_2^${log}`, () => G.multiExpAffine(bases, ks));
  }

  const p = G1.toAffine(G1.timesScalar(G1.g, 12345));
  const q = G2.toAffine(G2.timesScalar(G2.g, 67890));
  await median("pairing_1", () => curve.pairing(p, q));
  await median("pairing_eq_2", () => curve.pairingEq(p, q, G1.neg(p), q));
  await median("pairing_eq_4", () => curve.pairingEq(p, q, G1.neg(p), q, p, q, G1.neg(p), q));
} finally {
  await curve.terminate();
}
