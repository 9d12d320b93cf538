// The rerun a registerSuites failure prints runs as printed: kvlab's own command when the test
// file says where its module is (implPath), else the vitest command that runs that one test again.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { repo } from "../../support/run-cli.js";
import { tempDirForFile } from "../../support/temp-dir.js";
import { type VitestRun, vitest } from "../../support/vitest.js";

const BUGGY = join(repo, "examples/kv/buggy/server-ignores-version.ts");

let dir: string;
let run: VitestRun;

beforeAll(async () => {
  dir = tempDirForFile();
  writeFileSync(
    join(dir, "suites.test.ts"),
    [
      `import impl from ${JSON.stringify(BUGGY)};`,
      `import { registerSuites } from ${JSON.stringify(join(repo, "src/vitest.ts"))};`,
      `registerSuites(impl, { suite: "kvsrv", tests: ["TestReliablePut"], seeds: [2] });`,
      `registerSuites(impl, { suite: ["lock", "kvsrv"], tests: ["TestReliablePut"], implPath: ${JSON.stringify(relative(dir, BUGGY))} });`,
    ].join("\n"),
  );
  run = await vitest(dir, "suites.test.ts");
});

/** The `rerun:` line of the failure report. */
function reruns(output: string): string[] {
  return [...output.matchAll(/^rerun: (.*)$/gm)].map((match) => match[1]!);
}

describe("registerSuites' printed rerun", () => {
  it("takes a list of suites, and prints one rerun per failed test", () => {
    expect(run.results.map((r) => [r.title, r.status])).toEqual([
      ["kvsrv TestReliablePut seed 2", "failed"],
      ["kvsrv TestReliablePut seed 1", "failed"],
    ]);
    expect(new Set(reruns(run.output)).size).toBe(2);
  });

  it("without implPath, is the vitest command that runs that one test, and it does", async () => {
    expect(reruns(run.output)).toContain(`npx vitest run suites.test.ts -t '^kvsrv TestReliablePut seed 2$'`);
    const again = await vitest(dir, "suites.test.ts", "-t", "^kvsrv TestReliablePut seed 2$");
    expect(again.results.filter((r) => r.status !== "skipped").map((r) => [r.title, r.status])).toEqual([["kvsrv TestReliablePut seed 2", "failed"]]);
  });

  it("with implPath, is kvlab test on that module, and it fails the same way", () => {
    const printed = `npx kvlab test --impl ${relative(dir, BUGGY)} --test TestReliablePut --seed 1`;
    expect(reruns(run.output)).toContain(printed);
    const words = printed.split(" ").slice(2);
    const kvlab = spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), join(repo, "src/cli/kvlab.ts"), ...words, "--explain", "0"], { cwd: dir, encoding: "utf8" });
    expect(kvlab.stdout).toContain("Fatal: expected Put to fail with ErrVersion; got err=OK");
    expect(kvlab.status).toBe(1);
  });
});
