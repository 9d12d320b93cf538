import { describe, expect, it } from "vitest";
import { benchRareBug, COURSE_FIGURE8_SECONDS, RARE_BUG } from "../../bench/rare-bug.js";

describe("benchRareBug", () => {
  it("sweeps the rare bug's test over seeds on worker threads and names the one seed that fails, with its rerun command", async () => {
    const figure = await benchRareBug(50, 2);
    expect(figure).toMatchObject({ example: RARE_BUG.example, test: RARE_BUG.test, seeds: 50, workers: 2, failedSeeds: [47] });
    expect(figure.rerun).toBe(`npx kvlab test --lab raft --impl ${RARE_BUG.example} --test ${RARE_BUG.test} --seed 47`);
    expect(figure.courseSeconds).toBeCloseTo(50 * COURSE_FIGURE8_SECONDS, 6);
    expect(figure.wallSeconds).toBeGreaterThan(0);
  }, 300_000);
});
