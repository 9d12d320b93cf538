// Bug: the server is an object literal whose methods close over its state, and put pushes every
// value it replaces onto a list in that closure (an "undo" nobody asked for). No property of the
// server object shows it; the memory grows with every put all the same.
import type { GetArgs, PutArgs } from "kvlab";
import correct from "../my-kv.js";

function createServer() {
  const data = new Map<string, { value: string; version: number }>();
  const replaced: string[] = [];
  return {
    get({ key }: GetArgs) {
      const entry = data.get(key);
      return entry ? { ...entry, err: "OK" as const } : { value: "", version: 0, err: "ErrNoKey" as const };
    },
    put({ key, value, version }: PutArgs) {
      const entry = data.get(key);
      if (entry ? entry.version !== version : version !== 0) return { err: entry ? ("ErrVersion" as const) : ("ErrNoKey" as const) };
      if (entry) replaced.push(entry.value);
      data.set(key, { value, version: version + 1 });
      return { err: "OK" as const };
    },
  };
}

export default { ...correct, name: "server-keeps-old-values-in-closure", createServer } satisfies typeof correct;
