/**
 * The error codes a reply can carry. The first five are protocol errors: the server sends one and
 * then closes that connection, since after a bad frame it can no longer tell where the next one
 * starts (or, for a request it cannot parse, it cannot trust the client). The others leave the
 * connection open.
 */
export type ErrorCode =
  /** A frame's length prefix is over the limit. */
  | "FrameTooLarge"
  /** A frame's body is not one MessagePack value. */
  | "BadFrame"
  /** A body that decodes but is not a request: not a map, no id, an unknown command, a missing field. */
  | "BadRequest"
  /** A frame still unfinished when the frame timeout (from its first byte) ran out. */
  | "FrameTimeout"
  /** A frame that would take the bytes the server holds for unfinished frames, across all connections, past their bound. */
  | "Overloaded"
  /** `rm` of a key that does not exist. */
  | "KeyNotFound"
  /** A command this server does not serve (data commands sent to the front server, `status` to a data server). */
  | "Unsupported"
  /** A `shutdown` the server refuses: a missing or wrong token, or none set on a server bound beyond loopback. */
  | "Unauthorized"
  /** The server is stopping and takes no new requests. */
  | "ShuttingDown"
  /** The engine failed (a disk error, say); the message says how. */
  | "Internal";

/**
 * An error that travels as a reply: one found while decoding (after which the server closes the
 * connection), or a command's own, such as `KeyNotFound`.
 */
export class ProtocolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The request's id when it could be read, so the client can match the error to its call. */
    readonly id: number | null = null,
  ) {
    super(message);
    this.name = "ProtocolError";
  }
}
