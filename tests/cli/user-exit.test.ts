// An implementation that calls process.exit itself ends kvlab before its verdict: the status it
// asked for (0 above all) must not read as one. kvlab says so in one line, naming the call.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kvlab, repo } from "../support/run-cli.js";
import { tempDir } from "../support/temp-dir.js";

/** A module of `body` in a fresh folder, after an import of the example implementation (base) and its clerk (MyClerk). */
function implementation(body: string): string {
  const file = join(tempDir(), "exits.ts");
  writeFileSync(file, `import base, { MyClerk } from ${JSON.stringify(join(repo, "examples/kv/my-kv.ts"))};\n${body}\n`);
  return file;
}

describe("user code that calls process.exit", () => {
  it("in the middle of a test: one line naming the call, exit 1, where kvlab exited 0 as if it passed", async () => {
    const file = implementation(
      [
        "class Exits extends MyClerk {",
        "  async put(): Promise<never> {",
        "    process.exit(0);",
        "  }",
        "}",
        "export default { ...base, createClerk: (end: any, env: any) => new Exits(end, env) };",
      ].join("\n"),
    );
    const run = await kvlab("test", "--impl", file, "--test", "TestReliablePut");
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`kvlab: your code called process.exit(0) at ${file}:4:13; kvlab had no verdict yet, exit 1\n`);
  });

  it("as it is imported: the same", async () => {
    const file = implementation("process.exit(0);\nexport default base;");
    const run = await kvlab("test", "--impl", file, "--test", "TestReliablePut");
    expect([run.status, run.stderr]).toEqual([1, `kvlab: your code called process.exit(0) at ${file}:2:9; kvlab had no verdict yet, exit 1\n`]);
  });
});
