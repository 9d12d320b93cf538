import { ImplementationError } from "../../harness/index.js";
import type { KVRaftImplementation } from "./contract.js";

/** The functions a KVRaftImplementation has, in the order a refusal names them. */
const REQUIRED = ["makeRsm", "startKVServer", "makeClerk"] as const;

/** What the default export must look like, as every refusal of a non-object says it. */
const SHAPE = "an object { makeRsm(servers, me, persister, maxRaftState, sm, env, raft), startKVServer(servers, me, persister, maxRaftState, env, raft), makeClerk(servers, env), name? }";

/**
 * The default export of `--impl`'s module as the replicated KV lab's implementation (the KV layer;
 * the Raft under it is `--raft`'s), or an ImplementationError naming `where` and everything it
 * lacks. A Raft given as `--impl` is the likeliest slip (it belongs to `--raft`): its refusal says so.
 */
export function checkImplementation(candidate: unknown, where: string): KVRaftImplementation {
  if (typeof candidate !== "object" || candidate === null) {
    throw new ImplementationError(`${where}: the default export must be ${SHAPE}; got ${candidate === null ? "null" : typeof candidate}`);
  }
  const impl = candidate as Record<string, unknown>;
  const missing: string[] = REQUIRED.filter((name) => typeof impl[name] !== "function").map((name) => (impl[name] === undefined ? name : `${name} (present but not a function)`));
  if (impl["name"] !== undefined && typeof impl["name"] !== "string") missing.push("name (present but not a string)");
  if (missing.length === 0) return candidate as KVRaftImplementation;
  const raft = typeof impl["make"] === "function" ? " (it looks like a Raft: give that module as --raft, and your KV layer as --impl)" : "";
  throw new ImplementationError(`${where}: the default export lacks ${missing.join(", ")}${raft}`);
}
