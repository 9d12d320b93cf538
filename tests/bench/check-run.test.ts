import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ednText } from "../../bench/check-histories/edn.js";
import { SHAPES } from "../../bench/check-histories/shapes.js";
import { shapeOperations } from "../../bench/check-histories/write.js";
import { builtChecker, builtCheckerPath, repeat, runKvlab, runPorcupine, type Checker, type ColdRun } from "../../bench/check-run.js";
import { tempDir } from "../support/temp-dir.js";

/** A stand-in for Porcupine's driver: a shell script printing what `body` says. */
function fakeDriver(body: string): string {
  const path = join(tempDir(), "driver");
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/**
 * The checker as it is in src/, loaded through tsx: the tests check the code they sit beside, not
 * whatever dist/ holds from the last build (the benchmark itself builds dist/ first).
 */
const sourceChecker: Checker = { module: pathToFileURL(join(import.meta.dirname, "..", "..", "src", "check", "index.ts")).href, nodeArgs: ["--import", import.meta.resolve("tsx")] };

/** A stand-in checker module: every history parses to nothing and checks to `result`. */
function fakeChecker(result: object): Checker {
  const path = join(tempDir(), "checker.mjs");
  const body = `export const readHistory = () => ({ model: "kv", operations: [] });
export const findModel = () => ({ model: {} });
export const check = () => (${JSON.stringify(result)});`;
  writeFileSync(path, body);
  return { module: pathToFileURL(path).href, nodeArgs: [] };
}

describe("runKvlab (the checker in a process of its own)", () => {
  it("times a check apart from parsing and start-up, and the whole process", () => {
    const path = join(tempDir(), "h.txt");
    writeFileSync(path, ednText(shapeOperations(SHAPES.find((s) => s.name === "size-1k-bad")!, "kvlab")));
    const run = runKvlab(path, 60_000, sourceChecker);
    expect(run.verdict).toBe("illegal");
    expect(run.checkMs).toBeGreaterThan(0);
    expect(run.parseMs).toBeGreaterThan(0);
    expect(run.processMs).toBeGreaterThan(run.checkMs + run.parseMs);
  });

  it("loads the checker it is given, and reads its verdict and reason", () => {
    const path = join(tempDir(), "h.txt");
    writeFileSync(path, "anything");
    expect(runKvlab(path, 1000, fakeChecker({ verdict: "unknown", unknownReason: "steps" }))).toMatchObject({ verdict: "unknown", reason: "steps" });
    expect(runKvlab(path, 1000, fakeChecker({ verdict: "ok" }))).toMatchObject({ verdict: "ok", reason: undefined });
  });

  it("loads the built checker unless told otherwise", () => {
    expect(builtChecker).toEqual({ module: pathToFileURL(builtCheckerPath).href, nodeArgs: [] });
    expect(builtCheckerPath).toBe(join(import.meta.dirname, "..", "..", "dist", "src", "check", "index.js"));
  });

  it("reports a process that fails as unknown, with its first line of error", () => {
    const run = runKvlab(join(tempDir(), "missing.txt"), 1000, sourceChecker);
    expect(run.verdict).toBe("unknown");
    expect(run.reason).toMatch(/^exit 1: check-cold: ENOENT: no such file or directory, open .*missing.txt/);
    expect(run.checkMs).toBeNaN();
  });
});

describe("runPorcupine (a driver binary)", () => {
  it("passes the timeout in seconds and one core, and reads the driver's JSON", () => {
    const driver = fakeDriver(`echo "{\\"verdict\\":\\"Illegal\\",\\"check_ms\\":$2,\\"cpu_ms\\":$GOMAXPROCS,\\"parse_ms\\":0.5,\\"file\\":\\"$3\\"}"`);
    expect(runPorcupine(driver, "/h.txt", 2500)).toMatchObject({ verdict: "illegal", checkMs: 2.5, checkCpuMs: 1, parseMs: 0.5 });
  });

  it("names a failed process's error, not the source line printed above it", () => {
    const driver = fakeDriver("echo 'file:///x/index.js:1' >&2; echo 'export { a } from \"./b.js\";' >&2; echo 'SyntaxError: Unexpected end of input' >&2; exit 1");
    expect(runPorcupine(driver, "/h", 1000).reason).toBe("exit 1: SyntaxError: Unexpected end of input");
    expect(runPorcupine(fakeDriver("echo 'it broke' >&2; exit 3"), "/h", 1000).reason).toBe("exit 3: it broke");
  });

  it("gives Unknown as Porcupine's Unknown with the time it took, and a runtime out of memory as such", () => {
    expect(runPorcupine(fakeDriver(`echo '{"verdict":"Unknown","check_ms":9.4,"cpu_ms":9,"parse_ms":1}'`), "/h", 9000)).toMatchObject({ verdict: "unknown", reason: "Unknown after 9 ms", checkMs: 9.4 });
    expect(runPorcupine(fakeDriver("echo 'fatal error: runtime: out of memory' >&2; exit 2"), "/h", 9000)).toMatchObject({ verdict: "unknown", reason: "out of memory" });
  });
});

describe("repeat", () => {
  it("runs as many times as asked, but stops after a run that does not decide", () => {
    const runs: ColdRun["verdict"][] = ["ok", "unknown", "ok"];
    let i = 0;
    const once = (): ColdRun => ({ verdict: runs[i++]!, checkMs: 1, checkCpuMs: 1, parseMs: 1, processMs: 1 });
    expect(repeat(3, once).map((r) => r.verdict)).toEqual(["ok", "unknown"]);
    i = 0;
    expect(repeat(1, once).length).toBe(1);
  });
});
