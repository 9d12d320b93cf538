/** The KV lab's contract (what users implement) and the reference implementation. */
export type { Err, GetArgs, GetReply, PutArgs, PutReply, KVService, Clerk, Lock, KVImplementation, ClientEnd, LabEnv } from "./contract.js";
export { ReferenceServer } from "./reference-server.js";
export { ReferenceClerk, RETRY_MS } from "./reference-clerk.js";
export { ReferenceLock, randomId } from "./reference-lock.js";
export { reference } from "./reference.js";
