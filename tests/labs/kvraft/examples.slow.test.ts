// Each buggy KV layer in examples/kvraft/buggy is caught by the suites: the named test fails at the
// named seed with the course's text (a stable prefix of it), and the reference passes that test at
// that seed.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadImplementation, runTest, type Lab, type TestDefinition, type TestReport } from "../../../src/harness/index.js";
import { kvraftLab, type KvRaftImpl } from "../../../src/labs/kvraft/index.js";

const example = (file: string) => fileURLToPath(new URL(`../../../examples/kvraft/buggy/${file}`, import.meta.url));

/** Each buggy example, the test that catches it, the seed, and the start of the failure text. */
const caught: [file: string, test: string, seed: number, message: string][] = [
  ["answers-any-op.ts", "TestLeaderPartition4A", 1, 'Submit 74 in minority completed {"kind":"IncRep","n":2}'],
  ["answers-any-op.ts", "TestOnePartition4B", 5, "Get(1) returns (16, 6) != (15, 5)"],
  ["waits-for-its-index.ts", "TestLeaderPartition4A", 1, "Submit after healing didn't return"],
  ["waits-for-its-index.ts", "TestPersistPartition4B", 1, "test took longer than 120 seconds"],
  ["reads-locally.ts", "TestOnePartition4B", 1, "Get in minority completed with version = 1"],
  ["checks-version-at-submit.ts", "TestOnePartition4B", 1, "Put 1 ver 1 err ErrNoKey"],
  ["clerk-trusts-wrong-leader.ts", "TestPersistPartition4B", 1, "Unreliable: Wrong number of puts: server 102 clnts {101 0}"],
  ["never-snapshots.ts", "TestSnapshotSize4C", 1, "logs were not trimmed (56691 > 8*1000)"],
  ["snapshots-when-told-not-to.ts", "TestBasic4B", 1, "snapshot too large (36), should not be used when maxraftstate = -1"],
];

const definition = (name: string) => Object.values(kvraftLab.suites).flat().find((test) => test.name === name)! as TestDefinition;

function run(testName: string, seed: number, impl: KvRaftImpl = kvraftLab.reference): Promise<TestReport> {
  return runTest({ lab: kvraftLab as unknown as Lab, impl, definition: definition(testName), seed, options: {} });
}

describe("the buggy replicated KV layers are each caught, by the named test at the named seed, with the course's text", () => {
  it.each(caught)("%s fails %s at seed %i", async (file, testName, seed, message) => {
    const impl = await loadImplementation<KvRaftImpl>(kvraftLab, example(file));
    const report = await run(testName, seed, impl);
    expect(report.verdict).toBe("fail");
    expect(report.message?.startsWith(message), report.message).toBe(true);
  });

  it.each(caught)("the reference passes the test that catches %s (%s, seed %i)", async (_file, testName, seed) => {
    const report = await run(testName, seed);
    expect(report.message).toBeUndefined();
    expect(report.verdict).toBe("pass");
  });
});
