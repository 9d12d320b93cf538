// The replicated KV lab's check of --impl's default export: what it lacks, in one line naming the module.
import { describe, expect, it } from "vitest";
import { ImplementationError } from "../../../src/harness/index.js";
import { checkKvRaftImplementation } from "../../../src/labs/kvraft/index.js";
import { kvraftReference } from "../../../src/labs/kvraft/reference/index.js";
import { raftReference } from "../../../src/labs/raft/index.js";

const check = (candidate: unknown) => () => checkKvRaftImplementation(candidate, "m.ts");
const refusal = (message: string) => new ImplementationError(`m.ts: ${message}`);
const shape = "an object { makeRsm(servers, me, persister, maxRaftState, sm, env, raft), startKVServer(servers, me, persister, maxRaftState, env, raft), makeClerk(servers, env), name? }";

describe("checkKvRaftImplementation", () => {
  it("takes the reference, and any object with the three functions", () => {
    expect(checkKvRaftImplementation(kvraftReference, "m.ts")).toBe(kvraftReference);
    const { name: _, ...nameless } = kvraftReference;
    expect(checkKvRaftImplementation(nameless, "m.ts")).toBe(nameless);
  });

  it("names everything the default export lacks, or has as something else", () => {
    expect(check({})).toThrow(refusal("the default export lacks makeRsm, startKVServer, makeClerk"));
    expect(check({ ...kvraftReference, makeClerk: 1 })).toThrow(refusal("the default export lacks makeClerk (present but not a function)"));
    expect(check({ ...kvraftReference, name: 7 })).toThrow(refusal("the default export lacks name (present but not a string)"));
  });

  it("says a Raft given as --impl belongs to --raft", () => {
    expect(check(raftReference)).toThrow(refusal("the default export lacks makeRsm, startKVServer, makeClerk (it looks like a Raft: give that module as --raft, and your KV layer as --impl)"));
  });

  it.each([
    [null, "null"],
    [undefined, "undefined"],
    [() => kvraftReference, "function"],
    ["kv", "string"],
  ])("refuses %s, saying what the default export must be", (candidate, got) => {
    expect(check(candidate)).toThrow(refusal(`the default export must be ${shape}; got ${got}`));
  });
});
