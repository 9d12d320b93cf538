// The engine marker: a data directory remembers the engine that created it.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EngineError, claimEngine, openDataDir, openEngine, persistedEngine } from "../../../src/real/engine/index.js";
import { tempDir } from "../../support/temp-dir.js";

describe("engine marker", () => {
  it("a first run takes the default engine, kvs, and records it", () => {
    const dir = tempDir();
    expect(persistedEngine(dir)).toBeUndefined();
    expect(claimEngine(dir)).toBe("kvs");
    expect(readFileSync(join(dir, "engine"), "utf8")).toBe("kvs\n");
    expect(persistedEngine(dir)).toBe("kvs");
  });

  it("later runs default to the persisted engine and refuse another", () => {
    const dir = tempDir();
    expect(claimEngine(dir, "level")).toBe("level");
    expect(claimEngine(dir)).toBe("level");
    expect(claimEngine(dir, "level")).toBe("level");
    expect(() => claimEngine(dir, "kvs")).toThrow(new EngineError(`${dir} holds data of engine level, not kvs: start with --engine level or another directory`));
  });

  it("an unknown engine name is an error that lists the engines", async () => {
    const dir = tempDir();
    expect(() => claimEngine(dir, "sled")).toThrow('unknown engine "sled": expected kvs or level');
    expect(existsSync(join(dir, "engine"))).toBe(false);
    await expect(openEngine("rocks", { dir, sync: "none" })).rejects.toThrow(EngineError);
  });

  it("each engine keeps its files in its own subdirectory", async () => {
    for (const engine of ["kvs", "level"]) {
      const dir = tempDir();
      const store = await openDataDir(dir, { engine, sync: "batch" });
      expect(store.name).toBe(engine);
      await store.set("k", "v");
      await store.close();
      expect(existsSync(join(dir, engine))).toBe(true);
      const reopened = await openDataDir(dir, { sync: "batch" });
      expect(await reopened.get("k")).toEqual({ value: "v", version: 1 });
      await reopened.close();
    }
  });
});
