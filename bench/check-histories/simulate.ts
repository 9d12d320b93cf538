import seedrandom from "seedrandom";

/** The operations of Porcupine's kv model. */
export type KvFunction = "get" | "put" | "append";

/**
 * What a simulated run looks like. Clients run one operation at a time against one linearizable
 * store of `keys` registers; each operation takes effect at a random instant strictly inside its
 * interval. Times are integer ticks: calls and returns on even ticks, effects on odd ones, so no
 * effect ever coincides with another operation's call or return and real-time order always holds.
 */
export interface Workload {
  /** Clients running concurrently (each one operation at a time). */
  clients: number;
  /** Keys "0" .. keys-1, each chosen uniformly. */
  keys: number;
  /** Operations invoked in all, spanning ones and those that never return included. */
  operations: number;
  /** Relative weights of get, put and append. */
  mix: Record<KvFunction, number>;
  /** A client waits 0 .. maxGap ticks between two operations. */
  maxGap: number;
  /** An operation lasts 1 .. maxDuration ticks (or until the client gives up, for one never returning). */
  maxDuration: number;
  /**
   * Appends that never return (Jepsen's `:info`): each with probability `fraction`, or exactly
   * `count` of them (the `count` appends with the smallest draws, so a smaller count's set is part
   * of a larger one's on the same seed). The client then goes on as a new process.
   */
  unknown?: { fraction: number } | { count: number };
  /** Probability that an operation that never returns took effect anyway. */
  tookEffect: number;
  /** Operations (appends) called before every other and returning after every other, on extra clients. */
  spanning: number;
}

/** One simulated operation, with everything the log says about it and when it took effect. */
export interface SimOp {
  process: number;
  f: KvFunction;
  key: string;
  /** The argument of a put or append. */
  value: string | undefined;
  /** Tick of the call (even). */
  call: number;
  /** Tick of the return, or of the `:info` for one that never returns (even). */
  end: number;
  /** Tick at which it took effect (odd), undefined if it never did. */
  effect: number | undefined;
  outcome: "ok" | "info";
  /** What a get read. */
  read: string | undefined;
}

/** An operation before processes, unknown outcomes and values are settled. */
interface Draft {
  client: number;
  f: KvFunction;
  key: string;
  call: number;
  end: number;
  effect: number;
  unknownDraw: number;
  effectDraw: number;
  unknown: boolean;
}

/**
 * Runs the workload on a store seeded by `seed`: same workload and seed, same operations. Every
 * operation draws the same random numbers whatever is decided about it, so that workloads differing
 * only in their unknown outcomes share their timeline.
 */
export function simulate(workload: Workload, seed: string): SimOp[] {
  const rng = seedrandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const drafts = timeline(workload, rng, int);
  markUnknown(drafts, workload);
  return settle(drafts, workload);
}

function timeline(w: Workload, rng: () => number, int: (lo: number, hi: number) => number): Draft[] {
  const total = w.mix.get + w.mix.put + w.mix.append;
  const pick = (): KvFunction => {
    const r = rng() * total;
    return r < w.mix.get ? "get" : r < w.mix.get + w.mix.put ? "put" : "append";
  };
  const drafts: Draft[] = [];
  for (let s = 0; s < w.spanning; s++) {
    // Calls at tick 0; the end and effect are placed once the history's length is known.
    drafts.push({ client: w.clients + s, f: "append", key: String(int(0, w.keys - 1)), call: 0, end: 0, effect: rng(), unknownDraw: 1, effectDraw: 1, unknown: false });
  }
  const free = new Array<number>(w.clients).fill(0);
  let last = 0;
  for (let n = w.spanning; n < w.operations; n++) {
    let client = 0;
    for (let c = 1; c < w.clients; c++) if (free[c]! < free[client]!) client = c;
    const f = pick();
    const key = String(int(0, w.keys - 1));
    const call = free[client]! + int(0, w.maxGap);
    const end = call + int(1, w.maxDuration);
    const effect = int(call, end - 1);
    drafts.push({ client, f, key, call, end, effect, unknownDraw: rng(), effectDraw: rng(), unknown: false });
    free[client] = end;
    last = Math.max(last, end);
  }
  for (const d of drafts.slice(0, w.spanning)) {
    d.end = last + 1;
    d.effect = Math.floor(d.effect * d.end);
  }
  return drafts;
}

function markUnknown(drafts: Draft[], w: Workload): void {
  const spec = w.unknown;
  if (spec === undefined) return;
  const appends = drafts.filter((d) => d.f === "append" && d.client < w.clients);
  if ("fraction" in spec) {
    for (const d of appends) d.unknown = d.unknownDraw < spec.fraction;
    return;
  }
  if (appends.length < spec.count) throw new Error(`simulate: ${spec.count} appends never returning asked, but the run has only ${appends.length} appends`);
  for (const d of [...appends].sort((a, b) => a.unknownDraw - b.unknownDraw).slice(0, spec.count)) d.unknown = true;
}

/** Gives processes (a client goes on as a new process after an :info), values, effects and reads. */
function settle(drafts: Draft[], w: Workload): SimOp[] {
  const stride = w.clients + w.spanning;
  const process = Array.from({ length: stride }, (_, c) => c);
  const counter = new Array<number>(stride).fill(0);
  const ops = drafts.map((d): SimOp => {
    const p = process[d.client]!;
    const value = d.f === "get" ? undefined : `x ${p} ${counter[d.client]!++} y`;
    if (d.unknown) {
      process[d.client] = p + stride;
      counter[d.client] = 0;
    }
    const happened = !d.unknown || d.effectDraw < w.tookEffect;
    return { process: p, f: d.f, key: d.key, value, call: 2 * d.call, end: 2 * d.end, effect: happened ? 2 * d.effect + 1 : undefined, outcome: d.unknown ? "info" : "ok", read: undefined };
  });
  const store = new Map<string, string>();
  const order = ops.map((_, i) => i).filter((i) => ops[i]!.effect !== undefined);
  order.sort((a, b) => ops[a]!.effect! - ops[b]!.effect! || a - b);
  for (const i of order) {
    const op = ops[i]!;
    const state = store.get(op.key) ?? "";
    if (op.f === "get") op.read = state;
    else store.set(op.key, op.f === "put" ? op.value! : state + op.value!);
  }
  return ops;
}
