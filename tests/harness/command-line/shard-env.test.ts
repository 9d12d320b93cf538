import { describe, expect, it } from "vitest";
import { resolveShard, shardFromEnv } from "../../../src/harness/command-line/index.js";

const noShard =
  "--shard auto found no shard in the environment; it reads KVLAB_SHARD_INDEX/KVLAB_SHARD_COUNT, JOB_COMPLETION_INDEX/KVLAB_SHARD_COUNT, CI_NODE_INDEX/CI_NODE_TOTAL, BUILDKITE_PARALLEL_JOB/BUILDKITE_PARALLEL_JOB_COUNT, CIRCLE_NODE_INDEX/CIRCLE_NODE_TOTAL";

describe("shardFromEnv", () => {
  it.each([
    ["kvlab's own (GitHub Actions passes strategy.job-index)", { KVLAB_SHARD_INDEX: "1", KVLAB_SHARD_COUNT: "4" }, 2, 4, "kvlab's variables (KVLAB_SHARD_INDEX=1, KVLAB_SHARD_COUNT=4)"],
    ["a Kubernetes Indexed Job", { JOB_COMPLETION_INDEX: "0", KVLAB_SHARD_COUNT: "3" }, 1, 3, "Kubernetes (JOB_COMPLETION_INDEX=0, KVLAB_SHARD_COUNT=3)"],
    ["GitLab's parallel (1-based)", { CI_NODE_INDEX: "4", CI_NODE_TOTAL: "4" }, 4, 4, "GitLab (CI_NODE_INDEX=4, CI_NODE_TOTAL=4)"],
    ["Buildkite's parallelism", { BUILDKITE_PARALLEL_JOB: "2", BUILDKITE_PARALLEL_JOB_COUNT: "5" }, 3, 5, "Buildkite (BUILDKITE_PARALLEL_JOB=2, BUILDKITE_PARALLEL_JOB_COUNT=5)"],
    ["CircleCI's parallelism", { CIRCLE_NODE_INDEX: "0", CIRCLE_NODE_TOTAL: "1" }, 1, 1, "CircleCI (CIRCLE_NODE_INDEX=0, CIRCLE_NODE_TOTAL=1)"],
    ["two runners that agree", { CI_NODE_INDEX: "2", CI_NODE_TOTAL: "2", CIRCLE_NODE_INDEX: "1", CIRCLE_NODE_TOTAL: "2" }, 2, 2, "GitLab (CI_NODE_INDEX=2, CI_NODE_TOTAL=2)"],
    ["GitLab's total without parallel: (no index) and a Kubernetes pod", { CI_NODE_TOTAL: "1", JOB_COMPLETION_INDEX: "5", KVLAB_SHARD_COUNT: "6" }, 6, 6, "Kubernetes (JOB_COMPLETION_INDEX=5, KVLAB_SHARD_COUNT=6)"],
  ])("reads %s", (_, env, index, count, from) => {
    expect(shardFromEnv(env)).toEqual({ shard: { index, count }, from });
  });

  it.each([
    ["nothing", {}, noShard],
    ["only a count", { KVLAB_SHARD_COUNT: "4", CI_NODE_TOTAL: "1" }, noShard],
    ["empty indexes", { KVLAB_SHARD_INDEX: "", CIRCLE_NODE_INDEX: "" }, noShard],
    ["a Kubernetes pod not told the count", { JOB_COMPLETION_INDEX: "2" }, "--shard auto: JOB_COMPLETION_INDEX is set but KVLAB_SHARD_COUNT, the number of shards, is not (JOB_COMPLETION_INDEX=2, KVLAB_SHARD_COUNT=(unset))"],
    ["GitLab without its total", { CI_NODE_INDEX: "1" }, "--shard auto: CI_NODE_INDEX is set but CI_NODE_TOTAL, the number of shards, is not (CI_NODE_INDEX=1, CI_NODE_TOTAL=(unset))"],
    ["a 0-based index past the end", { KVLAB_SHARD_INDEX: "4", KVLAB_SHARD_COUNT: "4" }, "--shard auto: KVLAB_SHARD_INDEX must be a whole number from 0 to KVLAB_SHARD_COUNT - 1, and KVLAB_SHARD_COUNT one ≥ 1; got KVLAB_SHARD_INDEX=4, KVLAB_SHARD_COUNT=4"],
    ["GitLab's index 0", { CI_NODE_INDEX: "0", CI_NODE_TOTAL: "2" }, "--shard auto: CI_NODE_INDEX must be a whole number from 1 to CI_NODE_TOTAL, and CI_NODE_TOTAL one ≥ 1; got CI_NODE_INDEX=0, CI_NODE_TOTAL=2"],
    ["a count of 0", { BUILDKITE_PARALLEL_JOB: "0", BUILDKITE_PARALLEL_JOB_COUNT: "0" }, "--shard auto: BUILDKITE_PARALLEL_JOB must be a whole number from 0 to BUILDKITE_PARALLEL_JOB_COUNT - 1, and BUILDKITE_PARALLEL_JOB_COUNT one ≥ 1; got BUILDKITE_PARALLEL_JOB=0, BUILDKITE_PARALLEL_JOB_COUNT=0"],
    ["a negative index", { CIRCLE_NODE_INDEX: "-1", CIRCLE_NODE_TOTAL: "2" }, "--shard auto: CIRCLE_NODE_INDEX must be a whole number from 0 to CIRCLE_NODE_TOTAL - 1, and CIRCLE_NODE_TOTAL one ≥ 1; got CIRCLE_NODE_INDEX=-1, CIRCLE_NODE_TOTAL=2"],
    ["a word", { KVLAB_SHARD_INDEX: "one", KVLAB_SHARD_COUNT: "2" }, "--shard auto: KVLAB_SHARD_INDEX must be a whole number from 0 to KVLAB_SHARD_COUNT - 1, and KVLAB_SHARD_COUNT one ≥ 1; got KVLAB_SHARD_INDEX=one, KVLAB_SHARD_COUNT=2"],
    ["a fraction", { CI_NODE_INDEX: "1", CI_NODE_TOTAL: "2.5" }, "--shard auto: CI_NODE_INDEX must be a whole number from 1 to CI_NODE_TOTAL, and CI_NODE_TOTAL one ≥ 1; got CI_NODE_INDEX=1, CI_NODE_TOTAL=2.5"],
    ["a count too large to be exact", { CIRCLE_NODE_INDEX: "0", CIRCLE_NODE_TOTAL: "99999999999999999999" }, "--shard auto: CIRCLE_NODE_INDEX must be a whole number from 0 to CIRCLE_NODE_TOTAL - 1, and CIRCLE_NODE_TOTAL one ≥ 1; got CIRCLE_NODE_INDEX=0, CIRCLE_NODE_TOTAL=99999999999999999999"],
    [
      "two runners that disagree",
      { KVLAB_SHARD_INDEX: "0", KVLAB_SHARD_COUNT: "2", JOB_COMPLETION_INDEX: "1" },
      "--shard auto: the environment names two shards, 1/2 from kvlab's variables (KVLAB_SHARD_INDEX=0, KVLAB_SHARD_COUNT=2) and 2/2 from Kubernetes (JOB_COMPLETION_INDEX=1, KVLAB_SHARD_COUNT=2)",
    ],
    [
      "two runners with different counts",
      { CI_NODE_INDEX: "1", CI_NODE_TOTAL: "2", BUILDKITE_PARALLEL_JOB: "0", BUILDKITE_PARALLEL_JOB_COUNT: "3" },
      "--shard auto: the environment names two shards, 1/2 from GitLab (CI_NODE_INDEX=1, CI_NODE_TOTAL=2) and 1/3 from Buildkite (BUILDKITE_PARALLEL_JOB=0, BUILDKITE_PARALLEL_JOB_COUNT=3)",
    ],
  ])("refuses %s in one line", (_, env, message) => {
    expect(shardFromEnv(env)).toBe(message);
  });
});

describe("resolveShard", () => {
  it("reads the environment for auto, and the flag otherwise", () => {
    expect(resolveShard("auto", { CI_NODE_INDEX: "1", CI_NODE_TOTAL: "3" })).toEqual({ shard: { index: 1, count: 3 }, from: "GitLab (CI_NODE_INDEX=1, CI_NODE_TOTAL=3)" });
    expect(resolveShard("2/3", { CI_NODE_INDEX: "1", CI_NODE_TOTAL: "3" })).toEqual({ shard: { index: 2, count: 3 }, from: "--shard" });
    expect(resolveShard("auto", {})).toBe(noShard);
    expect(resolveShard("4/3", {})).toBe("--shard must be I/N with 1 ≤ I ≤ N (e.g. 2/4) or auto, got 4/3");
  });
});
