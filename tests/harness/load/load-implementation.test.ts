// loadImplementation with the counter lab's own check: the lab, not the loader, says what fits.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ImplementationError, loadImplementation, runTest } from "../../../src/harness/index.js";
import { counterLab } from "../counter-lab/lab.js";
import { counterRun } from "../counter-lab/runs.js";

const impls = join(import.meta.dirname, "../counter-lab/impls");

/** The ImplementationError loading `path` throws, or undefined. */
async function loadError(path: string): Promise<ImplementationError | undefined> {
  try {
    await loadImplementation(counterLab, path);
  } catch (error) {
    if (error instanceof ImplementationError) return error;
    throw error;
  }
  return undefined;
}

describe("loadImplementation with the counter lab", () => {
  it("gives the module's default export, which then runs the lab's tests", async () => {
    const impl = await loadImplementation(counterLab, join(impls, "forgetful.ts"));
    expect(Object.keys(impl).sort()).toEqual(["createClient", "createServer"]);
    expect((await runTest(counterRun("TestReliableIncrements", { impl }))).verdict).toBe("pass");
    expect((await runTest(counterRun("TestUnreliableIncrements", { impl }))).verdict).toBe("fail");
  });

  it("refuses a module missing a function of the lab's contract, naming the path and the function", async () => {
    const path = join(impls, "no-client.ts");
    expect((await loadError(path))?.message).toBe(`${path}: the default export lacks createClient (a function)`);
  });

  it("refuses a module with no default export, in the lab's words", async () => {
    const path = join(impls, "../model.ts");
    expect((await loadError(path))?.message).toBe(`${path}: the default export is not an object with createServer and createClient`);
  });

  it("refuses a path that names nothing before the lab is asked", async () => {
    expect((await loadError("no/such/counter.ts"))?.message).toBe("no/such/counter.ts: no such file");
  });
});

describe("the counter lab's checkImplementation", () => {
  it("names every function a value lacks, and where it came from", () => {
    expect(() => counterLab.checkImplementation({}, "here.ts")).toThrow(new ImplementationError("here.ts: the default export lacks createServer and createClient (a function)"));
    expect(() => counterLab.checkImplementation({ createServer: 1, createClient: () => {} }, "here.ts")).toThrow("here.ts: the default export lacks createServer (a function)");
    expect(counterLab.checkImplementation(counterLab.reference, "here.ts")).toBe(counterLab.reference);
  });
});
