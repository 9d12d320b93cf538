// With --json, kvlab test's stdout is one JSON document, whatever the user's code prints: its
// console.log and process.stdout.write go to stderr, in this thread and on workers.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kvlab, repo } from "../support/run-cli.js";
import { tempDir } from "../support/temp-dir.js";

/** The example implementation, with a clerk whose gets print, and a line printed as it is imported. */
function chatty(): string {
  const file = join(tempDir(), "chatty.ts");
  const body = [
    `import base, { MyClerk } from ${JSON.stringify(join(repo, "examples/kv/my-kv.ts"))};`,
    'console.log("imported");',
    "class Chatty extends MyClerk {",
    "  override async get(key: string) {",
    '    console.log("get", key);',
    '    process.stdout.write("raw\\n");',
    "    return super.get(key);",
    "  }",
    "}",
    "export default { ...base, createClerk: (end: any, env: any) => new Chatty(end, env) };",
  ];
  writeFileSync(file, `${body.join("\n")}\n`);
  return file;
}

describe("kvlab test --json with code that prints", () => {
  it.each([{ workers: "1" }, { workers: "2" }])("keeps stdout one JSON array of the runs, the code's lines on stderr (--workers $workers)", async ({ workers }) => {
    const run = await kvlab("test", "--impl", chatty(), "--test", "TestReliablePut", "TestOneClientReliable", "--json", "--workers", workers);
    expect(run.status).toBe(0);
    const reports = JSON.parse(run.stdout) as { test: string; verdict: string }[];
    expect(reports.map(({ test, verdict }) => [test, verdict])).toEqual([
      ["TestReliablePut", "pass"],
      ["TestOneClientReliable", "pass"],
    ]);
    expect(run.stderr).toContain("imported\n");
    expect(run.stderr).toContain("raw\n");
  });
});
