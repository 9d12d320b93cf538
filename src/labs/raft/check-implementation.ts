import { ImplementationError } from "../../harness/index.js";
import type { RaftImplementation } from "./contract.js";

/** What the default export must look like, as every refusal of a non-object says it. */
const SHAPE = "an object { make(peers, me, persister, applyCh, env), name? }";

/**
 * The default export of `--impl`'s module as a Raft implementation, or an ImplementationError
 * naming `where` and everything it lacks. A function is refused with a hint: exporting the peer's
 * class (or `make` itself) instead of `{ make }` is the likeliest slip, and the fix is one line.
 */
export function checkImplementation(candidate: unknown, where: string): RaftImplementation {
  if (typeof candidate === "function") {
    throw new ImplementationError(`${where}: the default export must be ${SHAPE}; got a function (export default { make: (...args) => new MyRaft(...args) })`);
  }
  if (typeof candidate !== "object" || candidate === null) {
    throw new ImplementationError(`${where}: the default export must be ${SHAPE}; got ${candidate === null ? "null" : typeof candidate}`);
  }
  const impl = candidate as Record<string, unknown>;
  const missing: string[] = [];
  if (typeof impl["make"] !== "function") missing.push(impl["make"] === undefined ? "make" : "make (present but not a function)");
  if (impl["name"] !== undefined && typeof impl["name"] !== "string") missing.push("name (present but not a string)");
  if (missing.length > 0) throw new ImplementationError(`${where}: the default export lacks ${missing.join(", ")}${anotherLab(impl)}`);
  return candidate as RaftImplementation;
}

/** A hint when the module is another lab's implementation: the likeliest reason `make` is missing. */
function anotherLab(impl: Record<string, unknown>): string {
  if (typeof impl["makeRsm"] === "function" || typeof impl["startKVServer"] === "function") return " (it looks like a replicated KV lab implementation: --lab kvraft takes it as --impl)";
  if (typeof impl["createServer"] === "function" || typeof impl["createClerk"] === "function") return " (it looks like a KV lab implementation: --lab kv takes it)";
  return "";
}
