import { describe, expect, it } from "vitest";
import { ImplementationError } from "../../../src/harness/index.js";
import { checkImplementation } from "../../../src/labs/raft/check-implementation.js";

const make = () => ({}) as never;

describe("checkImplementation (the Raft lab)", () => {
  it("returns an implementation with make itself, named or not", () => {
    const unnamed = { make };
    expect(checkImplementation(unnamed, "m.ts")).toBe(unnamed);
    const named = { name: "my-raft", make };
    expect(checkImplementation(named, "m.ts")).toBe(named);
  });

  it("refuses what is not an object, naming what it got", () => {
    for (const [value, got] of [
      [null, "null"],
      [undefined, "undefined"],
      [42, "number"],
      ["raft", "string"],
      [true, "boolean"],
    ] as const) {
      expect(() => checkImplementation(value, "m.ts")).toThrow(
        new ImplementationError(`m.ts: the default export must be an object { make(peers, me, persister, applyCh, env), name? }; got ${got}`),
      );
    }
  });

  it("refuses a function (the peer's class, or make itself) with the one line that fixes it", () => {
    class MyRaft {}
    for (const value of [MyRaft, make]) {
      expect(() => checkImplementation(value, "x/my-raft.ts")).toThrow(
        new ImplementationError(
          "x/my-raft.ts: the default export must be an object { make(peers, me, persister, applyCh, env), name? }; got a function (export default { make: (...args) => new MyRaft(...args) })",
        ),
      );
    }
  });

  it("names everything missing or mistyped at once", () => {
    expect(() => checkImplementation({}, "m.ts")).toThrow(new ImplementationError("m.ts: the default export lacks make"));
    expect(() => checkImplementation({ make: "no" }, "m.ts")).toThrow(new ImplementationError("m.ts: the default export lacks make (present but not a function)"));
    expect(() => checkImplementation({ make: null }, "m.ts")).toThrow(new ImplementationError("m.ts: the default export lacks make (present but not a function)"));
    expect(() => checkImplementation({ make, name: 7 }, "m.ts")).toThrow(new ImplementationError("m.ts: the default export lacks name (present but not a string)"));
    expect(() => checkImplementation({ name: ["r"] }, "lab/r.ts")).toThrow(
      new ImplementationError("lab/r.ts: the default export lacks make, name (present but not a string)"),
    );
  });

  it("says which lab a module looks like when it is another lab's implementation", () => {
    const f = () => ({});
    expect(() => checkImplementation({ createServer: f, createClerk: f }, "kv.ts")).toThrow(
      new ImplementationError("kv.ts: the default export lacks make (it looks like a KV lab implementation: --lab kv takes it)"),
    );
    expect(() => checkImplementation({ makeRsm: f, startKVServer: f, makeClerk: f }, "kvraft.ts")).toThrow(
      new ImplementationError("kvraft.ts: the default export lacks make (it looks like a replicated KV lab implementation: --lab kvraft takes it as --impl)"),
    );
  });
});
