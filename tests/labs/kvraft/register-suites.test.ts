// registerKvRaftSuites (kvlab/vitest): the replicated KV lab's suites as vitest tests, in a vitest of
// its own as a student's test file runs them: the reference KV layer passes over the reference Raft
// and fails over the Raft lab's skeleton, with the course's text and the kvlab command, naming
// both modules, that reruns it.
import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { repo } from "../../support/run-cli.js";
import { tempDirForFile } from "../../support/temp-dir.js";
import { type VitestRun, vitest } from "../../support/vitest.js";

const KVRAFT = join(repo, "examples/kvraft/my-kvraft.ts");
const RAFT = join(repo, "examples/raft/my-raft.ts");

let dir: string;
let run: VitestRun;

beforeAll(async () => {
  dir = tempDirForFile();
  writeFileSync(
    join(dir, "kvraft.test.ts"),
    [
      `import { describe } from "vitest";`,
      `import { registerKvRaftSuites } from ${JSON.stringify(join(repo, "src/vitest.ts"))};`,
      `import { kvraftReference } from ${JSON.stringify(join(repo, "src/index.ts"))};`,
      `import skeleton from ${JSON.stringify(KVRAFT)};`,
      `import raft from ${JSON.stringify(RAFT)};`,
      `describe("reference", () => registerKvRaftSuites(kvraftReference, { suite: "4A", tests: ["TestBasic4A"] }));`,
      `describe("over my raft", () => registerKvRaftSuites(kvraftReference, { tests: ["TestBasic4A"], raft, raftPath: ${JSON.stringify(relative(dir, RAFT))} }));`,
      `describe("mine over my raft", () => registerKvRaftSuites(skeleton, { tests: ["TestBasic4A"], implPath: ${JSON.stringify(relative(dir, KVRAFT))}, raft, raftPath: ${JSON.stringify(relative(dir, RAFT))} }));`,
    ].join("\n"),
  );
  run = await vitest(dir, "kvraft.test.ts");
}, 120_000);

describe("registerKvRaftSuites", () => {
  it("registers the lab's tests over the Raft it is given, the reference Raft by default", () => {
    expect(run.results.map((result) => [result.title, result.status])).toEqual([
      ["reference 4A TestBasic4A seed 1", "passed"],
      ["over my raft 4A TestBasic4A seed 1", "failed"],
      ["mine over my raft 4A TestBasic4A seed 1", "failed"],
    ]);
  });

  it("fails with the course's text and the kvlab command that reruns it, naming --raft's module and --impl's", () => {
    expect(run.output).toContain("Fatal: oneInc: Inc was not committed within 10 seconds");
    expect(run.output).toContain(`rerun: npx kvlab test --lab kvraft --raft ${relative(dir, RAFT)} --test TestBasic4A --seed 1`);
    expect(run.output).toContain(`rerun: npx kvlab test --lab kvraft --impl ${relative(dir, KVRAFT)} --raft ${relative(dir, RAFT)} --test TestBasic4A --seed 1`);
  });
});
