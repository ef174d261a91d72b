#!/usr/bin/env node
// Issue 12's prover goal against its peers (bench/prover.sh runs it): `groth16 prove` as whole
// processes of our CLI, snarkjs's and rapidsnark's `prover` (when RAPIDSNARK names its binary), on
// the same 2^17 poseidon_chain key and witness, in alternating rounds (ours, snarkjs, rapidsnark,
// ours, ...), each on two cores and on one (taskset). Every proof made is verified at the end,
// so a run that wrote garbage fails the script instead of being timed. Prints two tables:
// the tools (median wall, median peak RSS, the ratios, the scaling from one core to two) and our
// phases from --verbose (the median of each phase on one core and on two, and its scaling).
//
//   node bench/prover.mjs <out folder> [rounds]      (default 5)
import { accessSync, constants, copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cliTimer, commandLines, log, median } from "./cli-timing.mjs";
import { groth16KeyFolder, keyCache } from "./groth16-keys.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = process.argv[2];
const rounds = Number(process.argv[3] ?? 5);
if (!out || !Number.isInteger(rounds) || rounds < 1) throw new Error("usage: node bench/prover.mjs <out folder> [rounds >= 1]");
const power = 17;
const goal = 0.35; // our wall time on two cores, at most this fraction of rapidsnark's (issue 12)

const { ours, theirs } = commandLines(root);
const chain = join(root, "artifacts", "circuits", "bench", "poseidon_chain", "poseidon_chain");
const chainWasm = join(dirname(chain), "poseidon_chain_js", "poseidon_chain.wasm");
const tmp = join(out, "tmp");
const { run, record } = cliTimer(root, join(out, "cli.jsonl"), tmp);

// rapidsnark is a peer, not a dependency: measured when RAPIDSNARK names its prover binary.
const rapidsnark = process.env.RAPIDSNARK;
if (!rapidsnark) log("rapidsnark: skipped (set RAPIDSNARK to its prover binary)");
else {
  try {
    accessSync(rapidsnark, constants.X_OK); // a wrong path fails here, not in the middle of the rounds
  } catch (e) {
    throw new Error(`RAPIDSNARK=${rapidsnark} is not an executable file (${e.code}); set it to a rapidsnark prover binary, or unset it to skip rapidsnark`);
  }
}

// The key comes from bench/groth16.sh's cache (made there, or here when that has not run).
const keys = keyCache(groth16KeyFolder(root), tmp, run, { ours, theirs });
const { zkey, vk } = keys.keysFor(chain, keys.powersOfTau(power).path, "poseidon_chain");
const input = join(tmp, "chain-input.json");
writeFileSync(input, JSON.stringify({ seed: "1" }));
const wtns = join(tmp, "chain.wtns");
run(ours("wtns", "calculate", chainWasm, input, wtns));

// Each tool writes its own files; --verbose makes ours print its phases (a few lines on stderr).
const proofOf = (tool) => [join(tmp, `proof-${tool}.json`), join(tmp, `public-${tool}.json`)];
const tools = [
  { tool: "ours", argv: ours("groth16", "prove", "--verbose", zkey, wtns, ...proofOf("ours")) },
  { tool: "snarkjs", argv: theirs("groth16", "prove", zkey, wtns, ...proofOf("snarkjs")) },
  ...(rapidsnark ? [{ tool: "rapidsnark", argv: [rapidsnark, zkey, wtns, ...proofOf("rapidsnark")] }] : []),
];
const cores = [
  { cores: 2, pin: ["taskset", "-c", "0,1"] },
  { cores: 1, pin: ["taskset", "-c", "0"] },
];

// Every proof made is kept, to be verified at the end; the previous run's files are removed
// first, so a run that exits 0 without writing its proof cannot pass off an older one.
const made = [];
function prove({ tool, argv }, { cores: n, pin }) {
  const [proof, pub] = proofOf(tool);
  rmSync(proof, { force: true });
  rmSync(pub, { force: true });
  const result = run([...pin, ...argv]);
  const i = made.length;
  const kept = [join(tmp, `kept-proof-${i}.json`), join(tmp, `kept-public-${i}.json`)];
  copyFileSync(proof, kept[0]);
  copyFileSync(pub, kept[1]);
  made.push({ tool, cores: n, proof: kept[0], public: kept[1] });
  return result;
}

log(`groth16 prove, poseidon_chain (2^${power}): one untimed run of each tool, then ${rounds} alternating rounds on 2 cores and on 1`);
for (const t of tools) prove(t, cores[0]);
const samples = new Map(); // "tool/cores" -> [{wallMs, rssMb, cpuMs, stderr, ...}]
for (let round = 1; round <= rounds; round++)
  for (const c of cores)
    for (const t of tools) {
      const r = prove(t, c);
      const key = `${t.tool}/${c.cores}`;
      samples.set(key, [...(samples.get(key) ?? []), r]);
      log(`  round ${round}, ${c.cores} core(s), ${t.tool}: ${(r.wallMs / 1000).toFixed(2)} s, ${r.rssMb.toFixed(0)} MB`);
    }
const best = (xs) => Math.min(...xs);
/** A figure of one tool on n cores (median or best over the rounds), NaN for a tool not run. */
const figure = (tool, n, field, of = median) => (samples.has(`${tool}/${n}`) ? of(samples.get(`${tool}/${n}`).map((s) => s[field])) : NaN);
for (const [key, s] of samples) {
  const [tool, n] = key.split("/");
  record(`groth16 prove, ${n} core(s)`, tool, s, { cores: Number(n), cpu_ms: median(s.map((x) => x.cpuMs)), best_wall_ms: best(s.map((x) => x.wallMs)) });
}

