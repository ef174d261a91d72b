#!/usr/bin/env node
// The soundness audit's mutation run (issue 11, item 2(c)): every hardening line of the solvency
// circuit (circuits/margin) is deleted or weakened, one at a time; each mutant of the small
// configuration is compiled with circom --O2 as deployed, its witness computed for each case
// portfolio (honest inputs, so the mutant is satisfied), and `crossmargin r1cs audit` run on it.
// A mutant is flagged when the audit says UNDER-CONSTRAINED or INCONCLUSIVE for some case; the
// audit must never say PROVED UNIQUE for a mutant whose deletion leaves a second witness.
//
//   node eng/solvency-mutants.mjs [--filter <text>] [--out <dir>]      (about 30 s per mutant)
//   node eng/solvency-mutants.mjs --list                                (the mutants, not run)
//
// The hardening lines, found in the sources (not listed by hand, so a new check is mutated too):
//   - `x.in <== e;` where x is a range-check component (AssertBits, AssertSignedBits,
//     AssertBetween, Num2Bits): the check is detached (`x.in <== 0;`, which every honest witness
//     still satisfies), once per source line (a line in a loop or a template mutates every use);
//   - every `===` constraint: deleted.
// Each mutant's verdict per case goes to <out>/mutants.jsonl; the summary table to standard output.
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const filter = option("--filter");
const out = join(root, option("--out") ?? "artifacts/mutants");
const cli = join(root, "src", "CrossMargin.Cli", "bin", "Release", "net10.0", "crossmargin.dll");
const circom = join(root, "node_modules", "circom2", "cli.js");
const sources = join(root, "circuits", "margin");
const main = "solvency_small";

// The cases reach the branches a deletion may only open on: the example portfolio (two venues,
// losses of both signs, an old commitment), and one with a single venue (an empty slot), a zero
// commitment age (the ceil-sqrt's zero case) and a long-gamma book on a grid without 0 (every
// loss of an underlying negative, so the maximum is 0 by its lower bound alone; the gamma is one
// unit, so that the losses are small enough for the rounding up to VALUE to take them, and the
// lower bound is all that keeps the maximum from being the largest negative loss).
const example = JSON.parse(readFileSync(join(root, "examples", "portfolio.json"), "utf8"));
const longGamma = structuredClone(example);
longGamma.context.tau = "0";
longGamma.grid = ["1", "0.666667", "0.333333", "0.1"];
longGamma.venues = [{ ...example.venues[0], positions: [{ underlying: "ETH", delta: "0", gamma: "0.000000000001", vega: "0", markToMarket: "100" }] }];
const cases = { example, longGamma };

function run(command, argv, options = {}) {
  const result = spawnSync(command, argv, { cwd: root, encoding: "utf8", maxBuffer: 1 << 26, ...options });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

function mutants() {
  const files = ["solvency.circom", ...readdirSync(join(sources, "lib")).filter((f) => f !== "hashing.circom").map((f) => `lib/${f}`)];
  const found = [];
  for (const file of files) {
    const lines = readFileSync(join(sources, file), "utf8").split("\n");
    const rangeComponents = new Set();
    lines.forEach((line) => {
      const m = line.match(/^\s*(?:component\s+)?([A-Za-z_]\w*)(?:\[[^\]]*\])*\s*=\s*(AssertBits|AssertSignedBits|AssertBetween|Num2Bits)\(/);
      if (m) rangeComponents.add(m[1]);
    });
    lines.forEach((line, index) => {
      const code = line.replace(/\/\/.*$/, "");
      const detach = code.match(/^(\s*)([A-Za-z_]\w*)((?:\[[^\]]*\])*)\.in\s*<==\s*(.+);\s*$/);
      if (detach && rangeComponents.has(detach[2])) {
        found.push({ file, line: index + 1, text: line.trim(), kind: "range check detached", replacement: `${detach[1]}${detach[2]}${detach[3]}.in <== 0;` });
      } else if (/===/.test(code)) {
        found.push({ file, line: index + 1, text: line.trim(), kind: "constraint deleted", replacement: "" });
      }
    });
  }
  return found.filter((m) => !filter || `${m.file}:${m.line} ${m.text}`.includes(filter));
}

