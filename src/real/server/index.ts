/** Servers of the protocol: kvs-server on an engine, and the base every protocol server shares. */
export { KvsServer } from "./server.js";
export { ProtocolServer, type ServedRequest } from "./protocol-server.js";
export { isLoopback, SHUTDOWN_TOKEN_ENV } from "./exposure.js";
export { DEFAULT_LIMITS, MAX_TIMEOUT_MS, type ServerLimits } from "./limits.js";
