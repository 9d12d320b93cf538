// The line a stopped sweep ends with: how far it got, and which runs did not run, as seed ranges.
import { describe, expect, it } from "vitest";
import { interruptedLine, planJobs, shardJobs } from "../../../src/harness/index.js";
import { counterLab } from "../counter-lab/lab.js";
import { counterTest, lab } from "../counter-lab/runs.js";

const tests = [counterTest("TestReliableIncrements"), counterTest("TestInitialGet")];
const runs = planJobs({ lab, impl: counterLab.reference, options: {} }, tests, 1, 20);

describe("interruptedLine", () => {
  it("names each test's seeds that did not run, as ranges", () => {
    expect(interruptedLine(runs, 12)).toBe("interrupted after 12 of 40 runs; not run: TestReliableIncrements seeds 13–20, TestInitialGet seeds 1–20");
    expect(interruptedLine(runs, 39)).toBe("interrupted after 39 of 40 runs; not run: TestInitialGet seed 20");
    expect(interruptedLine(runs, 0)).toBe("interrupted after 0 of 40 runs; not run: TestReliableIncrements seeds 1–20, TestInitialGet seeds 1–20");
  });

  it("writes a shard's seeds, every Nth of each test, as stepped ranges", () => {
    const shard = shardJobs(runs, { index: 2, count: 3 });
    expect(interruptedLine(shard, 2)).toBe("interrupted after 2 of 13 runs; not run: TestReliableIncrements seeds 8–20 every 3rd, TestInitialGet seeds 3–18 every 3rd");
  });

  it("writes seeds that are neither neighbours nor evenly spaced one by one", () => {
    const [first] = runs;
    const uneven = [1, 2, 3, 7, 9, 20].map((seed) => ({ ...first!, seed }));
    expect(interruptedLine(uneven, 0)).toBe("interrupted after 0 of 6 runs; not run: TestReliableIncrements seeds 1–3, 7, 9, 20");
  });
});
