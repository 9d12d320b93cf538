/**
 * kvlab/real: the key/value service over TCP. The client library and the lab's TCP `ClientEnd`
 * (so a clerk written for the simulation runs against a real kvs-server), the server, the
 * protocol, and the storage engines it runs on.
 *
 * @example
 * import { reference } from "kvlab";
 * import { TcpClientEnd, realTimeEnv } from "kvlab/real";
 * const clerk = reference.createClerk(new TcpClientEnd({ host: "127.0.0.1", port: 4000 }), realTimeEnv);
 * await clerk.put("k", "v", 0); // "OK"
 */
export { KvsClient, ClientError, TcpClientEnd, realTimeEnv, DEFAULT_TIMEOUT_MS, type ClientOptions, type ClientErrorCode } from "./client/index.js";
export { KvsServer } from "./server/index.js";
export { encodeFrame, FrameDecoder, parseRequest, parseAddress, formatAddress, ProtocolError, MAX_FRAME_BYTES, DEFAULT_ADDRESS } from "./protocol/index.js";
export type { Request, Response, Results, Command, Call, Address, ErrorCode } from "./protocol/index.js";
export { openDataDir, openEngine, type KvEngine, type EngineName, type SyncPolicy } from "./engine/index.js";
