/** Clients of the kvs server: the pipelining client library and the lab's TCP ClientEnd. */
export { KvsClient, DEFAULT_TIMEOUT_MS, type ClientOptions } from "./client.js";
export { ClientError, type ClientErrorCode } from "./errors.js";
export { TcpClientEnd, realTimeEnv } from "./tcp-end.js";
