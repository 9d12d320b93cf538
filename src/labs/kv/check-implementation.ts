import { ImplementationError } from "../../harness/index.js";
import type { KVImplementation } from "./contract.js";

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
