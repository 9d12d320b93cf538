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
  const state = { bytes: 0, ancestors: [] as object[] };
  const copy = copyValue(value, path, state) as T;
  return { value: copy, bytes: state.bytes };
}

interface CopyState {
  bytes: number;
  ancestors: object[];
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
      throw new EncodeError(`${path} is undefined; an RPC field must hold a value (use null for "none")`);
    default:
      throw new EncodeError(`${path} is a ${typeof value}; RPC messages carry only plain data`);
  }
}

function copyObject(value: object, path: string, state: CopyState): unknown {
  if (state.ancestors.includes(value)) throw new EncodeError(`${path} refers back to an enclosing object (a cycle)`);
  if (value instanceof Uint8Array) {
    state.bytes += TAG + 4 + value.byteLength;
    return value.slice();
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
      throw new EncodeError(`${path} is a ${kind}; RPC messages carry only plain objects, arrays and primitives`);
    }
    state.bytes += TAG + 4;
    const record: Record<string, unknown> = {};
    for (const key in value) {
      state.bytes += byteLength(key) + 1;
      record[key] = copyValue((value as Record<string, unknown>)[key], `${path}.${key}`, state);
    }
    copy = record;
  }
  state.ancestors.pop();
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
