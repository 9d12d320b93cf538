// The CI recipes of docs/ci-sweeps.md do what it says: the GitHub Actions workflow and the
// Kubernetes manifest parse, shard the sweep they say (--shard auto, --json, a matrix or an Indexed
// Job of as many shards as they tell kvlab), and their own command lines, run here as each runner
// would run them (its variables, its files) on a small sweep (--seeds 4 for 10000), give merged
// reports equal to one unsharded run's.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { type CliRun, repo, runProcess } from "../support/run-cli.js";
import { comparable, kvlabIn, runnerEnv } from "../support/shards.js";
import { tempDirForFile } from "../support/temp-dir.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- the YAML files are read as the runners read them, untyped */
const github: any = parse(readFileSync(join(repo, "docs/examples/github-sweep.yml"), "utf8"));
const k8s: any[] = parseAllDocuments(readFileSync(join(repo, "docs/examples/k8s-sweep.yaml"), "utf8")).map((doc) => doc.toJS());
const [claim, sweepJob, mergeJob] = k8s;

const shardJob = github.jobs.shard;
const shardStep = shardJob.steps.find((step: any) => step.run?.includes("kvlab test"));
const uploadStep = shardJob.steps.find((step: any) => String(step.uses).startsWith("actions/upload-artifact"));
const downloadStep = github.jobs.merge.steps.find((step: any) => String(step.uses).startsWith("actions/download-artifact"));
const githubMerge: string = github.jobs.merge.steps.find((step: any) => step.run?.includes("kvlab merge")).run;
const matrixSize: number = shardJob.strategy.matrix.shard.length;

const container = (job: any) => job.spec.template.spec.containers[0];
const script = (job: any): string => container(job).command[2];
const envOf = (job: any): Record<string, string> => Object.fromEntries(container(job).env.map(({ name, value }: any) => [name, value]));
const podCount = Number(envOf(sweepJob).KVLAB_SHARD_COUNT);

/** The recipes' sweep, made small enough for a test. */
const small = (line: string) => {
  expect(line).toContain("--seeds 10000");
  return line.replace("--seeds 10000", "--seeds 4");
};
/** A GitHub expression as GitHub gives it to this matrix job. */
const expression = (text: string, jobIndex: number) => text.replace("${{ strategy.job-index }}", String(jobIndex)).replace("${{ strategy.job-total }}", String(matrixSize));

