import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { allTests, loadImplementation, runLabTest } from "../../src/index.js";

const example = (path: string) => fileURLToPath(new URL(`../../examples/kv/${path}`, import.meta.url));

/** Each buggy example, the test that catches it at seed 1, and the lab's failure text. */
const caught: [file: string, test: string, message: RegExp][] = [
  ["clerk-never-errmaybe.ts", "TestUnreliableNet", /^clerk-1: Put\("k", "0", \d+\) returned ErrVersion after \d sends; a resent put that meets ErrVersion must return ErrMaybe \(an earlier try may have applied\)$/],
  ["clerk-gives-up-get.ts", "TestUnreliableNet", /^clerk-1: Get\("k"\) returned \("", 0, ErrNoKey\), but its one RPC was not answered$/],
  ["server-ignores-version.ts", "TestReliablePut", /^expected Put to fail with ErrVersion; got err=OK$/],
  ["server-check-then-await.ts", "TestPutConcurrentReliable", /^(history is not linearizable|Reliable: Wrong number of puts: .*|Wrong value .*)$/],
  ["server-keeps-old-values.ts", "TestMemPutManyClientsReliable", /^error: server using too much memory \d+ \d+ \(\d+\.\d\d byte per client\)$/],
  ["server-remembers-puts.ts", "TestMemPutManyClientsReliable", /^error: server using too much memory \d+ \d+ \(\d+\.\d\d byte per client\)$/],
  ["lock-ignores-errmaybe.ts", "TestManyClientsUnreliable", /^\d+: two clients acquired lock at once$/],
];

describe("the buggy examples are each caught, by the right test, with the lab's message", () => {
  it.each(caught)("%s fails %s", async (file, testName, message) => {
    const impl = await loadImplementation(example(`buggy/${file}`));
    const report = await runLabTest(impl, allTests.find((test) => test.name === testName)!, 1);
    expect(report.verdict).toBe("fail");
    expect(report.message).toMatch(message);
  });

  it("the correct example passes every test", async () => {
    const impl = await loadImplementation(example("my-kv.ts"));
    for (const test of allTests) {
      const report = await runLabTest(impl, test, 1);
      expect(report.message).toBeUndefined();
      expect(report.verdict).toBe("pass");
    }
  });
});
