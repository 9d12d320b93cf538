import type { KVImplementation } from "./contract.js";
import { ReferenceClerk } from "./reference-clerk.js";
import { ReferenceLock } from "./reference-lock.js";
import { ReferenceServer } from "./reference-server.js";

/** The reference implementation: what `kvlab test` runs when no --impl is given. */
export const reference: KVImplementation = {
  name: "reference",
  createServer: () => new ReferenceServer(),
  createClerk: (end, env) => new ReferenceClerk(end, env),
  createLock: (clerk, name, env) => new ReferenceLock(clerk, name, env),
};
