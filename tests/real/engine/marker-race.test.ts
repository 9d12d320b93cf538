// Two servers started together on a fresh data directory, each with its own --engine, both found
// no marker; each used to write engine.tmp and rename it over the other's, and open its own
// engine's subdirectory under its own lock: two servers on one data directory. The marker is now
// linked into place, so the second finds the first's and is refused. A hook on the marker's
// existence test puts the rival's whole claim exactly between this opener's look and its write.
import * as fs from "node:fs";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EngineError, claimEngine, openDataDir } from "../../../src/real/engine/index.js";
import { tempDir } from "../../support/temp-dir.js";

/** Called once, just after the next look for an engine marker (which has found what it found). */
let afterNextMarkerLook: (() => void) | undefined;

vi.mock("node:fs", async (original) => {
  const real = await original<typeof import("node:fs")>();
  const existsSync = ((path: fs.PathLike) => {
    const found = real.existsSync(path);
    if (typeof path === "string" && path.endsWith("/engine") && afterNextMarkerLook !== undefined) {
      const rival = afterNextMarkerLook;
      afterNextMarkerLook = undefined;
      rival();
    }
    return found;
  }) as typeof real.existsSync;
  return { ...real, existsSync };
});

afterEach(() => (afterNextMarkerLook = undefined));

describe("engine marker race on a fresh data directory", () => {
  it("kvs and level both past the look: the rival's claim stands, and this opener is refused in one line", async () => {
    const dir = tempDir();
    let rival: string | undefined;
    afterNextMarkerLook = () => (rival = claimEngine(dir, "level"));
    const opening = openDataDir(dir, { engine: "kvs", sync: "none" });
    await expect(opening).rejects.toThrow(
      new EngineError(`${dir} was claimed by engine level while this one opened it as kvs: start with --engine level or another directory`),
    );
    expect(rival).toBe("level");
    expect(readFileSync(join(dir, "engine"), "utf8")).toBe("level\n");
    expect(readdirSync(dir)).toEqual(["engine"]); // no kvs subdirectory, no temporary marker left
    const winner = await openDataDir(dir, { sync: "none" });
    expect(winner.name).toBe("level");
    await winner.close();
  });

  it("the same engine both times: both claims agree, and the store's own lock decides who opens it", async () => {
    const dir = tempDir();
    afterNextMarkerLook = () => expect(claimEngine(dir, "kvs")).toBe("kvs");
    expect(claimEngine(dir, "kvs")).toBe("kvs");
    expect(afterNextMarkerLook).toBeUndefined(); // the rival ran
    expect(readdirSync(dir)).toEqual(["engine"]);
    const store = await openDataDir(dir, { sync: "none" });
    await expect(openDataDir(dir, { engine: "kvs", sync: "none" })).rejects.toThrow(`kvs: ${join(dir, "kvs")} is already open in this process`);
    await store.close();
    expect(existsSync(join(dir, "kvs"))).toBe(true);
  });
});
