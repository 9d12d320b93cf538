import type { ErrorCode } from "../protocol/index.js";

/**
 * Why a client call failed: a server's error code, or one of the client's own — `Timeout` (no
 * reply in time; the request may still have been applied) and `Disconnected` (no connection, or it
 * closed before the reply; the same uncertainty).
 */
export type ClientErrorCode = ErrorCode | "Timeout" | "Disconnected";

export class ClientError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ClientError";
  }
}
