import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import type { Clerk, LabEnv, Lock } from "../../../../src/index.js";
import { allTests } from "../../../../src/index.js";
import { explainFailure } from "../../../../src/labs/kv/forensics/explain-run.js";
import { kvRun } from "../../../support/kv-run.js";
import { investigate } from "../../../../src/labs/kv/forensics/investigate.js";
import correct from "../../../../examples/kv/my-kv.js";

/**
 * A lock that takes a free lock by reading it, without writing its id: every client that reads
 * it free holds it. Every call is answered correctly, so no rule about servers or clerks applies.
 */
class ReadOnlyLock implements Lock {
  constructor(
    private readonly clerk: Clerk,
    private readonly name: string,
    private readonly env: LabEnv,
  ) {}

  async acquire(): Promise<void> {
    for (;;) {
      const { value, err } = await this.clerk.get(this.name);
      if (err === "ErrNoKey" || value === "") return;
      await this.env.sleep(10);
    }
  }

  async release(): Promise<void> {}
}

describe("a failure no rule explains", () => {
  it("says so, and lists the calls nearest the instant it failed with their attempts", async () => {
    const impl = { ...correct, name: "read-only-lock", createLock: (clerk: Clerk, name: string, env: LabEnv) => new ReadOnlyLock(clerk, name, env) };
    const investigation = (await investigate(kvRun(impl, allTests.find((t) => t.name === "TestManyClientsReliable")!, 1)))!;
    expect(investigation.report.message).toMatch(/two clients acquired lock/);
    expect(investigation.findings).toEqual([]);
    const text = stripVTControlCharacters(explainFailure(investigation).join("\n"));
    expect(text).toMatch(/^No rule explains this failure\. The operations involved:$/m);
    expect(text).toMatch(/^ {2}the calls nearest the instant it failed \([\d.]+ms\):$/m);
    const calls = text.match(/^ {4}clerk-\d+ (Get|Put)\(.*\)( → .*)? {2}\[.*\]$/gm)!;
    expect(calls).toHaveLength(8);
    expect(calls).toContainEqual(expect.stringMatching(/^ {4}clerk-\d+ Get\(".*"\) → \("", 0, ErrNoKey\) {2}\[[\d.]+–[\d.]+ms\]$/));
    expect(calls).toContainEqual(expect.stringMatching(/^ {4}clerk-\d+ (Get|Put)\(.*\) {2}\[called at [\d.]+ms, still waiting when the run failed\]$/));
    expect(text).toMatch(/^ {8}attempt 1 \(clerk-\d+#\d+\): executed at [\d.]+ms \(server replied (OK|ErrNoKey)\), answered at [\d.]+ms$/m);
    expect(text).not.toMatch(/Cause:|must|wrong/);
  });
});
