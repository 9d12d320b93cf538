/**
 * Crossing the network: what labgob does for labrpc. A message is copied field by field, so the
 * receiver never shares a reference with the sender, and measured, so the byte counts mean
 * something. Only plain data crosses: objects, arrays, strings, finite or not numbers, booleans,
 * null and Uint8Array. Anything else (a function, a Map, a class instance, an undefined field, a
 * cycle) is an error that names the field, because it would not survive a real wire either.
 *
 * @example
 * const { value, bytes } = encode({ key: "k", version: 1 }, "put args"); // a fresh copy, ~20 bytes
 * encode({ key: undefined }, "put args"); // throws: put args.key is undefined; ...
 */
export class EncodeError extends TypeError {
  override name = "EncodeError";
}

/** Bytes a value of each kind takes on our notional wire: a tag plus its payload. */
const TAG = 1;
const NUMBER_BYTES = 8;

export interface Encoded<T> {
  value: T;
  bytes: number;
}

/** Copies `value`, counting its encoded size; `path` names it in errors (e.g. "put args"). */
export function encode<T>(value: T, path: string): Encoded<T> {
  return tryEncode(value) ?? carefulEncode(value, path);
}

/**
 * The same copy without a path: undefined when the value cannot cross (or is nested deeper than
 * the fast walk follows), so that the caller builds the path for `encode` only then. The network
 * copies every message twice a round trip, and a path built for each would cost a string apiece.
 */
export function tryEncode<T>(value: T): Encoded<T> | undefined {
  // A getter of the value's could send a message of its own, so the running count is saved.
  const outer = fastBytes;
  fastBytes = 0;
  try {
    const copy = fastValue(value, 0) as T;
    return { value: copy, bytes: fastBytes };
  } catch (error) {
    if (error !== UNENCODABLE) throw error;
    return undefined;
  } finally {
    fastBytes = outer;
  }
}

/** Thrown by the fast walk, which names nothing; encode then walks again carefully. */
const UNENCODABLE = new Error("unencodable");
/** Nesting past which the fast walk suspects a cycle and leaves the value to the careful walk. */
const FAST_DEPTH = 64;
/** The fast walk's byte count: one number, not an object per message. */
let fastBytes = 0;

// The fast walk builds no path and keeps no ancestors (per field, those cost a fifth of a round
// trip). A value it cannot send, or one nested deeper than any message should be (a cycle is
// infinitely deep), is walked again carefully, with paths and ancestors, to name the culprit.
// Both walks accept exactly the same values and count the same bytes.

function fastValue(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case "string":
      fastBytes += TAG + 4 + byteLength(value);
      return value;
    case "number":
      fastBytes += TAG + NUMBER_BYTES;
      return value;
    case "boolean":
      fastBytes += TAG + 1;
      return value;
    case "object":
      if (value === null) {
        fastBytes += TAG;
        return null;
      }
      return fastObject(value, depth);
    default:
      throw UNENCODABLE;
  }
}

function fastObject(value: object, depth: number): unknown {
  if (depth > FAST_DEPTH) throw UNENCODABLE;
  if (Array.isArray(value)) {
    fastBytes += TAG + 4;
    const array = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) array[i] = fastValue(value[i], depth + 1);
    return array;
  }
  // Plain objects first: nearly every message is one.
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    fastBytes += TAG + 4;
    const record: Record<string, unknown> = {};
    for (const key in value) {
      fastBytes += byteLength(key) + 1;
      setField(record, key, fastValue((value as Record<string, unknown>)[key], depth + 1));
    }
    return record;
  }
  if (value instanceof Uint8Array) {
    fastBytes += TAG + 4 + value.byteLength;
    return copyBytes(value);
  }
  throw UNENCODABLE;
}

/**
 * Sets one field of a copy. An own "__proto__" key (JSON.parse makes them) is a field like any
 * other: assigned, it would set the copy's prototype instead.
 */
function setField(record: Record<string, unknown>, key: string, field: unknown): void {
  if (key === "__proto__") Object.defineProperty(record, key, { value: field, enumerable: true, writable: true, configurable: true });
  else record[key] = field;
}

/** The careful walk's state: the bytes so far and the objects enclosing the current one. */
interface CopyState {
  bytes: number;
  ancestors: object[];
}

/**
 * The careful walk alone, for a value `tryEncode` refused: the caller that tried the fast walk
 * first builds its path only now, and no getter of the value runs a third time.
 */
export function carefulEncode<T>(value: T, path: string): Encoded<T> {
  const state: CopyState = { bytes: 0, ancestors: [] };
  return { value: copyValue(value, path, state) as T, bytes: state.bytes };
}

function refuse(path: string, problem: string): never {
  throw new EncodeError(`${path} ${problem}`);
}

function copyValue(value: unknown, path: string, state: CopyState): unknown {
  switch (typeof value) {
    case "string":
      state.bytes += TAG + 4 + byteLength(value);
      return value;
    case "number":
      state.bytes += TAG + NUMBER_BYTES;
      return value;
    case "boolean":
      state.bytes += TAG + 1;
      return value;
    case "object":
      if (value === null) {
        state.bytes += TAG;
        return null;
      }
      return copyObject(value, path, state);
    case "undefined":
      return refuse(path, 'is undefined; an RPC field must hold a value (use null for "none")');
    default:
      return refuse(path, `is a ${typeof value}; RPC messages carry only plain data`);
  }
}

function copyObject(value: object, path: string, state: CopyState): unknown {
  if (state.ancestors.includes(value)) refuse(path, "refers back to an enclosing object (a cycle)");
  // An array is an array first, as on the fast walk, whatever its prototype says.
  if (!Array.isArray(value) && value instanceof Uint8Array) {
    state.bytes += TAG + 4 + value.byteLength;
    return copyBytes(value);
  }
  state.ancestors.push(value);
  let copy: unknown;
  if (Array.isArray(value)) {
    state.bytes += TAG + 4;
    const array = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) array[i] = copyValue(value[i], `${path}[${i}]`, state);
    copy = array;
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (value.constructor as { name?: string } | undefined)?.name ?? "non-plain object";
      refuse(path, `is a ${kind}; RPC messages carry only plain objects, arrays and primitives`);
    }
    state.bytes += TAG + 4;
    const record: Record<string, unknown> = {};
    for (const key in value) {
      state.bytes += byteLength(key) + 1;
      setField(record, key, copyValue((value as Record<string, unknown>)[key], `${path}.${key}`, state));
    }
    copy = record;
  }
  state.ancestors.pop();
  return copy;
}

/**
 * A fresh copy of the bytes, of the value's own kind: a Buffer's own slice shares its memory, so
 * the receiver of a Buffer would write into the sender's.
 */
function copyBytes(value: Uint8Array): Uint8Array {
  return Uint8Array.prototype.slice.call(value);
}

/** Below this length a JavaScript ASCII scan beats the native call; above it, the native call wins. */
const SHORT_STRING = 32;

/** UTF-8 length. */
function byteLength(text: string): number {
  if (text.length > SHORT_STRING) return Buffer.byteLength(text, "utf8");
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return Buffer.byteLength(text, "utf8");
  return text.length;
}
