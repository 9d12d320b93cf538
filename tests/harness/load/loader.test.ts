// How the lab's loader itself behaves across loads: what tsx reports to it, and what it keeps.
import { writeFileSync } from "node:fs";
import Module from "node:module";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { loadImplementation, runLabTest, selectTests } from "../../../src/index.js";
import { tempDir } from "../../support/temp-dir.js";

const example = join(import.meta.dirname, "../../../examples/kv/my-kv.ts");
const reliablePut = selectTests("kvsrv", ["TestReliablePut"])[0]!;

describe("the loader", () => {
  it("loads a module that imports a data: URL, which tsx reports among the modules it loaded (an error there would be uncaught)", async () => {
    const file = join(tempDir(), "my-kv.mjs");
    writeFileSync(file, `import extra from "data:text/javascript,export default 7";\nimport base from "${example}";\nexport default { ...base, extra };\n`);
    const impl = (await loadImplementation(file)) as unknown as { extra: number };
    expect(impl.extra).toBe(7);
    // A run takes many turns of the event loop: tsx's report of the data: URL arrives during them.
    expect((await runLabTest(impl as never, reliablePut, 1)).verdict).toBe("pass");
  });

  it("adds no loader hook and no CommonJS resolver after its first load, however many modules a process loads", async () => {
    const dir = tempDir();
    // Each kind once (ES modules through tsx's import, CommonJS through its require), then each again.
    const files = ["a.mts", "b.ts", "c.mjs", "d.cts", "e.mts", "f.ts", "g.mjs", "h.cts"].map((name) => join(dir, name));
    for (const file of files) writeFileSync(file, `import base from "${example}";\nexport default { ...base, name: ${JSON.stringify(file)} };\n`);
    for (const file of files.slice(0, 4)) await loadImplementation(file);
    const resolver = (Module as unknown as { _resolveFilename: unknown })._resolveFilename;
    const register = vi.spyOn(Module, "register");
    try {
      for (const file of files.slice(4)) expect(((await loadImplementation(file)) as unknown as { name: string }).name).toBe(file);
      expect(register).not.toHaveBeenCalled();
      expect((Module as unknown as { _resolveFilename: unknown })._resolveFilename).toBe(resolver);
    } finally {
      register.mockRestore();
    }
  });

  it("gives a module loaded again the module already loaded, as Node's import does", async () => {
    const file = join(tempDir(), "my-kv.mts");
    writeFileSync(file, `import base from "${example}";\nexport default { ...base, loadedAt: Symbol("evaluation") };\n`);
    expect(await loadImplementation(file)).toBe(await loadImplementation(file));
  });
});
