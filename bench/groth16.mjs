#!/usr/bin/env node
// The command-line half of bench/groth16.sh: runs our CLI (the Release build, through
// `dotnet crossmargin.dll`, so no build is timed) and snarkjs's CLI on the same files, one after
// the other, and records each figure as one JSON line in <out>/cli.jsonl:
//   {"name", "tool": "ours" | "snarkjs", "wall_ms" (median), "rss_mb" (median peak RSS), "runs", "note"?}
// Keys are made once and cached under <out>/keys, named by the hashes of what they derive from,
// so a changed circuit or ptau makes new ones.
//
//   node bench/groth16.mjs <out folder> [--quick]
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync, appendFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cliTimer, commandLines, log } from "./cli-timing.mjs";
import { keyCache } from "./groth16-keys.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = process.argv[2];
const quick = process.argv.includes("--quick");
const runs = quick ? 2 : 5;
const batchSize = 1000;
const peerSample = quick ? 20 : 100; // snarkjs verifies one by one: a sample of the batch
const power = 17;

const { ours, theirs } = commandLines(root);
const chain = join(root, "artifacts", "circuits", "bench", "poseidon_chain", "poseidon_chain");
const chainWasm = join(dirname(chain), "poseidon_chain_js", "poseidon_chain.wasm");
const smoke = join(root, "artifacts", "circuits", "smoke", "poseidon_preimage", "poseidon_preimage");
const results = join(out, "cli.jsonl");
const tmp = join(out, "tmp");

const { run, record, compare: compareRuns } = cliTimer(root, results, tmp);
const compare = (name, oursArgv, theirsArgv, options = {}) => compareRuns(name, oursArgv, theirsArgv, { n: runs, ...options });

const keys = keyCache(join(out, "keys"), tmp, run, { ours, theirs });
const keysFor = keys.keysFor;

// --- the 2^17 powers of tau: our local ceremony (timed unless --quick finds one cached) ----------
const tau = keys.powersOfTau(power, { remake: !quick });
if (tau.made) record(tau.made.name, "ours", [tau.made.result]);
const ptau = tau.path;

// --- wtns calculate ------------------------------------------------------------------------------
const input = join(tmp, "chain-input.json");
writeFileSync(input, JSON.stringify({ seed: "1" }));
const wtnsOurs = join(tmp, "ours.wtns"), wtnsTheirs = join(tmp, "snarkjs.wtns");
log("wtns calculate: poseidon_chain");
compare("wtns calculate", ours("wtns", "calculate", chainWasm, input, wtnsOurs), theirs("wtns", "calculate", chainWasm, input, wtnsTheirs));
if (!readFileSync(wtnsOurs).equals(readFileSync(wtnsTheirs))) throw new Error("the two witness files differ");

// --- groth16 prove -------------------------------------------------------------------------------
const chainKeys = keysFor(chain, ptau, "poseidon_chain");
const proofOurs = join(tmp, "proof-ours.json"), publicOurs = join(tmp, "public-ours.json");
const proofTheirs = join(tmp, "proof-snarkjs.json"), publicTheirs = join(tmp, "public-snarkjs.json");
log("groth16 prove: poseidon_chain");
compare("groth16 prove", ours("groth16", "prove", chainKeys.zkey, wtnsOurs, proofOurs, publicOurs),
  theirs("groth16", "prove", chainKeys.zkey, wtnsOurs, proofTheirs, publicTheirs));
// Each tool accepts the other's proof: the figures are of proofs that verify.
run(theirs("groth16", "verify", chainKeys.vk, publicOurs, proofOurs));
run(ours("groth16", "verify", chainKeys.vk, publicTheirs, proofTheirs));
if (!quick) {
  // The first prove with a key checks its G2 points once (see ZkeyFile.Read); an empty cache shows that cost.
  const cold = join(tmp, "cold-cache");
  record("groth16 prove, first use of the key", "ours", [run(ours("groth16", "prove", chainKeys.zkey, wtnsOurs, proofOurs, publicOurs), { env: { XDG_CACHE_HOME: cold } })]);
  rmSync(cold, { recursive: true, force: true });
}
const phases = run(ours("groth16", "prove", "--verbose", chainKeys.zkey, wtnsOurs, proofOurs, publicOurs));
writeFileSync(join(out, "prove-phases.txt"), phases.stderr);
log(phases.stderr.trimEnd());

