import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allTests } from "../../../src/index.js";
import { wallBudgetMs } from "../../../src/vitest.js";
import { repo } from "../../support/run-cli.js";
import { tempDir } from "../../support/temp-dir.js";
import { vitest } from "../../support/vitest.js";

const COUNTER_LAB = join(import.meta.dirname, "../counter-lab/lab.ts");

const test = (name: string) => allTests.find((t) => t.name === name)!;

describe("registerSuites under vitest", () => {
  it("gives each test a timeout that fits it: a minute for the usual size, more for a longer time limit", () => {
    expect(wallBudgetMs(test("TestReliablePut"))).toBe(60_000);
    expect(wallBudgetMs(test("TestMemPutManyClientsReliable100k"))).toBe(300_000);
  });

  it("a test vitest times out stops its run, and the next test starts its own simulation", { timeout: 120_000 }, async () => {
    // The first test never ends on any machine (a tester that sleeps for ever, with no virtual time
    // limit), so it is timed out however fast the machine; the second is quick and must pass after it.
    const dir = tempDir();
    const file = join(dir, "suites.test.ts");
    writeFileSync(
      file,
      [
        `import { registerLabSuites } from ${JSON.stringify(join(repo, "src/harness/vitest/index.ts"))};`,
        `import counterLab from ${JSON.stringify(COUNTER_LAB)};`,
        `const forever = { suite: "forever", name: "TestForever", title: "Test: never ends", reliable: true, timeLimitMs: Infinity, async body(_world, env) { for (;;) await env.sleep(1000); } };`,
        `const lab = { ...counterLab, suites: { forever: [forever], reads: counterLab.suites.reads } };`,
        `registerLabSuites(lab, counterLab.reference, { timeoutMs: (test) => (test.name === "TestForever" ? 100 : 60_000) });`,
      ].join("\n"),
    );
    const { status, output, results } = await vitest(dir, file);
    expect(results.map((r) => [r.title, r.status])).toEqual([
      ["forever TestForever seed 1", "failed"],
      ["reads TestInitialGet seed 1", "passed"],
    ]);
    expect(output).toContain("Error: Test timed out in 100ms.");
    expect(output).not.toContain("another Simulation is running");
    expect(status).toBe(1);
  });
});
