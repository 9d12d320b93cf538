import { describe, expect, it } from "vitest";
import { benchSuites, COURSE_SECONDS } from "../../bench/suites.js";
import { allTestsOf } from "../../src/harness/index.js";
import { labs } from "../../src/labs/index.js";

describe("benchSuites", () => {
  it("times every test of every registered lab at each seed, in process and on a worker, and turns seconds a seed into seeds a core-hour", async () => {
    const figures = await benchSuites(1);
    expect(Object.keys(figures)).toEqual(Object.keys(labs));
    const tests = allTestsOf(await labs.kv!.load()).length;
    for (const where of ["inProcess", "perWorker"] as const) {
      const figure = figures.kv![where];
      expect(figure.tests).toBe(tests);
      expect(figure.wallSecondsPerSeed).toBeGreaterThan(0);
      expect(figure.seedsPerCoreHour * figure.wallSecondsPerSeed).toBeCloseTo(3600, 6);
    }
  }, 300_000);

  it("takes the course's kvsrv lab as 48.7 s of real time a seed: its sample durations added up", () => {
    expect(COURSE_SECONDS.kv).toBeCloseTo(48.7, 6);
  });
});
