/**
 * User code must take time and randomness from its LabEnv. For the code that forgets, a run
 * replaces `Math.random` and `Date.now` with deterministic stand-ins (a seeded stream, virtual
 * time) so the run stays a pure function of the seed, and records where they were called from so
 * the report can name the line. Real timers (`setTimeout`, `setInterval`, `setImmediate`) cannot be
 * made safe from outside, so they still run, but their call sites are recorded: when a run then
 * deadlocks, the error names them as the likely cause.
 */
import { dirname, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { stackFrames } from "./diagnostics/index.js";

/** The ambient APIs a run watches: the ones that would make it depend on the real world. */
export type AmbientApi = "Math.random" | "Date.now" | "setTimeout" | "setInterval" | "setImmediate";

/** One place in user code that reached for ambient time, randomness or timers during a run. */
export interface AmbientUse {
  api: AmbientApi;
  /** "file:line:column" of the first caller outside labnet. */
  site: string;
}

/** What the patched globals need from the running simulation. */
export interface AmbientHost {
  nowMs(): number;
  random(): number;
}

/**
 * Where ambient calls go while no simulation runs, and what the simulator itself must use. Typed
 * without Node's own types, so the published declarations compile in a project that lacks them.
 */
export const realSetImmediate: (callback: () => void) => unknown = globalThis.setImmediate;
const real = {
  random: Math.random,
  dateNow: Date.now,
  setTimeout: globalThis.setTimeout,
  setInterval: globalThis.setInterval,
  setImmediate: globalThis.setImmediate,
};

/** Virtual time starts at this wall-clock instant, so Date.now() looks like a real date. */
const VIRTUAL_EPOCH_MS = Date.UTC(2020, 0, 1);
/** Capturing a stack costs microseconds; after this many calls of one API, no more sites are sought. */
const SITES_PER_API = 16;

let active: { host: AmbientHost; uses: Map<string, AmbientUse>; captured: Map<AmbientApi, number> } | undefined;

/** Patches the globals for `host`'s run. Only one simulation may run at a time in a thread. */
export function installAmbient(host: AmbientHost): void {
  if (active) throw new Error("another Simulation is running in this thread; runs must not overlap");
  active = { host, uses: new Map(), captured: new Map() };
  Math.random = () => {
    note("Math.random");
    return active ? active.host.random() : real.random();
  };
  Date.now = () => {
    note("Date.now");
    return active ? VIRTUAL_EPOCH_MS + Math.floor(active.host.nowMs()) : real.dateNow();
  };
  const timers = globalThis as unknown as Record<string, unknown>;
  timers["setTimeout"] = recording("setTimeout", real.setTimeout);
  timers["setInterval"] = recording("setInterval", real.setInterval);
  timers["setImmediate"] = recording("setImmediate", real.setImmediate);
}

/** Restores the real globals and returns what was recorded. */
export function uninstallAmbient(): AmbientUse[] {
  const uses = active ? [...active.uses.values()] : [];
  active = undefined;
  Math.random = real.random;
  Date.now = real.dateNow;
  Object.assign(globalThis, { setTimeout: real.setTimeout, setInterval: real.setInterval, setImmediate: real.setImmediate });
  return uses;
}

/** The ambient uses recorded so far in the running simulation. */
export function ambientUses(): AmbientUse[] {
  return active ? [...active.uses.values()] : [];
}

function recording<F extends (...args: never[]) => unknown>(api: AmbientApi, original: F): F {
  return ((...args: Parameters<F>) => {
    note(api);
    return original(...args);
  }) as F;
}

function note(api: AmbientApi): void {
  if (!active) return;
  const captured = active.captured.get(api) ?? 0;
  if (captured >= SITES_PER_API) return;
  const site = callerSite(new Error().stack ?? "");
  if (site === LOADER) return;
  active.captured.set(api, captured + 1);
  const key = `${api} ${site}`;
  if (!active.uses.has(key)) active.uses.set(key, { api, site });
}

/**
 * The site of a call made by tsx, which loads a user's TypeScript: its own housekeeping (the expiry
 * of its disk cache, on an immediate it set at load time) may run in the middle of a run, and its
 * calls are the loader's, not the user's.
 */
const LOADER = "(tsx)";
const LOADER_FOLDER = `${sep}node_modules${sep}tsx${sep}`;

/** labnet's own folder: frames from here are the simulator's, never the user's. */
const labnetFolder = dirname(fileURLToPath(import.meta.url)) + sep;

/** The first stack frame that is neither labnet's nor Node's own, as `file:line:column`; LOADER for tsx's. */
function callerSite(stack: string): string {
  const frame = stackFrames(stack).find(({ file }) => !file.startsWith(labnetFolder));
  if (frame?.file.includes(LOADER_FOLDER)) return LOADER;
  if (frame) return `${frame.file}:${frame.line}:${frame.column}`;
  return "(unknown site)";
}
