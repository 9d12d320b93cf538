/**
 * The storage engines' public face: opening an engine by name, and the marker that makes a data
 * directory remember which engine created it.
 *
 * A data directory holds a file `engine` naming its engine, and that engine's files in a
 * subdirectory of the same name (`data/engine`, `data/kvs/…` or `data/level/…`).
 *
 * @example
 * const engine = await openDataDir("./data", { engine: argv.engine, sync: "batch" }); // kvs on a first run
 * await engine.set("k", "v");
 * await engine.close();
 */
import { randomUUID } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EngineLog, EngineName, EngineOptions, KvEngine, SyncPolicy } from "./engine.js";
import { KvsStore } from "./kvs/index.js";
import { LevelStore } from "./level.js";

export type { EngineLog, EngineName, EngineOptions, KvEngine, PutOutcome, SyncPolicy, Versioned } from "./engine.js";
export { CorruptionError, type Dropped, type RepairReport, listGenerations, repairStore } from "./kvs/index.js";

export const engineNames: readonly EngineName[] = ["kvs", "level"];

/** The engine a data directory uses when it has none yet. */
const defaultEngine: EngineName = "kvs";

/** A bad engine name, or a data directory that another engine created. */
export class EngineError extends Error {
  override name = "EngineError";
}

/** `name` as an EngineName, or an EngineError listing the engines that exist. */
export function engineName(name: string): EngineName {
  if ((engineNames as readonly string[]).includes(name)) return name as EngineName;
  throw new EngineError(`unknown engine ${JSON.stringify(name)}: expected ${engineNames.join(" or ")}`);
}

/** Opens engine `name` with `options.dir` as its own directory (no marker: see openDataDir). */
export async function openEngine(name: string, options: EngineOptions): Promise<KvEngine> {
  return engineName(name) === "kvs" ? KvsStore.open(options) : LevelStore.open(options);
}

/** The engine recorded in data directory `dir`, or undefined when none is (a first run). */
export function persistedEngine(dir: string): EngineName | undefined {
  const marker = join(dir, "engine");
  return existsSync(marker) ? engineName(readFileSync(marker, "utf8").trim()) : undefined;
}

/**
 * The engine data directory `dir` is to use: `requested` (or the persisted engine, else the
 * default), recorded in its marker on a first run. Throws an EngineError for an unknown name or
 * one that differs from the persisted engine.
 */
export function claimEngine(dir: string, requested?: string): EngineName {
  const persisted = persistedEngine(dir);
  const name = requested === undefined ? (persisted ?? defaultEngine) : engineName(requested);
  if (persisted !== undefined && persisted !== name) {
    throw new EngineError(`${dir} holds data of engine ${persisted}, not ${name}: start with --engine ${persisted} or another directory`);
  }
  if (persisted === undefined) recordEngine(dir, name);
  return name;
}

/**
 * Records `name` as the engine of data directory `dir`, which had no marker when its opener looked:
 * the marker step of a first run. The marker is written whole to a file of this opener's own and
 * linked to `engine`; link(2) fails when the name exists, so of openers that race on a fresh
 * directory exactly one creates the marker (a rename would let each replace the other's, and each
 * open its own engine's subdirectory under its own lock). The others read the winner's marker, and
 * one that asked for another engine is refused with an EngineError.
 */
function recordEngine(dir: string, name: EngineName): void {
  mkdirSync(dir, { recursive: true });
  const mine = join(dir, `engine.${randomUUID()}.tmp`);
  writeFileSync(mine, `${name}\n`, { flag: "wx" }); // whole before it has the marker's name: a crash leaves no half-written marker
  try {
    linkSync(mine, join(dir, "engine"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    rmSync(mine, { force: true });
  }
  const persisted = persistedEngine(dir);
  if (persisted !== name) {
    throw new EngineError(`${dir} was claimed by engine ${persisted} while this one opened it as ${name}: start with --engine ${persisted} or another directory`);
  }
}

/** Claims data directory `dir` for an engine (see claimEngine) and opens it in its subdirectory. */
export async function openDataDir(dir: string, options: { engine?: string; sync: SyncPolicy; log?: EngineLog }): Promise<KvEngine> {
  const name = claimEngine(dir, options.engine);
  return openEngine(name, { dir: join(dir, name), sync: options.sync, log: options.log });
}
