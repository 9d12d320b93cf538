// What a sequential round trip costs at the least: a minimal simulator (a binary heap of events,
// one promise per call, one setImmediate per event so that every microtask runs between two
// events, as in labnet) running the labnet workload, with each of labnet's per-message duties
// switched on in turn, using labnet's own code for them:
// - copy: each message copied and measured on its way (tryEncode), request and reply;
// - hash: four trace events a round trip (send, execute, reply, deliver) fed to labnet's Trace;
// - keyed: the message's key and its two latency draws (mixKey5, keyedUniform).
// labnet does all three and more (fault decisions, topology, exchange bookkeeping); this puts a
// ceiling on what it can reach with its event loop, beside the target.
import { tryEncode } from "../labnet/encode.js";
import { keyedUniform, mixKey5, nameKey } from "../labnet/rng.js";
import { Trace } from "../labnet/trace.js";

/** Which of labnet's per-message duties the loop performs. */
export interface Duties {
  copy: boolean;
  hash: boolean;
  keyed: boolean;
}

interface Event {
  time: number;
  order: number;
  fire: () => void;
}

/** A binary min-heap of events by (time, order). */
class Heap {
  private readonly events: Event[] = [];
  get size(): number {
    return this.events.length;
  }
  push(event: Event): void {
    const heap = this.events;
    let i = heap.length;
    heap.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!earlier(event, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = event;
  }
  pop(): Event {
    const heap = this.events;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && earlier(heap[right]!, heap[left]!) ? right : left;
      if (!earlier(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

const earlier = (a: Event, b: Event) => a.time < b.time || (a.time === b.time && a.order < b.order);

/** Round trips per wall second of `calls` sequential calls with `duties` on. */
async function roundTripsPerSecond(duties: Duties, calls: number): Promise<number> {
  const heap = new Heap();
  const trace = new Trace(false);
  const data = new Map([["k", "v"]]);
  const label = { label: "c#1 get→kv" };
  let clock = 0;
  let order = 0;
  let seq = 0;
  const schedule = (delay: number, fire: () => void) => heap.push({ time: clock + delay, order: order++, fire });
  const latency = (key: number, slot: number) => (duties.keyed ? Math.floor((0.05 + keyedUniform(key, slot) * 0.1) * 1000) : 100);
  const handler = (args: { key: string }) => ({ value: data.get(args.key) ?? "", version: 1, err: "OK" });
  const call = (method: string, args: { key: string }) =>
    new Promise<unknown>((resolve) => {
      const key = duties.keyed ? mixKey5(7, 11, nameKey("kv"), nameKey(method), ++seq) : 0;
      const request = duties.copy ? tryEncode(args)!.value : args;
      if (duties.hash) trace.add("send", clock, key, label, undefined, 12);
      schedule(latency(key, 0), () => {
        if (duties.hash) trace.add("execute", clock, key, label);
        const result = handler(request);
        const reply = duties.copy ? tryEncode(result)!.value : result;
        if (duties.hash) trace.add("reply", clock, key, label, undefined, 40);
        schedule(latency(key, 10), () => {
          if (duties.hash) trace.add("deliver", clock, key, label);
          resolve(reply);
        });
      });
    });
  let done = false;
  const start = performance.now();
  void (async () => {
    for (let i = 0; i < calls; i++) await call("get", { key: "k" });
    done = true;
  })();
  await new Promise<void>((finish, stuck) => {
    let left = 0;
    const step = () => {
      if (done) return finish();
      if (heap.size === 0) return stuck(new Error("the floor's loop ran out of events before its calls finished"));
      const event = heap.pop();
      clock = event.time;
      event.fire();
      if (--left === 0) refill();
    };
    const refill = () => {
      left = 256;
      for (let i = 0; i < 256; i++) setImmediate(step);
    };
    refill();
  });
  return calls / ((performance.now() - start) / 1000);
}

/** The floor's figures: the bare loop, each duty alone, and all three (median of `repeats`, after a warm-up). */
export async function benchLabnetFloor(repeats = 5, calls = 300_000): Promise<Record<string, number>> {
  const setups: Record<string, Duties> = {
    "loop alone": { copy: false, hash: false, keyed: false },
    "+ copy": { copy: true, hash: false, keyed: false },
    "+ trace hash": { copy: false, hash: true, keyed: false },
    "+ keyed draws": { copy: false, hash: false, keyed: true },
    "+ all three": { copy: true, hash: true, keyed: true },
  };
  const figures: Record<string, number> = {};
  for (const [name, duties] of Object.entries(setups)) {
    await roundTripsPerSecond(duties, calls);
    const rates: number[] = [];
    for (let r = 0; r < repeats; r++) rates.push(await roundTripsPerSecond(duties, calls));
    figures[name] = rates.sort((a, b) => a - b)[Math.floor(rates.length / 2)]!;
  }
  return figures;
}
