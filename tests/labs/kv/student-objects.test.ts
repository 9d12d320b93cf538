import { describe, expect, it } from "vitest";
import { allTests, runLabTest } from "../../../src/index.js";
import { kvRun } from "../../support/kv-run.js";
import { investigate } from "../../../src/labs/kv/forensics/investigate.js";
import introspecting from "./fixtures/introspecting-clerk.js";

// The lab judges every clerk answer by watching the clerk and its end, not by replacing them: a
// clerk that reads end.name, and a lock that checks `clerk instanceof` its class and reads its
// fields (one a private field's getter), work as they would outside the lab.
describe("user code receives its own objects", () => {
  const suites = ["kvsrv", "lock", "rust"];
  const tests = allTests.filter((test) => suites.includes(test.suite) && !test.name.includes("Mem"));

  it("a clerk that reads end.name and a lock that needs its own clerk class pass every kvsrv, lock and rust test", async () => {
    const failed: string[] = [];
    for (const test of tests) {
      const report = await runLabTest(introspecting, test, 1);
      if (report.verdict !== "pass") failed.push(`${test.name}: ${report.message}`);
    }
    expect(tests.filter((test) => test.suite === "lock").length).toBeGreaterThan(0);
    expect(failed).toEqual([]);
  }, 300_000);

  it("and so when the run keeps a journal for forensics", async () => {
    const investigation = await investigate(kvRun(introspecting, allTests.find((test) => test.name === "TestManyClientsReliable")!, 1));
    expect(investigation!.report.verdict).toBe("pass");
  });
});
