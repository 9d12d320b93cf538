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
 *
 * The front/data pair's client API is here too: `PairStore.connect(host, port)` and the descriptor
 * functions `kvConnect`, `kvWrite`, `kvRead`, `kvDelete`, `kvClose` (see docs/pair.md).
 */
export { KvsClient, ClientError, TcpClientEnd, realTimeEnv, DEFAULT_TIMEOUT_MS, type ClientOptions, type ClientErrorCode } from "./client/index.js";
export { KvsServer } from "./server/index.js";
export { encodeFrame, FrameDecoder, parseRequest, parseAddress, formatAddress, ProtocolError, MAX_FRAME_BYTES, DEFAULT_ADDRESS } from "./protocol/index.js";
export type { Request, Response, Results, Command, Call, Address, ErrorCode, PairProcess, PairStatus } from "./protocol/index.js";
export { PairStore, kvConnect, kvWrite, kvRead, kvDelete, kvClose, kvLastError, KV_OK, KV_ERROR, KV_EXISTS, KV_MISSING } from "./pair/index.js";
export type { WriteResult, DeleteResult, ReadResult, StoreOptions } from "./pair/index.js";
export { openDataDir, openEngine, type KvEngine, type EngineName, type SyncPolicy } from "./engine/index.js";
