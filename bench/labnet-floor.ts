// What a sequential round trip costs at the least: a minimal simulator (labnet's event queue,
// one promise per call, one setImmediate per event so that every microtask runs between two
// events, as in labnet) running the labnet workload, with each of labnet's per-message duties
// switched on in turn, using labnet's own code for them:
// - copy: each message copied and measured on its way (tryEncode), request and reply;
// - hash: four trace events a round trip (send, execute, reply, deliver) fed to labnet's Trace;
// - keyed: the message's key, its two latency draws and each event's seeded tie (mixKey5,
//   keyedUniform, mixKey2).
// labnet does all three and more (fault decisions, topology, exchange bookkeeping); this puts a
// ceiling on what it can reach with its event loop, beside the target.
import { tryEncode } from "../labnet/encode.js";
import { EventQueue } from "../labnet/event-queue.js";
import { keyedUniform, mixKey2, mixKey5, nameKey } from "../labnet/rng.js";
import { Trace } from "../labnet/trace.js";

/** Which of labnet's per-message duties the loop performs. */
export interface Duties {
  copy: boolean;
  hash: boolean;
  keyed: boolean;
}

/** One run of the floor: its speed, and what its duties did (so a test can see each one is done). */
export interface FloorRun {
  roundTripsPerSecond: number;
  traceEvents: number;
  bytesCopied: number;
  keyedEvents: number;
}

/** `calls` sequential calls with `duties` on. */
export async function floorRun(duties: Duties, calls: number): Promise<FloorRun> {
  const queue = new EventQueue();
  const trace = new Trace(false);
  const data = new Map([["k", "v"]]);
  const label = { label: "c#1 get→kv" };
  let clock = 0;
  let seq = 0;
  let bytesCopied = 0;
  let keyedEvents = 0;
  const schedule = (delay: number, key: number, fire: () => void) => {
    let tie = 0;
    if (duties.keyed) {
      tie = mixKey2(7, key);
      keyedEvents++;
    }
    queue.push(clock + delay, tie, fire);
  };
  const copy = <T>(value: T): T => {
    const encoded = tryEncode(value)!;
    bytesCopied += encoded.bytes;
    return encoded.value;
  };
  const latency = (key: number, slot: number) => (duties.keyed ? Math.floor((0.05 + keyedUniform(key, slot) * 0.1) * 1000) : 100);
  const handler = (args: { key: string }) => ({ value: data.get(args.key) ?? "", version: 1, err: "OK" });
  const call = (method: string, args: { key: string }) =>
    new Promise<unknown>((resolve) => {
      const key = duties.keyed ? mixKey5(7, 11, nameKey("kv"), nameKey(method), ++seq) : 0;
      const request = duties.copy ? copy(args) : args;
      if (duties.hash) trace.add("send", clock, key, label, undefined, 12);
      schedule(latency(key, 0), key ^ 0x1000, () => {
        if (duties.hash) trace.add("execute", clock, key, label);
        const result = handler(request);
        const reply = duties.copy ? copy(result) : result;
        if (duties.hash) trace.add("reply", clock, key, label, undefined, 40);
        schedule(latency(key, 10), key ^ 0x2000, () => {
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
      const event = queue.pop();
      if (!event) return stuck(new Error("the floor's loop ran out of events before its calls finished"));
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
  return { roundTripsPerSecond: calls / ((performance.now() - start) / 1000), traceEvents: trace.count, bytesCopied, keyedEvents };
}

/** The setups the bench prints, by the name it prints. */
export const FLOOR_SETUPS: Readonly<Record<string, Duties>> = {
  "loop alone": { copy: false, hash: false, keyed: false },
  "+ copy": { copy: true, hash: false, keyed: false },
  "+ trace hash": { copy: false, hash: true, keyed: false },
  "+ keyed draws": { copy: false, hash: false, keyed: true },
  "+ all three": { copy: true, hash: true, keyed: true },
};

/** The floor's figures: the bare loop, each duty alone, and all three (median of `repeats`, after a warm-up). */
export async function benchLabnetFloor(repeats = 5, calls = 300_000): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  for (const [name, duties] of Object.entries(FLOOR_SETUPS)) {
    await floorRun(duties, calls);
    const rates: number[] = [];
    for (let r = 0; r < repeats; r++) rates.push((await floorRun(duties, calls)).roundTripsPerSecond);
    figures[name] = rates.sort((a, b) => a - b)[Math.floor(rates.length / 2)]!;
  }
  return figures;
}
