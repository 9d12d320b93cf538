import { describe, expect, it } from "vitest";
import { registerSuites } from "../../../src/vitest.js";
import { allTests, reference, runLabTest, type Clerk, type Err, type KVImplementation } from "../../../src/index.js";

/** Seeds 1..5, taken as they come: no seed is picked for what its network does. */
const seeds = [1, 2, 3, 4, 5];

// The reference implementation passes every suite at each of these seeds, through the same
// one-import registration a student uses in their own vitest file.
registerSuites(reference, { seeds });

/** The reference with its clerk's put answers passed through `answer` (which may count them). */
function referenceAnswering(answer: (err: Err) => Err): KVImplementation {
  return {
    ...reference,
    name: "reference, answers changed",
    createClerk(end, env) {
      const clerk: Clerk = reference.createClerk(end, env);
      return { get: (key) => clerk.get(key), put: async (key, value, version) => answer(await clerk.put(key, value, version)) };
    },
  };
}

const unreliableNet = allTests.find((test) => test.name === "TestUnreliableNet")!;
/** The test at each seed, one run after another (simulations in one thread must not overlap). */
async function runAll(impl: KVImplementation) {
  const reports = [];
  for (const seed of seeds) reports.push(await runLabTest(impl, unreliableNet, seed));
  return reports;
}

// What makes the registration above able to fail: at these seeds the network loses replies of puts
// that applied, so the reference must answer ErrMaybe, and the suites judge that answer.
describe("at the same seeds, TestUnreliableNet judges the reference's ErrMaybe", () => {
  it("the reference answers ErrMaybe at least once, and passes", async () => {
    const answers = new Map<Err, number>();
    const reports = await runAll(referenceAnswering((err) => (answers.set(err, (answers.get(err) ?? 0) + 1), err)));
    expect(reports.map((report) => report.verdict)).toEqual(seeds.map(() => "pass"));
    expect(answers.get("ErrMaybe") ?? 0).toBeGreaterThan(0);
    expect(answers.get("OK") ?? 0).toBeGreaterThan(0);
  });

  it.each<[string, Err]>([
    ["OK", "OK"],
    ["ErrVersion", "ErrVersion"],
  ])("a reference that answers %s instead of ErrMaybe fails at one of them", async (_, instead) => {
    const reports = await runAll(referenceAnswering((err) => (err === "ErrMaybe" ? instead : err)));
    const failed = reports.filter((report) => report.verdict === "fail");
    expect(failed.length).toBeGreaterThan(0);
    for (const report of failed) expect(report.message).toMatch(new RegExp(`^clerk-\\d+: Put\\(.*\\) returned ${instead}\\b`));
  });
});
