// A UTF-8 file that starts with a byte order mark (Notepad, PowerShell's Out-File) is read as the
// same file without it by every command that reads JSON text: it was refused as an unexpected,
// invisible token ("Unexpected token '﻿'").
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withoutBom } from "../../src/harness/command-line/index.js";
import { kvlab, repo } from "../support/run-cli.js";
import { tempDir } from "../support/temp-dir.js";

/** `file` of the repository, copied with a byte order mark before it. */
function withBom(file: string): string {
  const copy = join(tempDir(), file.replace(/\//g, "-"));
  writeFileSync(copy, `\uFEFF${readFileSync(join(repo, file), "utf8")}`);
  return copy;
}

describe("a file with a byte order mark", () => {
  it("is a history kvlab check reads", async () => {
    const run = await kvlab("check", withBom("tests/check/fixtures/good/kv-concurrent.jsonl"));
    expect([run.status, run.stderr]).toEqual([0, ""]);
    expect(run.stdout).toMatch(/: ok \(6 operations/);
  });

  it("is a scenario kvlab replay runs", async () => {
    const run = await kvlab("replay", withBom("scenarios/partition-heal.json"));
    expect([run.status, run.stderr]).toEqual([0, ""]);
  });

  it("is a report kvlab merge reads", async () => {
    const report = join(tempDir(), "shard.json");
    writeFileSync(report, "\uFEFF" + (await kvlab("test", "--test", "TestReliablePut", "--json")).stdout);
    const run = await kvlab("merge", report);
    expect([run.status, run.stdout, run.stderr]).toEqual([0, "1 passed, 0 failed\n", ""]);
  });

  it("loses its mark and nothing else", () => {
    expect(withoutBom("\uFEFF{}")).toBe("{}");
    expect(withoutBom("{}\uFEFF")).toBe("{}\uFEFF");
    expect(withoutBom("")).toBe("");
  });
});
