import { describe, expect, it } from "vitest";
import { ImplementationError } from "../../../src/harness/index.js";
import { checkImplementation } from "../../../src/labs/kv/check-implementation.js";
import { reference } from "../../../src/labs/kv/reference.js";

const fn = (): void => {};

describe("checkImplementation", () => {
  it("returns a complete implementation itself, with or without createLock", () => {
    expect(checkImplementation(reference, "m.ts")).toBe(reference);
    const noLock = { createServer: fn, createClerk: fn };
    expect(checkImplementation(noLock, "m.ts")).toBe(noLock);
  });

  it("refuses what is not an object, naming what it got", () => {
    for (const [value, got] of [
      [null, "null"],
      [undefined, "undefined"],
      [42, "number"],
      ["kv", "string"],
      [fn, "function"],
    ] as const) {
      expect(() => checkImplementation(value, "m.ts")).toThrow(
        new ImplementationError(`m.ts: the default export must be an object { createServer, createClerk, createLock? }; got ${got}`),
      );
    }
  });

  it("names every missing or non-function member at once, in order", () => {
    expect(() => checkImplementation({}, "m.ts")).toThrow(new ImplementationError("m.ts: the default export lacks createServer, createClerk"));
    expect(() => checkImplementation({ createServer: fn, createClerk: "no" }, "m.ts")).toThrow("m.ts: the default export lacks createClerk");
    expect(() => checkImplementation({ createClerk: fn, createLock: 1 }, "m.ts")).toThrow(
      "m.ts: the default export lacks createServer, createLock (present but not a function)",
    );
    expect(() => checkImplementation({ createServer: fn, createClerk: fn, createLock: null }, "x/impl.ts")).toThrow(
      "x/impl.ts: the default export lacks createLock (present but not a function)",
    );
  });
});
