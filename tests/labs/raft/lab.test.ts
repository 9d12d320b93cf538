import { describe, expect, it } from "vitest";
import { loadImplementation, runTest, ImplementationError, type Lab, type TestDefinition } from "../../../src/harness/index.js";
import { raftLab, raftReference, checkRaftImplementation } from "../../../src/labs/raft/index.js";
import type { RaftImplementation } from "../../../src/labs/raft/index.js";

const skeleton = "examples/raft/my-raft.ts";
const lab = raftLab as Lab;
const test = (name: string): TestDefinition => Object.values(raftLab.suites).flat().find((definition) => definition.name === name)! as TestDefinition;

describe("the Raft lab as the harness sees it", () => {
  it("is named for --lab, and its module's default export is the lab itself (what a sweep's worker imports)", async () => {
    expect(raftLab.name).toBe("raft");
    expect(raftLab.title).toBe("the Raft lab");
    expect(((await import(raftLab.module)) as { default: unknown }).default).toBe(raftLab);
  });

  it("runs the course's four parts in order, every test named once", () => {
    expect(Object.keys(raftLab.suites)).toEqual(["3A", "3B", "3C", "3D"]);
    const names = Object.values(raftLab.suites).flatMap((suite) => suite.map((definition) => definition.name));
    expect(new Set(names).size).toBe(names.length);
    for (const [suite, definitions] of Object.entries(raftLab.suites)) {
      for (const definition of definitions) {
        expect(definition.suite).toBe(suite);
        expect(definition.name.endsWith(suite)).toBe(true);
      }
    }
  });

  it("its reference is the reference Raft, and it checks a module's default export with the lab's own check", () => {
    expect(raftLab.reference).toBe(raftReference);
    expect(raftLab.checkImplementation).toBe(checkRaftImplementation);
    expect(() => raftLab.checkImplementation({}, "m.ts")).toThrow(new ImplementationError("m.ts: the default export lacks make"));
  });

  it("TestInitialElection3A passes on the reference, with the course's title", async () => {
    const report = await runTest({ lab, impl: raftReference, definition: test("TestInitialElection3A"), seed: 1, options: {} });
    expect(report).toMatchObject({ suite: "3A", test: "TestInitialElection3A", title: "Test (3A): initial election", verdict: "pass", peers: 3 });
  });

  it("the skeleton kvlab init writes loads as a Raft and fails TestInitialElection3A with the course's text", async () => {
    const impl = await loadImplementation<RaftImplementation>(raftLab, skeleton);
    expect(impl.name).toBe("my-raft");
    const report = await runTest({ lab, impl, definition: test("TestInitialElection3A"), seed: 1, options: { implPath: skeleton } });
    expect(report).toMatchObject({ verdict: "fail", message: "expected one leader, got none" });
  });
});
