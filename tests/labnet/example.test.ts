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
    // Seed 1 loses two of alice's calls (5 RPCs for 3 clients, 4 of them run); the trace's hash is the run's own.
    expect(first).toMatch(
      /^0\.347ms bob: HELLO FROM BOB \(1 attempt\)\n8\.152ms carol: HELLO FROM CAROL \(1 attempt\)\n256\.539ms alice: HELLO FROM ALICE \(3 attempts\)\ndone at 256\.539ms: 5 RPCs sent, 4 executed, trace [0-9a-f]{16}\n$/,
    );
    expect(await once("1")).toBe(first);
    expect(await once("2")).not.toBe(first);
  });
});
