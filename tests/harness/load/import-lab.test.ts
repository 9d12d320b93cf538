// importLab: how a sweep's worker finds a lab, by its module's URL alone.
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importLab } from "../../../src/harness/load/import-lab.js";
import { counterLab } from "../counter-lab/lab.js";

describe("importLab", () => {
  it("gives the lab a module's default export is, the very object this thread loaded", async () => {
    expect(await importLab(counterLab.module)).toBe(counterLab);
  });

  it("refuses a module whose default export is no lab, naming the module", async () => {
    const url = pathToFileURL(join(import.meta.dirname, "../counter-lab/impls/forgetful.ts")).href;
    await expect(importLab(url)).rejects.toThrow(`${url} has no lab as its default export`);
  });

  it("refuses a module with no default export at all", async () => {
    const url = pathToFileURL(join(import.meta.dirname, "../counter-lab/model.ts")).href;
    await expect(importLab(url)).rejects.toThrow(`${url} has no lab as its default export`);
  });
});
