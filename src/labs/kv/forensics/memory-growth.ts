import { Session } from "node:inspector";
import { retainedBytes } from "../../../harness/index.js";

/** One place that holds memory: where it is, what it is, and how many bytes lie beneath it. */
export interface Holding {
  /** e.g. "server.answered", or "seen (in the closure of createServer)". */
  where: string;
  /** e.g. "a Map of 100,000 entries", "a string of 1,000 characters". */
  what: string;
  bytes: number;
}

/** Path segments named below the root; deeper values count toward their ancestor at this depth. */
const PATH_DEPTH = 4;
/** A part is reported rather than its parent when it holds at least this share of the parent. */
const MOSTLY = 0.9;

/** A value's kind in words, with its size when it is a container or a string. */
function describe(value: unknown, bytes: number): string {
  const n = (count: number) => count.toLocaleString("en-US");
  const each = (count: number) => (count > 1 ? ` (about ${n(Math.round(bytes / count))} bytes each)` : "");
  if (typeof value === "string") return `a string of ${n(value.length)} characters`;
  if (value instanceof Map) return `a Map of ${n(value.size)} entries${each(value.size)}`;
  if (value instanceof Set) return `a Set of ${n(value.size)} entries${each(value.size)}`;
  if (Array.isArray(value)) return `an array of ${n(value.length)} items${each(value.length)}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of ${n(value.byteLength)} bytes`;
  if (typeof value === "object" && value !== null) {
    const name = Object.getPrototypeOf(value)?.constructor?.name;
    return name && name !== "Object" ? `a ${name} object` : "an object";
  }
  return typeof value;
}

/**
 * The biggest parts of `root`, counted as the lab's retained-size walk counts them (strings by
 * length, numbers 8, each object or entry 8): every value's bytes count toward its property path
 * (`server.answered`, with a Map's, Set's or array's contents under `server.answered[…]`), and the
 * parts reported are the deepest ones that hold most of their parent, biggest first.
 */
