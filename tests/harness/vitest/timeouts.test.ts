import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allTests } from "../../../src/index.js";
import { wallBudgetMs } from "../../../src/vitest.js";
import { repo } from "../../support/run-cli.js";
import { tempDir } from "../../support/temp-dir.js";
import { vitest } from "../../support/vitest.js";

const test = (name: string) => allTests.find((t) => t.name === name)!;

describe("registerSuites under vitest", () => {
  it("gives each test a timeout that fits it: a minute for the usual size, more for a longer time limit", () => {
    expect(wallBudgetMs(test("TestReliablePut"))).toBe(60_000);
    expect(wallBudgetMs(test("TestMemPutManyClientsReliable100k"))).toBe(300_000);
  });

  it("a test vitest times out stops its run, and the next test starts its own simulation", { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const file = join(dir, "suites.test.ts");
    writeFileSync(
      file,
      [
        `import { reference } from ${JSON.stringify(join(repo, "src/index.ts"))};`,
        `import { registerSuites } from ${JSON.stringify(join(repo, "src/vitest.ts"))};`,
        `registerSuites(reference, { tests: ["TestMemPutManyClientsReliable", "TestUnreliableNet"], timeoutMs: (test) => (test.name === "TestUnreliableNet" ? 60_000 : 50) });`,
      ].join("\n"),
    );
    const { status, output, results } = await vitest(dir, file);
    expect(results.map((r) => [r.title, r.status])).toEqual([
      ["kvsrv TestMemPutManyClientsReliable seed 1", "failed"],
      ["kvsrv TestUnreliableNet seed 1", "passed"],
    ]);
    expect(output).toContain("Error: Test timed out in 50ms.");
    expect(output).not.toContain("another Simulation is running");
    expect(status).toBe(1);
  });
});
