/**
 * Decodes a request body. The shape clients send (a fixmap of the request's own fields, each once,
 * named by fixstrs, with strings and unsigned integers under 2^32) is read straight from the bytes:
 * the server's hot path, where building the map through msgpackr and then checking it cost more
 * than the engine's write. Everything else (another encoding of the same value, a field the
 * protocol does not name, a malformed body, a request that does not parse) takes the general way, msgpackr and then `parseRequest`, so the result and every error are
 * exactly what they would be without the fast path.
 */
import { decodeMessage } from "./frame.js";
import { isUtf8 } from "node:buffer";
import { ProtocolError } from "./errors.js";
import { parseRequest, type Request } from "./messages.js";
import { invalidUtf8At } from "./utf8.js";

/** The request in `body`; throws the `BadFrame` or `BadRequest` that the general way (`parseGeneral`) would. */
export function decodeRequest(body: Buffer): Request {
  return readRequest(body) ?? parseGeneral(body);
}

/**
 * The general way: msgpackr, then parseRequest; then every string of the body must be UTF-8. A
 * decoder turns bytes that are not (a surrogate encoded on its own, say) into U+FFFD, so a value
 * holding them would be stored changed: it is refused instead.
 */
export function parseGeneral(body: Buffer): Request {
  const request = parseRequest(decodeMessage(body));
  const invalid = invalidUtf8At(body);
  if (invalid !== undefined) throw new ProtocolError("BadRequest", `a string in the request is not UTF-8 (at byte ${invalid} of the body): it would be stored changed`, request.id);
  return request;
}

// Fields, as bits of the mask of those present.
const ID = 1;
const CMD = 2;
const KEY = 4;
const VALUE = 8;
const VERSION = 16;

/** Each command's required fields (beside id and cmd), as a mask. */
const REQUIRED: Readonly<Record<string, number>> = { get: KEY, set: KEY | VALUE, put: KEY | VALUE | VERSION, rm: KEY, del: KEY | VERSION, where: 0, status: 0, shutdown: 0 };

/** Where the value just read ends: set by readUint and readString. */
let end = 0;

/** The request, or undefined when the body is not in the fast shape (or not a valid request). */
function readRequest(body: Buffer): Request | undefined {
  const head = body[0];
  if (head === undefined || (head & 0xf0) !== 0x80) return undefined;
  let present = 0;
  let id = 0;
  let version = 0;
  let cmd: string | undefined;
  let key: string | undefined;
  let value: string | undefined;
  let at = 1;
  for (let pairs = head & 0x0f; pairs > 0; pairs--) {
    const field = fieldAt(body, at);
    if (field === 0 || (present & field) !== 0) return undefined; // a duplicate: msgpackr's last-wins is left to it
    present |= field;
    at += 1 + (body[at]! & 0x1f);
    if (field === ID || field === VERSION) {
      const n = readUint(body, at);
      if (n < 0) return undefined;
      if (field === ID) id = n;
      else version = n;
    } else {
      const text = readString(body, at);
      if (text === undefined) return undefined;
      if (field === CMD) cmd = text;
      else if (field === KEY) key = text;
      else value = text;
    }
    at = end;
  }
  if (at !== body.length || (present & (ID | CMD)) !== (ID | CMD) || !Object.hasOwn(REQUIRED, cmd!)) return undefined;
  const required = REQUIRED[cmd!]!;
  if ((present & required) !== required) return undefined;
  // The fields present, whether the command uses them or not: parseRequest keeps them too.
  const request: Record<string, unknown> = { id, cmd };
  if (present & KEY) request.key = key;
  if (present & VALUE) request.value = value;
  if (present & VERSION) request.version = version;
  return request as Request;
}

/** The field whose name is the fixstr at `at`, or 0 for any other name or encoding. */
function fieldAt(body: Buffer, at: number): number {
  const head = body[at];
  if (head === undefined || (head & 0xe0) !== 0xa0 || at + 1 + (head & 0x1f) > body.length) return 0;
  // No helper closure here: the server runs under tsx too, whose keepNames makes every closure created per call costly.
  switch (head & 0x1f) {
    case 2:
      return body[at + 1] === 0x69 && body[at + 2] === 0x64 ? ID : 0; // "id"
    case 3:
      if (body[at + 1] === 0x63 && body[at + 2] === 0x6d && body[at + 3] === 0x64) return CMD; // "cmd"
      return body[at + 1] === 0x6b && body[at + 2] === 0x65 && body[at + 3] === 0x79 ? KEY : 0; // "key"
    case 5:
      return sameBytes(body, at + 1, VALUE_NAME) ? VALUE : 0;
    case 7:
      return sameBytes(body, at + 1, VERSION_NAME) ? VERSION : 0;
    default:
      return 0;
  }
}

const VALUE_NAME = Buffer.from("value");
const VERSION_NAME = Buffer.from("version");

function sameBytes(body: Buffer, at: number, bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (body[at + i] !== bytes[i]) return false;
  return true;
}

/** A positive fixint, uint8, uint16 or uint32 at `at`; -1 for anything else. */
function readUint(body: Buffer, at: number): number {
  const head = body[at];
  if (head === undefined) return -1;
  if (head < 0x80) return (end = at + 1), head;
  const size = head === 0xcc ? 1 : head === 0xcd ? 2 : head === 0xce ? 4 : 0;
  if (size === 0 || at + 1 + size > body.length) return -1;
  end = at + 1 + size;
  return body.readUIntBE(at + 1, size);
}

/** A fixstr, str8, str16 or str32 at `at`; undefined for anything else. */
function readString(body: Buffer, at: number): string | undefined {
  const head = body[at];
  if (head === undefined) return undefined;
  let start: number;
  let length: number;
  if ((head & 0xe0) === 0xa0) (start = at + 1), (length = head & 0x1f);
  else if (head === 0xd9 && at + 2 <= body.length) (start = at + 2), (length = body[at + 1]!);
  else if (head === 0xda && at + 3 <= body.length) (start = at + 3), (length = body.readUInt16BE(at + 1));
  else if (head === 0xdb && at + 5 <= body.length) (start = at + 5), (length = body.readUInt32BE(at + 1));
  else return undefined;
  const stop = start + length;
  if (stop > body.length) return undefined;
  end = stop;
  const text = body.toString("utf8", start, stop);
  // Bytes that are not UTF-8 decode as U+FFFD: only then are they checked (a native call per
  // string costs the hot path more), and left to the general way, which refuses them.
  if (text.includes("\ufffd") && !isUtf8(body.subarray(start, stop))) return undefined;
  return text;
}