export function biggestParts(root: unknown, name: string, limit = 3): Holding[] {
  const totals = new Map<string, { bytes: number; value: unknown }>();
  const seen = new Set<object>();
  const stack: { value: unknown; path: string[] }[] = [{ value: root, path: [name] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    let bytes = 0;
    if (typeof value === "string") bytes = value.length;
    else if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") bytes = 8;
    else if (typeof value === "object" && value !== null && !seen.has(value)) {
      seen.add(value);
      bytes = 8;
      const below = (segment: string) => (path.length > PATH_DEPTH ? path : [...path, segment]);
      const entries = below("[…]");
      if (value instanceof Map) for (const [k, v] of value) stack.push({ value: k, path: entries }, { value: v, path: entries });
      else if (value instanceof Set) for (const v of value) stack.push({ value: v, path: entries });
      else if (ArrayBuffer.isView(value)) bytes += value.byteLength;
      else if (Array.isArray(value)) for (const v of value) stack.push({ value: v, path: entries });
      else {
        for (const key of Object.keys(value)) {
          bytes += key.length; // a property's name, as the lab's walk counts it
          stack.push({ value: (value as Record<string, unknown>)[key], path: below(`.${key}`) });
        }
      }
    }
    if (bytes === 0) continue;
    for (let depth = 1; depth <= path.length; depth++) {
      const key = path.slice(0, depth).join("");
      const total = totals.get(key);
      if (total) total.bytes += bytes;
      else totals.set(key, { bytes, value: depth === path.length ? value : undefined });
    }
  }
  // A container's own path names it; its "[…]" path only gathers its contents.
  const named = [...totals].filter(([path, total]) => !path.endsWith("[…]") && total.value !== undefined);
  const leaves = named.filter(([path, total]) => !named.some(([other, part]) => other !== path && other.startsWith(path) && part.bytes >= MOSTLY * total.bytes));
  // Biggest first, and never a part of one already named (nor what contains it).
  const chosen: [string, { bytes: number; value: unknown }][] = [];
  for (const leaf of leaves.sort((a, b) => b[1].bytes - a[1].bytes)) {
    if (chosen.length < limit && !chosen.some(([path]) => path.startsWith(leaf[0]) || leaf[0].startsWith(path))) chosen.push(leaf);
  }
  return chosen.map(([path, total]) => ({ where: path, what: describe(total.value, total.bytes), bytes: total.bytes }));
}

/**
 * What the server holds where a walk of its properties cannot see: its private fields (#history),
 * and what its functions hold in their closures and module scopes (a Map made in createServer and
 * used by the handlers, or one at the top of the module). V8's inspector lists both; each value
 * there that is an object or a string is weighed as the walk weighs the server. Biggest first.
 */
export function closureParts(server: unknown, limit = 3): Holding[] {
  if (typeof server !== "object" || server === null) return [];
  const session = new Session();
  session.connect();
  const post = <R>(method: string, params: object): R => {
    let result: R | undefined;
    let failure: Error | null = null;
    // A session connected to its own thread answers synchronously.
    session.post(method, params, (error, answer) => {
      failure = error;
      result = answer as R;
    });
    if (failure) throw failure;
    return result!;
  };
  const probe = "__kvlabClosureProbe";
  // The inspector's id of a value of this thread, handed over through a global.
  const objectIdOf = (value: unknown): string => {
    (globalThis as Record<string, unknown>)[probe] = value;
    return post<{ result: { objectId: string } }>("Runtime.evaluate", { expression: `globalThis.${probe}` }).result.objectId;
  };
  const holdings = new Map<string, Holding>();
  try {
    // The server's private fields (#history), which no property listing shows.
    const serverId = objectIdOf(server);
    const own = post<{ privateProperties?: { name: string; value?: { objectId?: string; value?: unknown } }[] }>("Runtime.getProperties", { objectId: serverId, ownProperties: true });
    for (const field of own.privateProperties ?? []) {
      const value = field.value?.objectId ? fetch(post, field.value.objectId, probe) : field.value?.value;
      if (typeof value === "function" || (typeof value !== "object" && typeof value !== "string") || value === null) continue;
      const bytes = retainedBytes(value);
      holdings.set(`server.${field.name}`, { where: `server.${field.name} (a private field)`, what: describe(value, bytes), bytes });
    }
    for (const [method, fn] of functionsOf(server)) {
      const fnId = objectIdOf(fn);
      const internal = post<{ internalProperties?: { name: string; value?: { objectId?: string } }[] }>("Runtime.getProperties", { objectId: fnId, ownProperties: true });
      const scopesId = internal.internalProperties?.find((p) => p.name === "[[Scopes]]")?.value?.objectId;
      if (!scopesId) continue;
      const scopes = post<{ result: { value?: { objectId?: string; description?: string } }[] }>("Runtime.getProperties", { objectId: scopesId, ownProperties: true }).result;
      for (const scope of scopes) {
        const description = scope.value?.description ?? "";
        if (!scope.value?.objectId || !/^(Closure|Module|Script|Block)/.test(description)) continue;
        const vars = post<{ result: { name: string; value?: { objectId?: string; type?: string; value?: unknown } }[] }>("Runtime.getProperties", { objectId: scope.value.objectId, ownProperties: true }).result;
        for (const variable of vars) {
          if (holdings.has(variable.name + description)) continue;
          const value = variable.value?.objectId ? fetch(post, variable.value.objectId, probe) : variable.value?.value;
          if (typeof value === "function" || value === server || (typeof value !== "object" && typeof value !== "string") || value === null) continue;
          const bytes = retainedBytes(value);
          holdings.set(variable.name + description, { where: `${variable.name} (${scopeWords(description)}, used by ${method})`, what: describe(value, bytes), bytes });
        }
      }
    }
  } finally {
    delete (globalThis as Record<string, unknown>)[probe];
    session.disconnect();
  }
  return [...holdings.values()].filter((h) => h.bytes > 0).sort((a, b) => b.bytes - a.bytes).slice(0, limit);
}

/** Where a scope is, in words, from the inspector's description ("Closure (createServer)", "Module"). */
function scopeWords(description: string): string {
  const named = /^Closure \((.+)\)$/.exec(description)?.[1];
  if (named) return `in the closure of ${named}`;
  if (description.startsWith("Closure")) return "in an enclosing scope: the module's top level or a function around the server";
  return "at the top level of its module";
}

/** The object the inspector calls `objectId`, brought back as a value. */
function fetch(post: <R>(method: string, params: object) => R, objectId: string, probe: string): unknown {
  post("Runtime.callFunctionOn", { objectId, functionDeclaration: `function () { globalThis.${probe} = this; }` });
  return (globalThis as Record<string, unknown>)[probe];
}

/** The server's own functions and its class's methods, by name (not Object's). */
function functionsOf(server: object): [string, Function][] {
  const found = new Map<Function, string>();
  for (let proto: object | null = server; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, key);
      for (const fn of [descriptor?.value, descriptor?.get, descriptor?.set]) if (typeof fn === "function" && !found.has(fn)) found.set(fn, key);
    }
  }
  return [...found].map(([fn, name]) => [name, fn]);
}

/** A closure variable smaller than this is not worth naming beside a memory failure. */
const CLOSURE_WORTH_NAMING = 4096;

/**
 * A memory failure in words: what the server object holds in all and per client, its biggest
 * parts, and what its functions hold in closures or module scope (which the server object's walk
 * cannot see); when neither holds much, that the growth is elsewhere in the heap, and where to look.
 */
export function explainMemory(server: unknown, clients: number): string[] {
  const n = (count: number) => Math.round(count).toLocaleString("en-US");
  const perClient = (bytes: number) => (clients > 0 ? `, ${(bytes / clients).toLocaleString("en-US", { maximumFractionDigits: 1 })} per client` : "");
  const line = (part: Holding) => `  - ${part.where}: ${part.what}, ${n(part.bytes)} bytes${perClient(part.bytes)}`;
  const total = retainedBytes(server);
  const lines = [`The server object holds ${n(total)} bytes by the lab's walk (strings by length, 8 per number and per object)${perClient(total)} after ${n(clients)} clients. Its biggest parts:`];
  // Parts under 1% of the whole are not what grew.
  lines.push(...biggestParts(server, "server").filter((part, i) => i === 0 || part.bytes * 100 >= total).map(line));
  const closures = closureParts(server).filter((part) => part.bytes >= CLOSURE_WORTH_NAMING);
  if (closures.length > 0) {
    lines.push("Held where a walk of the server object's properties does not look (private fields, closures, module scope):");
    lines.push(...closures.map(line));
  } else if (total < CLOSURE_WORTH_NAMING * 16) {
    lines.push(
      "Neither the server object, its private fields nor its functions' closures hold much, so what grew is elsewhere in the heap: look for what the handlers leave behind (promises that never settle, timers, entries in another module's table) or a closure made per request.",
    );
  }
  lines.push("A server needs only each key's current value and version: anything kept per client or per request (a table of past requests, old values) grows with every client.");
  return lines;
}
