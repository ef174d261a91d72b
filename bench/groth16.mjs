#!/usr/bin/env node
// The command-line half of bench/groth16.sh: runs our CLI (the Release build, through
// `dotnet crossmargin.dll`, so no build is timed) and snarkjs's CLI on the same files, one after
// the other, and records each figure as one JSON line in <out>/cli.jsonl:
//   {"name", "tool": "ours" | "snarkjs", "wall_ms" (median), "rss_mb" (median peak RSS), "runs", "note"?}
// Keys are made once and cached under <out>/keys, named by the hashes of what they derive from,
// so a changed circuit or ptau makes new ones.
//
//   node bench/groth16.mjs <out folder> [--quick]
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, appendFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cliTimer, log, median } from "./cli-timing.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = process.argv[2];
const quick = process.argv.includes("--quick");
const runs = quick ? 2 : 5;
const batchSize = 1000;
const peerSample = quick ? 20 : 100; // snarkjs verifies one by one: a sample of the batch
const power = 17;

const cmDll = join(root, "src", "CrossMargin.Cli", "bin", "Release", "net10.0", "crossmargin.dll");
const snarkjsCli = join(root, "node_modules", "snarkjs", "build", "cli.cjs");
const ours = (...args) => ["dotnet", cmDll, ...args];
const theirs = (...args) => [process.execPath, snarkjsCli, ...args];
const chain = join(root, "artifacts", "circuits", "bench", "poseidon_chain", "poseidon_chain");
const chainWasm = join(dirname(chain), "poseidon_chain_js", "poseidon_chain.wasm");
const smoke = join(root, "artifacts", "circuits", "smoke", "poseidon_preimage", "poseidon_preimage");
const results = join(out, "cli.jsonl");
const tmp = join(out, "tmp");
mkdirSync(join(out, "keys"), { recursive: true });

const { run, record, compare: compareRuns } = cliTimer(root, results, tmp);
const compare = (name, oursArgv, theirsArgv, options = {}) => compareRuns(name, oursArgv, theirsArgv, { n: runs, ...options });

const sha = (path) => createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 16);

// --- the 2^17 powers of tau: our local ceremony (timed), cached ---------------------------------
const hasCeremony = run(ours("powersoftau", "ceremony", "--help"), { allowFail: true }).status === 0;
const ptau = join(out, "keys", `pot${power}.ptau`);
if (hasCeremony) {
  if (!existsSync(ptau) || !quick) {
    log(`powersoftau ceremony bn128 ${power}`);
    const fresh = join(tmp, `pot${power}.ptau`);
    const r = run(ours("powersoftau", "ceremony", "bn128", String(power), fresh));
    record(`ceremony 2^${power}`, "ours", [r]);
    if (!existsSync(ptau)) renameSync(fresh, ptau); else rmSync(fresh);
  }
} else if (!existsSync(ptau)) {
  // Before the ceremony verb exists: the three-step phase 1, slower; not reported as the ceremony.
  log(`no 'powersoftau ceremony' verb: powersoftau new, contribute, prepare phase2 for 2^${power} (slow)`);
  const p0 = join(tmp, "p0.ptau"), p1 = join(tmp, "p1.ptau"), fresh = join(tmp, `pot${power}.ptau`);
  const steps = [
    run(ours("powersoftau", "new", "bn128", String(power), p0)),
    run(ours("powersoftau", "contribute", p0, p1, "-e", "bench")),
    run(ours("powersoftau", "prepare", "phase2", p1, fresh)),
  ];
  record(`phase 1 2^${power} (new, contribute, prepare phase2)`, "ours", [{ wallMs: steps.reduce((s, r) => s + r.wallMs, 0), rssMb: Math.max(...steps.map((r) => r.rssMb)) }]);
  renameSync(fresh, ptau);
  rmSync(p0); rmSync(p1);
}

/** A contributed proving key and its verification key for <circuit>.r1cs, cached by the hashes of the r1cs and the ptau. */
function keysFor(circuit, ptauPath, label) {
  const base = join(out, "keys", `${label}-${sha(`${circuit}.r1cs`)}-${sha(ptauPath)}`);
  const zkey = `${base}.zkey`, vk = `${base}.vkey.json`;
  if (!existsSync(zkey) || !existsSync(vk)) {
    log(`groth16 setup, zkey contribute: ${label}`);
    const initial = join(tmp, `${label}-0.zkey`), final = join(tmp, `${label}.zkey`);
    const setup = run(ours("groth16", "setup", `${circuit}.r1cs`, ptauPath, initial), { allowFail: true });
    if (setup.status !== 0) {
      // Our setup needs more powers than the domain for snarkjs's circuit hash (a known gap when
      // the domain is the ptau's full size, as 2^17 is here); snarkjs's setup makes the same key.
      log(`our groth16 setup failed (${setup.stderr.trim()}); snarkjs groth16 setup instead`);
      run(theirs("groth16", "setup", `${circuit}.r1cs`, ptauPath, initial));
      writeFileSync(`${base}.made-by.txt`, `snarkjs groth16 setup (ours: ${setup.stderr.trim()}), then our zkey contribute\n`);
    }
    run(ours("zkey", "contribute", initial, final, "-e", "bench", "-n", "bench"));
    run(ours("zkey", "export", "verificationkey", final, join(tmp, "vk.json")));
    rmSync(initial);
    renameSync(join(tmp, "vk.json"), vk);
    renameSync(final, zkey);
  }
  return { zkey, vk };
}

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