// --- groth16 verify (one proof, a process each) --------------------------------------------------
log("groth16 verify: poseidon_chain, one process a proof");
compare("groth16 verify (CLI process)", ours("groth16", "verify", chainKeys.vk, publicOurs, proofOurs),
  theirs("groth16", "verify", chainKeys.vk, publicOurs, proofOurs));

// --- batchverify of 1,000 distinct proofs of the smoke circuit -----------------------------------
const batch = join(out, "batch");
const smokePtau = join(out, "keys", "pot10.ptau");
if (!existsSync(smokePtau)) {
  const p0 = join(tmp, "s0.ptau"), p1 = join(tmp, "s1.ptau");
  run(ours("powersoftau", "new", "bn128", "10", p0));
  run(ours("powersoftau", "contribute", p0, p1, "-e", "bench"));
  run(ours("powersoftau", "prepare", "phase2", p1, join(tmp, "s.ptau")));
  renameSync(join(tmp, "s.ptau"), smokePtau);
}
const smokeKeys = keysFor(smoke, smokePtau, "poseidon_preimage");
const stamp = join(batch, "made-from.txt");
const madeFrom = `${batchSize} proofs under ${smokeKeys.zkey}\n`;
if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== madeFrom) {
  log(`making ${batchSize} distinct proofs of poseidon_preimage (in-process)`);
  rmSync(batch, { recursive: true, force: true });
  run(["dotnet", "run", "-c", "Release", "--no-build", "--project", join(root, "bench", "CrossMargin.Bench"), "--",
    "proofs", smokeKeys.zkey, `${smoke}_js/poseidon_preimage.wasm`, String(batchSize), join(batch, "proofs")]);
  writeFileSync(join(batch, "verification_key.json"), readFileSync(smokeKeys.vk));
  writeFileSync(stamp, madeFrom);
}
if (readdirSync(join(batch, "proofs")).filter((f) => f.startsWith("proof_")).length !== batchSize) throw new Error("the proof folder is incomplete");
log(`groth16 batchverify: ${batchSize} proofs`);
run(ours("groth16", "batchverify", join(batch, "verification_key.json"), join(batch, "proofs")));
const bv = [];
for (let i = 0; i < runs; i++) bv.push(run(ours("groth16", "batchverify", join(batch, "verification_key.json"), join(batch, "proofs"))));
record(`groth16 batchverify ${batchSize} (CLI process)`, "ours", bv, { per: batchSize });
log(`snarkjs: ${peerSample} of the proofs, one by one, in-process`);
const peer = JSON.parse(run([process.execPath, join(root, "bench", "peer", "groth16-verify.mjs"), join(batch, "verification_key.json"), join(batch, "proofs"), String(peerSample)]).stdout.trim());
appendFileSync(results, JSON.stringify({ name: "verify in-process", tool: "snarkjs", wall_ms: peer.median_ms, mean_ms: peer.mean_ms, runs: peer.runs,
  note: `snarkjs.groth16.verify, one by one over ${peer.runs} of the batch's proofs` }) + "\n");
const perProcess = [];
for (let i = 1; i <= Math.min(runs, 5); i++) {
  const n = String(i).padStart(4, "0");
  perProcess.push(run(theirs("groth16", "verify", join(batch, "verification_key.json"), join(batch, "proofs", `public_${n}.json`), join(batch, "proofs", `proof_${n}.json`))));
}
record(`snarkjs verify of batch proofs (CLI process)`, "snarkjs", perProcess);
rmSync(tmp, { recursive: true, force: true });