// --- every proof verifies, and all tools proved the same public signals -------------------------
log(`verifying the ${made.length} proofs: our batchverify over all, snarkjs's verify of each tool's last`);
run(ours("groth16", "batchverify", vk, ...made.flatMap((m) => [m.proof, m.public])));
for (const t of tools) {
  const last = made.findLast((m) => m.tool === t.tool);
  run(theirs("groth16", "verify", vk, last.public, last.proof));
}
const signals = new Set(made.map((m) => JSON.stringify(JSON.parse(readFileSync(m.public, "utf8")))));
if (signals.size !== 1) throw new Error(`the tools wrote ${signals.size} different public signal lists for one witness`);

// --- the tools -------------------------------------------------------------------------------------
// On a machine others use too, load only adds time: the best run is the figure nearest an idle
// machine, the median the typical one; CPU time (user + system) is the work, whatever the load.
const seconds = (ms) => (Number.isNaN(ms) ? "-" : `${(ms / 1000).toFixed(2)} s`);
const times = (x) => (Number.isNaN(x) ? "-" : `${x.toFixed(2)}x`);
const lines = [
  `| tool | cores | median wall (best) | median CPU time | median peak RSS | wall / rapidsnark | wall / snarkjs | peak RSS / rapidsnark | scaling 1 -> 2 cores: medians (bests) |`,
  `|---|---|---|---|---|---|---|---|---|`,
];
for (const t of tools)
  for (const { cores: n } of cores) {
    const wall = (tool, k = n, of = median) => figure(tool, k, "wallMs", of), rss = (tool) => figure(tool, n, "rssMb");
    const scaling = n === 2 ? `${times(wall(t.tool, 1) / wall(t.tool, 2))} (${times(wall(t.tool, 1, best) / wall(t.tool, 2, best))})` : "";
    lines.push(`| ${t.tool} | ${n} | ${seconds(wall(t.tool))} (${seconds(wall(t.tool, n, best))}) | ${seconds(figure(t.tool, n, "cpuMs"))} | ${rss(t.tool).toFixed(0)} MB | ` +
      `${times(wall(t.tool) / wall("rapidsnark"))} | ${times(wall(t.tool) / wall("snarkjs"))} | ${times(rss(t.tool) / rss("rapidsnark"))} | ${scaling} |`);
  }
const wall2 = (tool, of = median) => figure(tool, 2, "wallMs", of);
lines.push("");
lines.push(rapidsnark
  ? `Goal (issue 12): ours at most ${goal}x rapidsnark's wall time on 2 cores, peak memory no higher; this run: ${times(wall2("ours") / wall2("rapidsnark"))} ` +
    `(bests: ${times(wall2("ours", best) / wall2("rapidsnark", best))}), ${times(figure("ours", 2, "rssMb") / figure("rapidsnark", 2, "rssMb"))} of its memory.`
  : "rapidsnark: skipped (set RAPIDSNARK to its prover binary); the goal (issue 12) is against it.");
lines.push(`Medians (and bests) of ${rounds} alternating rounds after one untimed run of each tool; whole processes (start-up included), pinned with taskset; ` +
  `peak RSS and CPU time by /usr/bin/time. All ${made.length} proofs verified (our batchverify; snarkjs verify of each tool's last), one public signal list.`);

// --- our phases (--verbose: "<ms> ms  <phase>" lines, then the total since the process started) ---
/** The phases of one --verbose run, in order, with the runtime's start-up (the total less the phases) first. */
function phasesOf(stderr) {
  const phases = [];
  let total = NaN;
  for (const line of stderr.split("\n")) {
    const m = line.match(/^\s*([\d.]+) ms {2}(.+)$/);
    if (!m) continue;
    if (m[2].startsWith("in all since the process started")) total = Number(m[1]);
    else phases.push([m[2], Number(m[1])]);
  }
  if (Number.isNaN(total) || phases.length === 0) throw new Error(`no phase lines in our --verbose output:\n${stderr}`);
  return [["runtime start-up (total less the phases)", total - phases.reduce((s, [, ms]) => s + ms, 0)], ...phases, ["in all since the process started", total]];
}
const phaseRuns = (n) => samples.get(`ours/${n}`).map((s) => phasesOf(s.stderr));
const [one, two] = [phaseRuns(1), phaseRuns(2)];
const phase = (runs, name, of = median) => of(runs.map((r) => r.find(([p]) => p === name)?.[1] ?? NaN));
const ms = (x) => (Number.isNaN(x) ? "-" : `${x.toFixed(0)} ms`);
lines.push("", `| our phase (--verbose) | 1 core: median (best) | 2 cores: median (best) | scaling 1 -> 2 cores: medians (bests) |`, `|---|---|---|---|`);
for (const [name] of one[0]) {
  const [a, b, a1, b1] = [phase(one, name), phase(two, name), phase(one, name, best), phase(two, name, best)];
  lines.push(`| ${name} | ${ms(a)} (${ms(a1)}) | ${ms(b)} (${ms(b1)}) | ${times(a / b)} (${times(a1 / b1)}) |`);
}
lines.push("", `Each phase's median and best over the ${rounds} rounds' runs of ours on that many cores (the rows need not add up to the total's).`);

const table = lines.join("\n");
writeFileSync(join(out, "table.md"), table + "\n");
console.log(table);
