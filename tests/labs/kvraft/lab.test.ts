// The replicated KV lab as the harness sees it: its name, suites and reference, --impl's check, the
// --raft part, and a 4A test run through the lab on the reference and on the skeleton kvlab init writes.
import { describe, expect, it } from "vitest";
import { ImplementationError, loadRunImplementation, runTest, type Lab, type TestDefinition } from "../../../src/harness/index.js";
import { kvraftLab, kvraftReference, type KvRaftImpl } from "../../../src/labs/kvraft/index.js";
import { raftReference } from "../../../src/labs/raft/index.js";

const skeleton = "examples/kvraft/my-kvraft.ts";
const raftSkeleton = "examples/raft/my-raft.ts";
const lab = kvraftLab as unknown as Lab;
const test = (name: string): TestDefinition => Object.values(kvraftLab.suites).flat().find((definition) => definition.name === name)! as TestDefinition;

describe("the replicated KV lab as the harness sees it", () => {
  it("is named for --lab, and its module's default export is the lab itself (what a sweep's worker imports)", async () => {
    expect(kvraftLab.name).toBe("kvraft");
    expect(kvraftLab.title).toBe("the replicated KV lab");
    expect(((await import(kvraftLab.module)) as { default: unknown }).default).toBe(kvraftLab);
  });

  it("runs the course's three parts in order, every test named once and in its part", () => {
    expect(Object.keys(kvraftLab.suites)).toEqual(["4A", "4B", "4C"]);
    const names = Object.values(kvraftLab.suites).flatMap((suite) => suite.map((definition) => definition.name));
    expect(new Set(names).size).toBe(names.length);
    for (const [suite, definitions] of Object.entries(kvraftLab.suites)) for (const definition of definitions) expect(definition.suite).toBe(suite);
  });

  it("its reference is the reference KV layer over the reference Raft; --impl's module is the KV layer, over the reference Raft", () => {
    expect(kvraftLab.reference).toEqual({ kvraft: kvraftReference, raft: raftReference });
    expect(kvraftLab.checkImplementation(kvraftReference, "m.ts")).toEqual({ kvraft: kvraftReference, raft: raftReference });
    expect(() => kvraftLab.checkImplementation({}, "m.ts")).toThrow(new ImplementationError("m.ts: the default export lacks makeRsm, startKVServer, makeClerk"));
  });

  it("takes the Raft under the KV layer as its one part, --raft, checked as the Raft lab checks --impl", async () => {
    expect(kvraftLab.parts?.map((part) => part.flag)).toEqual(["raft"]);
    const impl = await loadRunImplementation<KvRaftImpl>(kvraftLab, { parts: { raft: raftSkeleton } });
    expect(impl.kvraft).toBe(kvraftReference);
    expect(impl.raft.name).toBe("my-raft");
    await expect(loadRunImplementation(kvraftLab, { parts: { raft: skeleton } })).rejects.toThrow(new ImplementationError(`--raft ${skeleton}: the default export lacks make (it looks like a replicated KV lab implementation: --lab kvraft takes it as --impl)`));
  });

  it("TestBasic4A passes on the reference, with the course's title", async () => {
    const report = await runTest({ lab, impl: kvraftLab.reference, definition: test("TestBasic4A"), seed: 1, options: {} });
    expect(report).toMatchObject({ suite: "4A", test: "TestBasic4A", title: "Test RSM basic", verdict: "pass", peers: 3 });
  });

  it("the skeleton kvlab init writes loads and fails TestBasic4A with the course's text: its submit never commits", async () => {
    const impl = await loadRunImplementation<KvRaftImpl>(kvraftLab, { implPath: skeleton });
    expect(impl.kvraft.name).toBe("my-kvraft");
    expect(impl.raft).toBe(raftReference);
    const report = await runTest({ lab, impl, definition: test("TestBasic4A"), seed: 1, options: { implPath: skeleton } });
    expect(report).toMatchObject({ verdict: "fail", message: "oneInc: Inc was not committed within 10 seconds (runtime error: invalid memory address or nil pointer dereference)" });
  });

  it("the reference KV layer over the Raft skeleton fails TestBasic4A: no leader ever commits", async () => {
    const impl = await loadRunImplementation<KvRaftImpl>(kvraftLab, { parts: { raft: raftSkeleton } });
    const report = await runTest({ lab, impl, definition: test("TestBasic4A"), seed: 1, options: { parts: { raft: raftSkeleton } } });
    expect(report.verdict).toBe("fail");
    expect(report.message).toMatch(/^oneInc: Inc was not committed within 10 seconds/);
  });
});
