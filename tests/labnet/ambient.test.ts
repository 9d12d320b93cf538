import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { DeadlockError, Simulation, SimulationError } from "../../labnet/index.js";
import { tempDir } from "../support/temp-dir.js";

describe("labnet and user code that reaches for real time or randomness", () => {
  const forgetfulClient = async () => {
    const sim = new Simulation({ seed: 5 });
    const seen: number[] = [];
    sim.spawn("client", async (env) => {
      await env.sleep(1500);
      seen.push(Math.random(), Date.now());
    });
    const result = await sim.run();
    return { seen, result };
  };

  it("Math.random and Date.now are deterministic during a run, and their call sites are reported", async () => {
    const a = await forgetfulClient();
    const b = await forgetfulClient();
    expect(a.seen).toEqual(b.seen);
    expect(a.seen[1]).toBe(Date.UTC(2020, 0, 1) + 1500);
    expect(a.result.ambient.map((use) => use.api).sort()).toEqual(["Date.now", "Math.random"]);
    expect(a.result.ambient[0]!.site).toMatch(/ambient\.test\.ts:\d+:\d+$/);
  });

  it("the real globals are back after the run", async () => {
    await forgetfulClient();
    expect(Date.now()).toBeGreaterThan(Date.UTC(2025, 0, 1));
    expect(Math.random()).not.toBe(Math.random());
  });

  it("a real timer that a task waits on shows up as the cause of the deadlock", async () => {
    const sim = new Simulation({ seed: 1 });
    sim.spawn("client-7", () => new Promise((resolve) => setTimeout(resolve, 10)));
    const error = await sim.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlockError);
    expect((error as Error).message).toMatch(
      /client-7 never finished\. Real timers were set during the run \(they are invisible to the simulation; use env\.sleep\): setTimeout at .*ambient\.test\.ts:\d+:\d+/,
    );
  });
});

describe("labnet reports ambient calls of a failed run too", () => {
  it("a run that fails still says where user code reached for Math.random", async () => {
    const sim = new Simulation({ seed: 2 });
    sim.spawn("client", async (env) => {
      await env.sleep(5);
      if (Math.random() >= 0) throw new Error("boom");
    });
    const error = (await sim.run().catch((e: unknown) => e)) as SimulationError;
    expect(error).toBeInstanceOf(SimulationError);
    expect(error.ambient.map((use) => use.api)).toEqual(["Math.random"]);
    expect(error.ambient[0]!.site).toMatch(/ambient\.test\.ts:\d+:\d+$/);
  });
});

describe("labnet and the TypeScript loader's own housekeeping", () => {
  /** A module at `dir/node_modules/PACKAGE/dist/clock.mjs` whose function reads Date.now, imported as code from that package is. */
  async function clockIn(pkg: string): Promise<() => number> {
    const dir = join(tempDir(), "node_modules", pkg, "dist");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "clock.mjs"), "export function getTime() { return Date.now(); }\n");
    return ((await import(pathToFileURL(join(dir, "clock.mjs")).href)) as { getTime: () => number }).getTime;
  }

  it("does not report tsx's calls (its disk cache expiring in the middle of a run), and does report another package's", async () => {
    const [loader, library] = [await clockIn("tsx"), await clockIn("some-library")];
    const sim = new Simulation({ seed: 5 });
    sim.spawn("client", async (env) => {
      await env.sleep(10);
      loader();
      library();
    });
    const { ambient } = await sim.run();
    expect(ambient).toHaveLength(1);
    expect(ambient[0]!.site).toMatch(/node_modules[/\\]some-library[/\\]dist[/\\]clock\.mjs:1:\d+$/);
  });
});
