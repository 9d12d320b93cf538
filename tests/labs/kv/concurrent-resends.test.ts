import { describe, expect, it } from "vitest";
import { allTests, runLabTest } from "../../../src/index.js";
import { firstReply, lastReply } from "./fixtures/concurrent-resend-clerks.js";

// Two correct clerks whose calls can hear two replies (their tries overlap): one acts on the first
// reply, one on the last. The clerk judge must pass both wherever a suite takes them.
describe("a clerk may act on any reply its call heard", () => {
  it.each([firstReply, lastReply])("$name passes every suite test at seeds 1..3", async (impl) => {
    const failed: string[] = [];
    for (const seed of [1, 2, 3]) {
      for (const test of allTests) {
        const report = await runLabTest(impl, test, seed);
        if (report.verdict !== "pass") failed.push(`${test.name} seed ${seed}: ${report.message}`);
      }
    }
    expect(failed).toEqual([]);
  }, 600_000);
});
