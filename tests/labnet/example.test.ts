import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const example = fileURLToPath(new URL("../../examples/labnet-echo.ts", import.meta.url));

// The README's labnet example, run as a user runs it (through the built package).
describe("examples/labnet-echo.ts", () => {
  it("every client gets its answer, and a seed prints the same lines every time", async () => {
    const once = async (seed: string) => (await run(process.execPath, ["--import", "tsx", example, seed])).stdout;
    const first = await once("1");
    expect(first).toMatch(/ms alice: HELLO FROM ALICE \(\d+ attempts?\)/);
    expect(first).toMatch(/ms bob: HELLO FROM BOB/);
    expect(first).toMatch(/ms carol: HELLO FROM CAROL/);
    expect(first).toMatch(/^done at [\d.]+ms: \d+ RPCs sent, \d+ executed, trace [0-9a-f]{16}$/m);
    expect(await once("1")).toBe(first);
    expect(await once("2")).not.toBe(first);
  });
});
