// A sweep's worker threads load --impl with the same loader as the main thread: a CommonJS
// TypeScript module outside any package loads there too, and its failures name its own lines.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { kvLab, loadImplementation, selectTests } from "../../../src/labs/kv/index.js";
import { planJobs, runSweep } from "../../../src/harness/sweep/index.js";
import { tempDir } from "../../support/temp-dir.js";

const example = join(import.meta.dirname, "../../../examples/kv/my-kv.ts");

it("workers load a bare-folder .ts implementation and report its handler's own line", async () => {
  const dir = tempDir();
  const file = join(dir, "my-kv.ts");
  const text = `import base, { Server } from ${JSON.stringify(example)};\nimport type { PutArgs, PutReply } from "kvlab";\n\nclass Broken extends Server {\n  override put(args: PutArgs): PutReply {\n    if (args.version > 0) throw new Error("broken put");\n    return super.put(args);\n  }\n}\nexport default { ...base, createServer: () => new Broken() };\n`;
  writeFileSync(file, text);
  const runs = planJobs({ lab: kvLab, impl: await loadImplementation(file), options: { implPath: file } }, selectTests("kvsrv", ["TestReliablePut"]), 1, 2);
  const quiet = { begin: () => {}, end: () => {} };
  const here = await runSweep(runs, { workers: 1, watchdogMs: 60_000 }, quiet);
  const there = await runSweep(runs, { workers: 2, watchdogMs: 60_000 }, quiet);
  const expected = `server "kvserver" handler "put" threw: broken put (at ${file}:6:33)`;
  expect(here.map((report) => report.message)).toEqual([expected, expected]);
  expect(there.map((report) => report.message)).toEqual([expected, expected]);
});
