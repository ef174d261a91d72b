// The Groth16 keys the bench scripts prove with, made once by our CLI and cached in one folder,
// each named by the hashes of what it derives from, so a changed circuit or ptau makes new ones.
// bench/groth16.mjs and bench/prover.mjs share the cache under artifacts/bench/groth16/keys.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { log } from "./cli-timing.mjs";

/** The folder bench/groth16.sh keeps its keys in, which the other Groth16 scripts reuse. */
export const groth16KeyFolder = (root) => join(root, "artifacts", "bench", "groth16", "keys");

const sha = (path) => createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 16);

/**
 * A cache of keys in <folder>, made with <run> (cliTimer's) and the two CLIs' argv builders;
 * <tmp> holds the files being made, renamed into the cache only when complete.
 */
export function keyCache(folder, tmp, run, { ours, theirs }) {
  mkdirSync(folder, { recursive: true });
  mkdirSync(tmp, { recursive: true });

  /**
   * The 2^<power> powers of tau, from our local ceremony when the cache lacks it or when
   * <remake> asks for a timed run. Returns {path, made}: made is {name, result} of the run that
   * made a ptau now (for the caller to record), null when the cached one served.
   */
  function powersOfTau(power, { remake = false } = {}) {
    const path = join(folder, `pot${power}.ptau`);
    const hasCeremony = run(ours("powersoftau", "ceremony", "--help"), { allowFail: true }).status === 0;
    if (hasCeremony) {
      if (existsSync(path) && !remake) return { path, made: null };
      log(`powersoftau ceremony bn128 ${power}`);
      const fresh = join(tmp, `pot${power}.ptau`);
      const result = run(ours("powersoftau", "ceremony", "bn128", String(power), fresh));
      if (!existsSync(path)) renameSync(fresh, path); else rmSync(fresh);
      return { path, made: { name: `ceremony 2^${power}`, result } };
    }
    if (existsSync(path)) return { path, made: null };
    // Before the ceremony verb exists: the three-step phase 1, slower; not reported as the ceremony.
    log(`no 'powersoftau ceremony' verb: powersoftau new, contribute, prepare phase2 for 2^${power} (slow)`);
    const p0 = join(tmp, "p0.ptau"), p1 = join(tmp, "p1.ptau"), fresh = join(tmp, `pot${power}.ptau`);
    const steps = [
      run(ours("powersoftau", "new", "bn128", String(power), p0)),
      run(ours("powersoftau", "contribute", p0, p1, "-e", "bench")),
      run(ours("powersoftau", "prepare", "phase2", p1, fresh)),
    ];
    renameSync(fresh, path);
    rmSync(p0); rmSync(p1);
    const result = { wallMs: steps.reduce((s, r) => s + r.wallMs, 0), rssMb: Math.max(...steps.map((r) => r.rssMb)) };
    return { path, made: { name: `phase 1 2^${power} (new, contribute, prepare phase2)`, result } };
  }

  /** A contributed proving key and its verification key for <circuit>.r1cs, cached by the hashes of the r1cs and the ptau. */
  function keysFor(circuit, ptauPath, label) {
    const base = join(folder, `${label}-${sha(`${circuit}.r1cs`)}-${sha(ptauPath)}`);
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

  return { powersOfTau, keysFor };
}
