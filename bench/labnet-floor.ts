// What a sequential round trip costs at the least: a minimal simulator (labnet's event queue,
// one promise per call, one setImmediate per event so that every microtask runs between two
// events, as in labnet) running the labnet workload, with each of labnet's per-message duties
// switched on in turn, using labnet's own code for them:
// - copy: each message copied and measured on its way (tryEncode), request and reply;
// - hash: four trace events a round trip (send, execute, reply, deliver) fed to labnet's Trace;
// - keyed: the message's key and its two latency draws (mixKey5, keyedUniform).
// labnet does all three and more (fault decisions, topology, exchange bookkeeping); this puts a
// ceiling on what it can reach with its event loop, beside the target.
import { tryEncode } from "../labnet/encode.js";
import { EventQueue } from "../labnet/event-queue.js";
import { keyedUniform, mixKey5, nameKey } from "../labnet/rng.js";
import { Trace } from "../labnet/trace.js";

/** Which of labnet's per-message duties the loop performs. */
export interface Duties {
  copy: boolean;
  hash: boolean;
  keyed: boolean;
}

/** Round trips per wall second of `calls` sequential calls with `duties` on. */
async function roundTripsPerSecond(duties: Duties, calls: number): Promise<number> {
  const queue = new EventQueue();
  const trace = new Trace(false);
  const data = new Map([["k", "v"]]);
  const label = { label: "c#1 get→kv" };
  let clock = 0;
  let seq = 0;
  const schedule = (delay: number, fire: () => void) => queue.push(clock + delay, 0, fire);
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
