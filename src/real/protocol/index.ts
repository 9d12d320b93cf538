/**
 * The kvs protocol: length-prefixed MessagePack frames over TCP, requests with ids so a connection
 * can pipeline, typed error codes. docs/protocol.md describes it for other implementations.
 */
export { encodeFrame, FrameDecoder, MAX_FRAME_BYTES, HEADER_BYTES } from "./frame.js";
export { parseRequest, parseResponse, internalError, type Request, type Response, type Results, type Command, type Call, type PairProcess, type PairStatus } from "./messages.js";
export { parseAddress, formatAddress, DEFAULT_ADDRESS, type Address } from "./address.js";
export { ProtocolError, type ErrorCode } from "./errors.js";
