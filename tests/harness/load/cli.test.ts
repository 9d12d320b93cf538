// Every command that takes --impl refuses a module that cannot be loaded with the one line that
// names its file, line and column, and exit status 3 (bad input), never a stack trace.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { kvlab } from "../../support/run-cli.js";
import { tempDir } from "../../support/temp-dir.js";

it.each([
  ["test", []],
  ["fuzz", ["--runs", "1"]],
  ["replay", ["scenarios/suite-TestReliablePut.json"]],
])("kvlab %s --impl with a syntax error: one line naming file:line:column, exit 3", async (command, args) => {
  const file = join(tempDir(), "my-kv.ts");
  writeFileSync(file, "export default {\n  createServer() { return 1 2; },\n};\n");
  const run = await kvlab(command, ...args, "--impl", file);
  expect(run.stderr).toBe(`kvlab ${command}: ${file}:2:29: cannot be loaded: Expected ";" but found "2"\n`);
  expect(run.status).toBe(3);
});
