import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** One cold run on one history: the verdict and where the time went. */
export interface ColdRun {
  verdict: "ok" | "illegal" | "unknown";
  /** Why an unknown: the checker's reason ("memory", "timeout"...), or how the process failed. */
  reason?: string;
  /** The check alone (parsing and start-up excluded): wall clock and CPU. */
  checkMs: number;
  checkCpuMs: number;
  parseMs: number;
  /** The whole process, from spawn to exit, start-up and module loading included. */
  processMs: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const worker = join(here, "check-cold.mjs");

/** The checker a cold run loads: a module exporting check, findModel and readHistory, and what node needs to load it. */
export interface Checker {
  module: string;
  nodeArgs: readonly string[];
}

/** Where the built checker is (`npm run bench:check` builds it first). */
export const builtCheckerPath = join(here, "..", "dist", "src", "check", "index.js");

/** The built checker, in plain node: what the benchmark times. */
export const builtChecker: Checker = { module: pathToFileURL(builtCheckerPath).href, nodeArgs: [] };

/** Whether `taskset` can pin processes here (util-linux on Linux; absent on macOS). */
export const canPin = spawnSync("taskset", ["-c", "0", "true"]).status === 0;

/** Runs `command args` pinned to CPU 0 when possible, timing the whole process. */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const [cmd, argv] = canPin ? ["taskset", ["-c", "0", command, ...args]] : [command, args];
  const start = performance.now();
  const child = spawnSync(cmd as string, argv as string[], { env, encoding: "utf8", maxBuffer: 1 << 26 });
  return { child, processMs: performance.now() - start };
}

/** kvlab's checker (the built one unless told) on `path`, cold, in a process of its own (bench/check-cold.mjs). */
export function runKvlab(path: string, timeoutMs: number, checker: Checker = builtChecker): ColdRun {
  const { child, processMs } = timed(process.execPath, [...checker.nodeArgs, worker, path, String(timeoutMs), checker.module], process.env);
  if (child.status !== 0) return failed(child.stderr, child.status, processMs);
  const r = JSON.parse(child.stdout) as { verdict: ColdRun["verdict"]; unknownReason?: string; checkMs: number; checkCpuMs: number; parseMs: number };
  return { verdict: r.verdict, reason: r.unknownReason, checkMs: r.checkMs, checkCpuMs: r.checkCpuMs, parseMs: r.parseMs, processMs };
}

/**
 * Porcupine on `path` through a driver binary (`$PORCUPINE_DRIVER`: prints one JSON object with
 * verdict "Ok"/"Illegal"/"Unknown", check_ms, cpu_ms, parse_ms), one core (GOMAXPROCS=1). An
 * "Unknown" is given as such, with the time it took: Porcupine does not say why (its timeout, or
 * whatever else the driver stopped it for).
 */
export function runPorcupine(driver: string, path: string, timeoutMs: number): ColdRun {
  const { child, processMs } = timed(driver, ["-timeout", String(timeoutMs / 1000), path], { ...process.env, GOMAXPROCS: "1" });
  if (child.status !== 0) return failed(child.stderr, child.status, processMs);
  const r = JSON.parse(child.stdout) as { verdict: string; check_ms: number; cpu_ms: number; parse_ms: number };
  const verdict = r.verdict.toLowerCase() as ColdRun["verdict"];
  return { verdict, reason: verdict === "unknown" ? `Unknown after ${Math.round(r.check_ms)} ms` : undefined, checkMs: r.check_ms, checkCpuMs: r.cpu_ms, parseMs: r.parse_ms, processMs };
}

/** A process that ended without a verdict: out of memory, or its exit status and error message (node prints the source line first). */
function failed(stderr: string, status: number | null, processMs: number): ColdRun {
  const lines = stderr.trim().split("\n");
  const message = lines.find((l) => /^(\w*Error\b|check-cold:|fatal error)/.test(l)) ?? lines[0] ?? "";
  const reason = /out of memory|cannot allocate memory/i.test(stderr) ? "out of memory" : `exit ${status}: ${message}`;
  return { verdict: "unknown", reason, checkMs: NaN, checkCpuMs: NaN, parseMs: NaN, processMs };
}

/** Up to `runs` runs; after one that does not decide, no more (it would only take as long again). */
export function repeat(runs: number, once: () => ColdRun): ColdRun[] {
  const done: ColdRun[] = [];
  for (let i = 0; i < runs; i++) {
    const run = once();
    done.push(run);
    if (run.verdict === "unknown") break;
  }
  return done;
}
