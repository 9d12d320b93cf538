// kvlab test --shard auto as a CI job runs it: it says which shard it found and where, on stderr
// with --json (whose stdout is the reports), and refuses an environment with no shard in one line.
import { describe, expect, it } from "vitest";
import { kvlabIn } from "../../support/shards.js";

const sweep = ["test", "--test", "TestReliablePut", "--seeds", "3", "--shard", "auto"];

describe("kvlab test --shard auto", () => {
  it("runs the shard a GitLab job is, and says so", async () => {
    const run = await kvlabIn({ CI_NODE_INDEX: "2", CI_NODE_TOTAL: "3" }, ...sweep);
    expect(run.stdout).toContain("shard 2/3 from GitLab (CI_NODE_INDEX=2, CI_NODE_TOTAL=3): 1 of the sweep's 3 runs\n");
    expect(run.stdout).toContain("1 passed, 0 failed\n");
    expect(run.status).toBe(0);
  });

  it("with --json says it on stderr and prints only the reports on stdout", async () => {
    const run = await kvlabIn({ JOB_COMPLETION_INDEX: "0", KVLAB_SHARD_COUNT: "2" }, ...sweep, "--json");
    expect(run.stderr).toBe("shard 1/2 from Kubernetes (JOB_COMPLETION_INDEX=0, KVLAB_SHARD_COUNT=2): 2 of the sweep's 3 runs\n");
    expect((JSON.parse(run.stdout) as { seed: number; sweepIndex: number }[]).map(({ seed, sweepIndex }) => [seed, sweepIndex])).toEqual([[1, 0], [3, 2]]);
    expect(run.status).toBe(0);
  });

  it("refuses an environment that names no shard, naming the variables it reads", async () => {
    const run = await kvlabIn({}, ...sweep);
    expect(run.stderr).toBe(
      "kvlab: --shard auto found no shard in the environment; it reads KVLAB_SHARD_INDEX/KVLAB_SHARD_COUNT, JOB_COMPLETION_INDEX/KVLAB_SHARD_COUNT, CI_NODE_INDEX/CI_NODE_TOTAL, BUILDKITE_PARALLEL_JOB/BUILDKITE_PARALLEL_JOB_COUNT, CIRCLE_NODE_INDEX/CIRCLE_NODE_TOTAL\n",
    );
    expect(run.status).toBe(3);
  });
});
