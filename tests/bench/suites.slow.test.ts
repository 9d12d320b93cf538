import { describe, expect, it } from "vitest";
import { benchSuites, COURSE_SECONDS } from "../../bench/suites.js";
import { allTestsOf } from "../../src/harness/index.js";
import { labs } from "../../src/labs/index.js";

describe("benchSuites", () => {
  it("times every test of every registered lab at each seed, in process and on a worker, and turns seconds a seed into seeds a core-hour", async () => {
    const figures = await benchSuites(1);
    expect(Object.keys(figures)).toEqual(Object.keys(labs));
    for (const [name, entry] of Object.entries(labs)) {
      const tests = allTestsOf(await entry.load()).length;
      for (const where of ["inProcess", "perWorker"] as const) {
        const figure = figures[name]![where];
        expect(figure.tests).toBe(tests);
        expect(figure.wallSecondsPerSeed).toBeGreaterThan(0);
        expect(figure.seedsPerCoreHour * figure.wallSecondsPerSeed).toBeCloseTo(3600, 6);
        // Every seed lasts some virtual time (how much faster than the wall clock is the bench's to say, not a test's).
        expect(figure.virtualToWall).toBeGreaterThan(0);
      }
    }
  }, 300_000);

  it("takes the course's kvsrv lab as 48.7 s of real time a seed, its Raft lab as 389.3 s and its replicated KV lab as 403.8 s: their sample durations added up", () => {
    expect(COURSE_SECONDS.kv).toBeCloseTo(48.7, 6);
    expect(COURSE_SECONDS.raft).toBeCloseTo(389.3, 6);
    expect(COURSE_SECONDS.kvraft).toBeCloseTo(403.8, 6);
  });
});
