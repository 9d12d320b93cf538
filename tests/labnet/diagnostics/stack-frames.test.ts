import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Simulation } from "../../../labnet/index.js";
import { stackFrames } from "../../../labnet/diagnostics/stack-frames.js";
import { tempDir } from "../../support/temp-dir.js";

describe("stack frames", () => {
  it("are read from every way a stack names a file, spaces and parentheses in the path kept; Node's own and anonymous frames name none", () => {
    const stack = [
      "Error: boom",
      "    at f (/home/me/My Lab/x.ts:3:9)",
      "    at /home/me/My Lab/y (old).mjs:4:1",
      "    at async file:///home/me/My%20Lab/z.ts?tsx-namespace=1:5:2",
      "    at C:\\Users\\me\\My Lab\\w.cjs:6:7",
      "    at JSON.parse (<anonymous>)",
      "    at node:internal/modules/esm/module_job:123:5",
    ].join("\n");
    expect(stackFrames(stack).map(({ file, line, column }) => [file, line, column])).toEqual([
      ["/home/me/My Lab/x.ts", 3, 9],
      ["/home/me/My Lab/y (old).mjs", 4, 1],
      ["/home/me/My Lab/z.ts", 5, 2],
      ["C:\\Users\\me\\My Lab\\w.cjs", 6, 7],
    ]);
    expect(stackFrames(stack)[2]!.location).toBe("file:///home/me/My%20Lab/z.ts?tsx-namespace=1");
    expect(stackFrames(undefined)).toEqual([]);
  });

  it("name the user's file whole as an ambient call site, spaces and all", async () => {
    const folder = join(tempDir(), "My Lab");
    mkdirSync(folder);
    writeFileSync(join(folder, "roll.mjs"), "export function roll() {\n  return Math.random();\n}\n");
    const { roll } = (await import(join(folder, "roll.mjs"))) as { roll: () => number };
    const sim = new Simulation({ seed: 5 });
    sim.spawn("client", async () => void roll());
    const { ambient } = await sim.run();
    expect(ambient.map(({ api, site }) => [api, site])).toEqual([["Math.random", `${join(folder, "roll.mjs")}:2:15`]]);
  });
});
