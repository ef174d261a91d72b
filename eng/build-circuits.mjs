#!/usr/bin/env node
// Compiles every circom main under circuits/ into artifacts/circuits/ (.r1cs, .wasm, .sym),
// called by circuits/Circuits.proj on every `dotnet build`.
//
// Incremental by content, not by timestamps: a main is recompiled only when the hash of its
// source, of every file it includes (transitively, resolved the way circom resolves them),
// of the compiler version and of the flags differs from the stamp left by the last compile.
// A git checkout that touches mtimes without changing content recompiles nothing.
//
// A compile error fails with circom's own message, followed by one MSBuild-canonical error
// line so that the build's summary names the file.

import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const circuitsDir = join(repoRoot, "circuits");
const outRoot = join(repoRoot, "artifacts", "circuits");
const libraryPaths = [join(repoRoot, "node_modules"), circuitsDir];
const circomCli = join(repoRoot, "node_modules", "circom2", "cli.js");
const circomFlags = ["--r1cs", "--wasm", "--sym"];
// A main may ask for more flags with a line `// circom-flags: --O2` (e.g. full linear
// simplification for the product circuits; the benchmark circuit keeps circom's default --O1).
const allowedExtraFlags = new Set(["--O0", "--O1", "--O2"]);
function extraFlags(mainFile) {
  const m = readFileSync(mainFile, "utf8").match(/^\s*\/\/\s*circom-flags:\s*(.*)$/m);
  const flags = m ? m[1].trim().split(/\s+/).filter(Boolean) : [];
  const unknown = flags.filter((f) => !allowedExtraFlags.has(f));
  if (unknown.length) throw new Error(`${mainFile}: circom-flags: unsupported flag(s) ${unknown.join(" ")}`);
  return flags;
}

const stripComments = (src) => src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
const stripAnsi = (s) => s.replace(/\x1b\[[0-9;]*m/g, "");
const posix = (p) => p.split(sep).join("/");

function listCircomFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listCircomFiles(path);
    return entry.name.endsWith(".circom") ? [path] : [];
  });
}

// circom resolves `include "x"` against the including file's folder first, then each -l path.
function resolveInclude(fromFile, target) {
  const candidates = [join(dirname(fromFile), target), ...libraryPaths.map((lib) => join(lib, target))];
  return candidates.find((c) => existsSync(c));
}

function dependencyClosure(mainFile) {
  const seen = new Set();
  const missing = [];
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of stripComments(readFileSync(file, "utf8")).matchAll(/include\s+"([^"]+)"\s*;/g)) {
      const resolved = resolveInclude(file, match[1]);
      if (resolved) visit(resolved);
      else missing.push(`${posix(relative(repoRoot, file))}: include "${match[1]}"`);
    }
  };
  visit(mainFile);
  // A missing include is left for circom to report with its own message; it still enters the
  // hash so that adding the file later triggers a compile.
  return { files: [...seen].sort(), missing };
}

function run(command, args, cwd) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", (error) => done({ code: -1, output: String(error) }));
    child.on("close", (code) => done({ code, output: stripAnsi(output) }));
  });
}

// circom's report, e.g. "non-linear constraints: 307", kept as JSON beside the artifacts.
function parseReport(output) {
  const field = (label) => {
    const m = output.match(new RegExp(`^${label}:\\s*(\\d+)`, "m"));
    return m ? Number(m[1]) : null;
  };
  return {
    templateInstances: field("template instances"),
    nonLinearConstraints: field("non-linear constraints"),
    linearConstraints: field("linear constraints"),
    publicInputs: field("public inputs"),
    privateInputs: field("private inputs"),
    publicOutputs: field("public outputs"),
    wires: field("wires"),
    labels: field("labels"),
  };
}

async function compile(mainFile, compilerVersion) {
  const rel = posix(relative(circuitsDir, mainFile)).replace(/\.circom$/, "");
  const name = rel.split("/").pop();
  const outDir = join(outRoot, rel);
  const stampFile = join(outDir, `${name}.stamp`);
  const { files, missing } = dependencyClosure(mainFile);
  const extra = extraFlags(mainFile);
  // Under --O2 circom may fold a private input into the signals it equals; its substitutions
  // file says what each folded signal equals, which the soundness audit needs to fix such inputs.
  const substitutes = extra.includes("--O2");
  const flags = [...circomFlags, ...extra, ...(substitutes ? ["--simplification_substitution"] : [])];

  const hash = createHash("sha256");
  hash.update(`${compilerVersion}\0${flags.join(" ")}\0`);
  for (const file of files) hash.update(`${posix(relative(repoRoot, file))}\0`).update(readFileSync(file)).update("\0");
  for (const m of missing) hash.update(`missing:${m}\0`);
  const digest = hash.digest("hex");

  const outputs = [`${name}.r1cs`, `${name}.sym`, join(`${name}_js`, `${name}.wasm`), ...(substitutes ? [`${name}_substitutions.json`] : [])].map((f) => join(outDir, f));
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8").trim() === digest && outputs.every((f) => existsSync(f))) {
    return { rel, compiled: false };
  }

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const started = Date.now();
  const args = [circomCli, mainFile, ...flags, ...libraryPaths.flatMap((l) => ["-l", l]), "-o", outDir];
  const { code, output } = await run(process.execPath, args, repoRoot);
  writeFileSync(join(outDir, `${name}.circom.log`), output);
  if (code !== 0 || !outputs.every((f) => existsSync(f))) {
    rmSync(stampFile, { force: true });
    return { rel, compiled: true, failed: true, output, mainFile };
  }
  writeFileSync(join(outDir, `${name}.info.json`), JSON.stringify(parseReport(output), null, 2) + "\n");
  writeFileSync(stampFile, digest + "\n");
  return { rel, compiled: true, seconds: (Date.now() - started) / 1000, report: parseReport(output) };
}

async function main() {
  if (!existsSync(circomCli)) {
    console.error(`${posix(relative(repoRoot, circomCli))}: error CM0002: circom2 is not installed (node_modules is missing; the build's npm ci step should have run).`);
    process.exit(1);
  }
  const version = (await run(process.execPath, [circomCli, "--version"], repoRoot)).output.trim();
  const mains = listCircomFiles(circuitsDir).filter((f) => /^\s*component\s+main\b/m.test(stripComments(readFileSync(f, "utf8"))));

  const queue = [...mains];
  const results = [];
  // Each compiled circuit is reported as it finishes (a first build compiles for minutes, and
  // MSBuild passes these lines on as they come); failures are reported together at the end.
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const r = await compile(file, version);
      results.push(r);
      if (r.compiled && !r.failed) {
        const c = r.report;
        console.log(`circom: ${r.rel} compiled in ${r.seconds.toFixed(1)} s (${c.nonLinearConstraints + c.linearConstraints} constraints, ${c.wires} wires; ${results.length} of ${mains.length})`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(cpus().length, mains.length)) }, worker));

  let failed = false;
  for (const r of results.sort((a, b) => a.rel.localeCompare(b.rel))) {
    if (r.failed) {
      failed = true;
      process.stderr.write(r.output.endsWith("\n") ? r.output : r.output + "\n");
      const first = r.output.split("\n").find((l) => /^error/.test(l)) ?? "see the compiler output above";
      console.error(`${r.mainFile}: error CM0001: circom could not compile ${r.rel}.circom: ${first}`);
    }
  }
  const fresh = results.filter((r) => !r.compiled).length;
  if (!failed) console.log(`circom: ${mains.length} circuit(s), ${mains.length - fresh} compiled, ${fresh} up to date`);
  process.exit(failed ? 1 : 0);
}

await main();
