import { describe, expect, it } from "vitest";
import { isKvlabCode, isLibraryCode } from "../../../src/harness/command-line/index.js";
import { userFrame } from "../../../src/harness/load/user-frame.js";

const kvlab = "/home/me/My Lab/node_modules/kvlab";

describe("whose code a stack frame is", () => {
  it("are kvlab's under its root's src, labnet and dist, wherever the root lies; a library's in any node_modules", () => {
    expect([`${kvlab}/dist/src/harness/a.js`, `${kvlab}/dist/labnet/b.js`, `${kvlab}/src/c.ts`, `${kvlab}/labnet/d.ts`].map((f) => isKvlabCode(f, kvlab))).toEqual([true, true, true, true]);
    expect([`${kvlab}/examples/kv/reference.ts`, `${kvlab}/tests/e.test.ts`, "/home/me/My Lab/src/x.ts", `${kvlab}-fork/src/x.ts`].map((f) => isKvlabCode(f, kvlab))).toEqual([false, false, false, false]);
    expect([isLibraryCode("/p/node_modules/tsx/a.mjs"), isLibraryCode("C:\\p\\node_modules\\a.js"), isLibraryCode("/p/my_node_modules/a.js")]).toEqual([true, true, false]);
  });

  it("the user's frame is the first neither kvlab's, a library's nor Node's, its path's spaces kept", () => {
    const stack = ["TypeError: x", `    at run (${kvlab}/dist/src/harness/run-test.js:9:9)`, "    at t (/home/me/My Lab/node_modules/tsx/a.mjs:1:1)", "    at createServer (/home/me/My Lab/my-kv.ts:12:3)"].join("\n");
    expect(userFrame(stack, kvlab)).toEqual({ file: "/home/me/My Lab/my-kv.ts", line: 12, column: 3 });
    expect(userFrame(`TypeError: x\n    at run (${kvlab}/src/harness/run-test.ts:9:9)`, kvlab)).toBeUndefined();
  });
});
