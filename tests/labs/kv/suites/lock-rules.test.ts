import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { allTests, loadImplementation, reference, runLabTest } from "../../../../src/index.js";
import { lockRules } from "../../../../src/labs/kv/suites/lock-rules.js";

const example = (path: string) => fileURLToPath(new URL(`../../../../examples/kv/${path}`, import.meta.url));
const byName = (name: string) => allTests.find((test) => test.name === name)!;

/** Each buggy lock, the new lock test that catches it at seed 1, and the message a student reads. */
const caught: [file: string, test: string, message: RegExp][] = [
  ["lock-release-not-owner.ts", "TestReleaseNotHolder", /^\d+: two clients acquired lock at once \(client 1, which never held the lock, had called release while client 0 held it\)$/],
  ["lock-ignores-name.ts", "TestIndependentNames", /^1: could not acquire lock "[a-zA-Z]{12}" within 5s while client 0 held only lock "[a-zA-Z]{12}": locks of different names must be independent$/],
  [
    "lock-release-ignores-errmaybe.ts",
    "TestReleasePutLost",
    /^\d+: two clients acquired lock at once \(client 0's release met ErrMaybe after its put had freed the lock, and another client had taken it since\)$/,
  ],
];

describe("the lock suite's rules", () => {
  it("are in the lock suite", () => {
    expect(lockRules.map((test) => test.name)).toEqual(["TestReleaseNotHolder", "TestIndependentNames", "TestReleasePutLost"]);
    expect(lockRules.every((test) => allTests.includes(test) && test.suite === "lock" && test.needsLock)).toBe(true);
  });

  it.each(caught)("%s fails %s at seed 1, and on seeds 2 and 3", async (file, test, message) => {
    const impl = await loadImplementation(example(`buggy/${file}`));
    for (const seed of [1, 2, 3]) {
      const report = await runLabTest(impl, byName(test), seed);
      expect(report.verdict, `seed ${seed}`).toBe("fail");
      expect(report.message).toMatch(message);
    }
  });

  it("each buggy lock passes the other two rules: every rule is needed", async () => {
    for (const [file, test] of caught) {
      const impl = await loadImplementation(example(`buggy/${file}`));
      for (const other of lockRules.filter((rule) => rule.name !== test && !(file === "lock-release-not-owner.ts" && rule.name === "TestReleasePutLost"))) {
        expect((await runLabTest(impl, other, 1)).verdict, `${file} ${other.name}`).toBe("pass");
      }
    }
  });

  it("the reference and examples/kv/my-kv.ts pass them on seeds 1..3", async () => {
    const myKv = await loadImplementation(example("my-kv.ts"));
    for (const impl of [reference, myKv]) {
      for (const test of lockRules) {
        for (const seed of [1, 2, 3]) {
          const report = await runLabTest(impl, test, seed);
          expect(report.message, `${impl.name} ${test.name} seed ${seed}`).toBeUndefined();
          expect(report.verdict).toBe("pass");
        }
      }
    }
  });
});
