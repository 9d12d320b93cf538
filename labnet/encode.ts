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
  // The fast walk builds no path and keeps no ancestors (per field, those cost a fifth of a round
  // trip). A value it cannot send, or one nested deeper than any message should be (a cycle is
  // infinitely deep), is walked again carefully, with paths and ancestors, to name the culprit.
  try {
    const state: CopyState = { bytes: 0, depth: 0 };
    return { value: copyValue(value, undefined, state) as T, bytes: state.bytes };
  } catch (error) {
    if (error !== UNENCODABLE) throw error;
    const state: CopyState = { bytes: 0, depth: 0, ancestors: [] };
    return { value: copyValue(value, path, state) as T, bytes: state.bytes };
  }
}

/** Thrown by the fast walk, which names nothing; encode then walks again carefully. */
const UNENCODABLE = new Error("unencodable");
/** Nesting past which the fast walk suspects a cycle and leaves the value to the careful walk. */
const FAST_DEPTH = 64;

interface CopyState {
  bytes: number;
  depth: number;
  /** Only on the careful walk: the objects enclosing the current one, to name a cycle. */
  ancestors?: object[];
}

/** A value's path in errors, or undefined on the fast walk (which builds none). */
type Path = string | undefined;

function refuse(path: Path, problem: string): never {
  throw path === undefined ? UNENCODABLE : new EncodeError(`${path} ${problem}`);
}

function copyValue(value: unknown, path: Path, state: CopyState): unknown {
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

function copyObject(value: object, path: Path, state: CopyState): unknown {
  if (state.ancestors ? state.ancestors.includes(value) : state.depth > FAST_DEPTH) refuse(path, "refers back to an enclosing object (a cycle)");
  if (value instanceof Uint8Array) {
    state.bytes += TAG + 4 + value.byteLength;
    return value.slice();
  }
  state.ancestors?.push(value);
  state.depth++;
  let copy: unknown;
  if (Array.isArray(value)) {
    state.bytes += TAG + 4;
    const array = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) array[i] = copyValue(value[i], path === undefined ? undefined : `${path}[${i}]`, state);
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
      record[key] = copyValue((value as Record<string, unknown>)[key], path === undefined ? undefined : `${path}.${key}`, state);
    }
    copy = record;
  }
  state.ancestors?.pop();
  state.depth--;
  return copy;
}

/** Below this length a JavaScript ASCII scan beats the native call; above it, the native call wins. */
const SHORT_STRING = 32;

/** UTF-8 length. */
function byteLength(text: string): number {
  if (text.length > SHORT_STRING) return Buffer.byteLength(text, "utf8");
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return Buffer.byteLength(text, "utf8");
  return text.length;
}
