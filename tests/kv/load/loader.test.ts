// How the lab's loader itself behaves across loads: what tsx reports to it, and what it keeps.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
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
});
