// kvlab fuzz --lab: the lab whose scenarios it generates (default kv); a lab kvlab does not have is
// a usage error, exit 3.
import { describe, expect, it } from "vitest";
import { kvlab } from "../../support/run-cli.js";
import { tempDir } from "../../support/temp-dir.js";

describe("kvlab fuzz --lab", () => {
  it("fuzzes the kv lab when asked, as it does by default", async () => {
    const out = tempDir("kvlab-fuzz-lab-");
    const [named, unnamed] = [await kvlab("fuzz", "--lab", "kv", "--runs", "20", "--out", out), await kvlab("fuzz", "--runs", "20", "--out", out)];
    for (const run of [named, unnamed]) {
      expect(run.stdout).toMatch(/^no failure in 20 scenarios \(seed 1, [\d.]+s\)\n$/);
      expect(run.status).toBe(0);
    }
  });

  it("refuses a lab it does not have: one line, exit 3", async () => {
    const run = await kvlab("fuzz", "--lab", "raft", "--runs", "1");
    expect(run.stderr).toBe('kvlab: Invalid values:\n  Argument: lab, Given: "raft", Choices: "kv"\n');
    expect(run.status).toBe(3);
  });
});