describe("the recipes of docs/ci-sweeps.md", () => {
  it("GitHub Actions: a matrix job per shard, told its place and the matrix's size, runs --shard auto --json; a merge job merges their artifacts", () => {
    expect(matrixSize).toBeGreaterThan(1);
    expect(shardJob.strategy["fail-fast"]).toBe(false);
    expect(shardStep.env).toEqual({ KVLAB_SHARD_INDEX: "${{ strategy.job-index }}", KVLAB_SHARD_COUNT: "${{ strategy.job-total }}" });
    expect(shardStep.run).toMatch(/^npx kvlab test .*--seeds 10000 --shard auto --json > shard\.json$/);
    expect(uploadStep).toMatchObject({ if: "${{ !cancelled() }}", with: { name: "shard-${{ strategy.job-index }}", path: "shard.json" } });
    expect(github.jobs.merge).toMatchObject({ needs: "shard", if: "${{ !cancelled() }}" });
    expect(downloadStep.with).toEqual({ pattern: "shard-*", path: "shards" });
    expect(githubMerge).toBe("npx kvlab merge shards/*/shard.json");
  });

  it("Kubernetes: an Indexed Job of as many pods as KVLAB_SHARD_COUNT says, writing to a shared volume a merge Job reads", () => {
    expect(claim).toMatchObject({ kind: "PersistentVolumeClaim", spec: { accessModes: ["ReadWriteMany"] } });
    expect(sweepJob.spec).toMatchObject({ completionMode: "Indexed", completions: podCount, parallelism: podCount });
    expect(podCount).toBeGreaterThan(1);
    expect(script(sweepJob)).toMatch(/^npx kvlab test .*--seeds 10000 --shard auto --json > \/reports\/shard-\$JOB_COMPLETION_INDEX\.json\.part;/);
    expect(envOf(mergeJob).KVLAB_SHARD_COUNT).toBe(String(podCount));
    expect(script(mergeJob)).toMatch(/; npx kvlab merge \/reports\/shard-\*\.json$/);
    for (const job of [sweepJob, mergeJob]) {
      expect(job.spec.template.spec.volumes).toEqual([{ name: "reports", persistentVolumeClaim: { claimName: claim.metadata.name } }]);
      expect(container(job).volumeMounts).toEqual([{ name: "reports", mountPath: "/reports" }]);
    }
  });

  describe("run here as their runners run them", () => {
    let unsharded: CliRun;
    const merged: Record<string, { text: CliRun; json: CliRun }> = {};
    beforeAll(async () => {
      const dir = tempDirForFile("kvlab-ci-sweeps-");
      // `npx kvlab` as in a lab's repository where kvlab is installed: here, kvlab from source, from any folder.
      const bin = join(dir, "bin");
      mkdirSync(bin);
      writeFileSync(join(bin, "npx"), `#!/bin/sh\n[ "$1" = kvlab ] || exit 127\nshift\nexec "${process.execPath}" --import "${import.meta.resolve("tsx")}" "${join(repo, "src/cli/kvlab.ts")}" "$@"\n`);
      chmodSync(join(bin, "npx"), 0o755);
      const shell = (line: string, cwd: string, env: Record<string, string>) =>
        runProcess("sh", ["-e", "-c", line], { cwd, env: { ...runnerEnv(env), PATH: `${bin}:${process.env.PATH}` } });

      // The same sweep in one process: the shards' command line without --shard auto.
      const command = /^npx kvlab (test .*) > /.exec(shardStep.run)![1]!;
      const unshardedRun = kvlabIn({}, ...small(command).replace(" --shard auto", "").split(" "));

      // GitHub: each matrix job in the checkout (here the repository), its shard.json written
      // where the download step puts its artifact (shards/NAME/); then the merge job.
      const githubShards = Array.from({ length: matrixSize }, async (_, jobIndex) => {
        const artifact = join(dir, "github", "shards", expression(uploadStep.with.name, jobIndex));
        mkdirSync(artifact, { recursive: true });
        const env = Object.fromEntries(Object.entries<string>(shardStep.env).map(([name, value]) => [name, expression(value, jobIndex)]));
        return shell(small(shardStep.run).replace(/> shard\.json$/, `> ${join(artifact, uploadStep.with.path)}`), repo, env);
      });
      // Kubernetes: each pod with its completion index and the manifest's environment; then the merge Job.
      const reports = join(dir, "reports");
      mkdirSync(reports);
      const pods = Array.from({ length: podCount }, (_, index) => shell(small(script(sweepJob)).replaceAll("/reports", reports), repo, { ...envOf(sweepJob), JOB_COMPLETION_INDEX: String(index) }));
      const [whole, ...shards] = await Promise.all([unshardedRun, ...githubShards, ...pods]);
      unsharded = whole!;
      expect(shards.map((shard) => [shard.status, shard.stderr.split("\n").at(-2)])).toEqual(shards.map(() => [0, expect.stringMatching(/^shard \d+\/\d+ from (kvlab's variables|Kubernetes) /)]));

      const k8sMerge = script(mergeJob).replaceAll("/reports", reports);
      const [githubText, githubJson, k8sText, k8sJson] = await Promise.all([
        shell(githubMerge, join(dir, "github"), {}),
        shell(`${githubMerge} --json`, join(dir, "github"), {}),
        shell(k8sMerge, repo, envOf(mergeJob)),
        shell(`${k8sMerge} --json`, repo, envOf(mergeJob)),
      ]);
      merged.github = { text: githubText!, json: githubJson! };
      merged.kubernetes = { text: k8sText!, json: k8sJson! };
    }, 300_000);

    for (const runner of ["github", "kubernetes"]) {
      it(`${runner}: the merged reports are the unsharded run's, run by run, with its totals and exit status`, () => {
        const { text, json } = merged[runner]!;
        const reports = comparable(unsharded.stdout) as { verdict: string }[];
        expect(reports.length).toBeGreaterThan(matrixSize);
        expect(comparable(json.stdout)).toEqual(reports);
        const count = (verdict: string) => reports.filter((report) => report.verdict === verdict).length;
        expect(text.stdout.trim().split("\n").at(-1)).toBe(`${count("pass")} passed, ${count("fail")} failed`);
        expect([text.status, json.status]).toEqual([unsharded.status, unsharded.status]);
      });
    }
  });
});
