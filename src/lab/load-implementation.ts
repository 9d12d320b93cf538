import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { tsImport } from "tsx/esm/api";
import type { KVImplementation } from "../kv/index.js";

/** A module that cannot be loaded or does not fit the KVImplementation contract. */
export class ImplementationError extends Error {
  override name = "ImplementationError";
}

/**
 * Loads a user's implementation: a .ts or .js module anywhere on disk whose default export is a
 * KVImplementation. TypeScript is compiled on the fly, so there is no build step for the user.
 */
export async function loadImplementation(path: string): Promise<KVImplementation> {
  const file = resolve(path);
  if (!existsSync(file)) throw new ImplementationError(`${path}: no such file`);
  let module: { default?: unknown };
  try {
    module = (await tsImport(pathToFileURL(file).href, import.meta.url)) as { default?: unknown };
  } catch (error) {
    throw new ImplementationError(`${path}: cannot be loaded: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  }
  return checkImplementation(module.default, path);
}

/** The implementation itself, or an error naming everything it lacks. */
export function checkImplementation(candidate: unknown, where: string): KVImplementation {
  if (typeof candidate !== "object" || candidate === null) {
    throw new ImplementationError(`${where}: the default export must be an object { createServer, createClerk, createLock? }; got ${candidate === null ? "null" : typeof candidate}`);
  }
  const impl = candidate as Record<string, unknown>;
  const missing = ["createServer", "createClerk"].filter((name) => typeof impl[name] !== "function");
  if (impl["createLock"] !== undefined && typeof impl["createLock"] !== "function") missing.push("createLock (present but not a function)");
  if (missing.length > 0) throw new ImplementationError(`${where}: the default export lacks ${missing.join(", ")}`);
  return candidate as KVImplementation;
}
