import { describe, expect, it } from "vitest";
import type { End, LabEnv } from "../../../../labnet/index.js";
import type { Clerk, Err, GetReply } from "../../../../src/labs/kv/contract.js";
import { journaled, type JournalEntry } from "../../../../src/labs/kv/forensics/journal.js";
import { lossyRun } from "../fixtures/lossy-run.js";

/** A clerk whose calls send `sends` messages each on a counting end, and take `takes` ms of a settable clock. */
class CountingClerk implements Clerk {
  #calls = 0;
  constructor(
    readonly end: { seq: number },
    readonly clock: { now: number },
    readonly sends: number,
  ) {}
  get calls(): number {
    return this.#calls;
  }
  async get(key: string): Promise<GetReply> {
    this.#send();
    return { value: `value of ${key}`, version: 3, err: "OK" };
  }
  async put(): Promise<Err> {
    this.#send();
    return "ErrVersion";
  }
  #send(): void {
    this.#calls++;
    this.end.seq += this.sends;
    this.clock.now += 5;
  }
}

function setup(sends = 2) {
  const end = { name: "clerk-3", seq: 0 };
  const clock = { now: 10 };
  const env = { now: () => clock.now, sleep: async () => {}, random: () => 0 } as LabEnv;
  const clerk = new CountingClerk(end, clock, sends);
  const journal: JournalEntry[] = [];
  return { clerk, journal, wrapped: journaled(clerk, end as unknown as End, env, journal) };
}

describe("journaled", () => {
  it("writes down each call: what was asked, what came back, when, and the sequence numbers it sent", async () => {
    const { wrapped, journal } = setup();
    expect(await wrapped.put("k", "v", 2)).toBe("ErrVersion");
    expect(await wrapped.get("k")).toEqual({ value: "value of k", version: 3, err: "OK" });
    expect(journal).toEqual([
      { id: 0, client: "clerk-3", op: "put", key: "k", value: "v", version: 2, callMs: 10, returnMs: 15, firstSeq: 1, lastSeq: 2, result: "ErrVersion" },
      { id: 1, client: "clerk-3", op: "get", key: "k", callMs: 15, returnMs: 20, firstSeq: 3, lastSeq: 4, result: { value: "value of k", version: 3, err: "OK" } },
    ]);
  });

  it("keeps its own copy of a get's reply, so what the caller does to it later does not change the journal", async () => {
    const { wrapped, journal } = setup();
    const reply = await wrapped.get("k");
    reply.value = "changed";
    expect((journal[0]!.result as GetReply).value).toBe("value of k");
  });

  it("enters a call when it begins, without its end until it returns", async () => {
    const { clerk, journal, wrapped } = setup();
    let release!: () => void;
    clerk.get = async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return { value: "", version: 0, err: "ErrNoKey" };
    };
    const pending = wrapped.get("k");
    expect(journal).toEqual([{ id: 0, client: "clerk-3", op: "get", key: "k", callMs: 10, firstSeq: 1 }]);
    release();
    await pending;
    // This get sent nothing: its range is empty (last before first).
    expect(journal[0]).toMatchObject({ firstSeq: 1, lastSeq: 0, result: { err: "ErrNoKey" } });
  });

  it("leaves the clerk itself: its class, fields and private state", async () => {
    const { clerk, wrapped } = setup();
    expect(wrapped).toBeInstanceOf(CountingClerk);
    await wrapped.get("k");
    expect((wrapped as CountingClerk).calls).toBe(1);
    expect(clerk.calls).toBe(1);
    expect((wrapped as CountingClerk).sends).toBe(2);
  });

  it("in a simulated run, a call's sequence range is exactly the messages it sent", async () => {
    const t = await lossyRun();
    expect(t.journal.map(({ op, firstSeq, lastSeq, result }) => ({ op, firstSeq, lastSeq, result }))).toEqual([
      { op: "put", firstSeq: 1, lastSeq: 3, result: "ErrMaybe" },
      { op: "get", firstSeq: 4, lastSeq: 4, result: { value: "v", version: 1, err: "OK" } },
    ]);
  });
});
