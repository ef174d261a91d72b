// Timing whole command-line runs, for the bench scripts that compare our CLI with snarkjs's:
// wall time of the process, its peak RSS and CPU time (/usr/bin/time -f "%M %U %S"), medians of alternating runs,
// one JSON line per figure: {"name", "tool", "wall_ms", "rss_mb", "runs", ...}.
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const log = (line) => process.stderr.write(`${line}\n`);

/**
 * The argv of our CLI (./crossmargin, what a user runs: the native build for the witness, proof
 * and margin verbs where it could be built, else the managed one; bench/cli-bench.sh publishes
 * it first, so no build is timed) and of snarkjs's (its cli.cjs under this node), each followed
 * by the verb's arguments.
 */
export function commandLines(root) {
  const script = join(root, "crossmargin");
  const snarkjsCli = join(root, "node_modules", "snarkjs", "build", "cli.cjs");
  return { ours: (...args) => [script, ...args], theirs: (...args) => [process.execPath, snarkjsCli, ...args] };
}
export const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];

/** A timer writing its figures to <results> (emptied) and its scratch files to <tmp>. */
export function cliTimer(root, results, tmp) {
  mkdirSync(tmp, { recursive: true });
  writeFileSync(results, "");

  /** Runs a command; throws with its output if it fails. Returns {wallMs, rssMb, cpuMs (user + system), stdout, stderr, status}. */
  function run(argv, { allowFail = false, env = {} } = {}) {
    const timeFile = join(tmp, "time.txt");
    const t0 = process.hrtime.bigint();
    const r = spawnSync("/usr/bin/time", ["-f", "%M %U %S", "-o", timeFile, ...argv], { cwd: root, encoding: "utf8", maxBuffer: 1 << 26, env: { ...process.env, ...env } });
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0 && !allowFail)
      throw new Error(`${argv.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    // The last line is ours ("Command exited with non-zero status" may come before it).
    const [kb, user, system] = readFileSync(timeFile, "utf8").trim().split("\n").pop().split(" ").map(Number);
    return { wallMs, rssMb: kb / 1024, cpuMs: (user + system) * 1000, stdout: r.stdout, stderr: r.stderr, status: r.status };
  }

  function record(name, tool, samples, extra = {}) {
    const line = { name, tool, wall_ms: median(samples.map((s) => s.wallMs)), rss_mb: median(samples.map((s) => s.rssMb)), runs: samples.length, ...extra };
    appendFileSync(results, JSON.stringify(line) + "\n");
    log(`  ${name} (${tool}): ${line.wall_ms.toFixed(1)} ms, ${line.rss_mb.toFixed(0)} MB (median of ${samples.length})`);
  }

  /** Our command and snarkjs's, alternately, n times each (after one untimed warm-up each). */
  function compare(name, oursArgv, theirsArgv, { warm = true, n = 5 } = {}) {
    if (warm) { run(oursArgv); run(theirsArgv); }
    const a = [], b = [];
    for (let i = 0; i < n; i++) { a.push(run(oursArgv)); b.push(run(theirsArgv)); }
    record(name, "ours", a);
    record(name, "snarkjs", b);
  }

  return { run, record, compare };
}