function verdictOf(output) {
  if (output.includes("PROVED UNIQUE")) return "proved unique";
  if (output.includes("UNDER-CONSTRAINED")) return "finding";
  if (output.includes("INCONCLUSIVE")) return "inconclusive";
  return "error";
}

if (args.includes("--list")) {
  for (const m of mutants()) console.log(`${m.file}:${m.line} ${m.kind}: ${m.text}`);
  process.exit(0);
}
if (!existsSync(cli)) {
  console.error(`${relative(root, cli)} is missing: dotnet build src/CrossMargin.Cli -c Release`);
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const inputs = {};
for (const [name, portfolio] of Object.entries(cases)) {
  const portfolioPath = join(out, `${name}.portfolio.json`);
  writeFileSync(portfolioPath, JSON.stringify(portfolio, null, 2));
  inputs[name] = join(out, `${name}.input.json`);
  const made = run("dotnet", [cli, "margin", "input", portfolioPath, inputs[name]]);
  if (made.code !== 0) throw new Error(`margin input ${name}: ${made.output}`);
}

const all = mutants();
const results = join(out, "mutants.jsonl");
rmSync(results, { force: true });
console.log(`${all.length} mutants of circuits/margin (${main}), ${Object.keys(cases).length} cases each`);
const tally = {};
for (const [i, mutant] of all.entries()) {
  const started = Date.now();
  const work = join(out, "work");
  rmSync(work, { recursive: true, force: true });
  cpSync(sources, join(work, "margin"), { recursive: true });
  const path = join(work, "margin", mutant.file);
  const lines = readFileSync(path, "utf8").split("\n");
  lines[mutant.line - 1] = mutant.replacement;
  writeFileSync(path, lines.join("\n"));
  const build = join(work, "build");
  mkdirSync(build, { recursive: true });
  const compiled = run(process.execPath, [circom, relative(root, join(work, "margin", `${main}.circom`)), "--r1cs", "--wasm", "--sym", "--O2", "-l", "node_modules", "-o", relative(root, build)]);
  const verdicts = {};
  if (compiled.code !== 0) {
    verdicts.compile = "does not compile";
  } else {
    for (const [name, input] of Object.entries(inputs)) {
      const wtns = join(build, `${name}.wtns`);
      const witness = run("dotnet", [cli, "wtns", "calculate", join(build, `${main}_js`, `${main}.wasm`), input, wtns]);
      if (witness.code !== 0) {
        verdicts[name] = "no witness";
        continue;
      }
      verdicts[name] = verdictOf(run("dotnet", [cli, "r1cs", "audit", join(build, `${main}.r1cs`), wtns, "--no-pairs"]).output);
    }
  }
  const values = Object.values(verdicts);
  const overall = values.includes("finding") ? "finding"
    : values.includes("inconclusive") ? "inconclusive"
    : values.every((v) => v === "proved unique") ? "proved unique"
    : values.join("/");
  tally[overall] = (tally[overall] ?? 0) + 1;
  const record = { ...mutant, verdicts, overall, seconds: Math.round((Date.now() - started) / 1000) };
  appendFileSync(results, `${JSON.stringify(record)}\n`);
  console.log(`${String(i + 1).padStart(3)}/${all.length} ${overall.padEnd(14)} ${mutant.file}:${mutant.line} ${mutant.kind}: ${mutant.text}  [${Object.entries(verdicts).map(([k, v]) => `${k}: ${v}`).join(", ")}; ${record.seconds} s]`);
}
console.log("\n| verdict | mutants |\n|---|---|");
for (const [verdict, count] of Object.entries(tally)) console.log(`| ${verdict} | ${count} |`);
