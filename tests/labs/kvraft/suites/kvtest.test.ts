import { describe, expect, it } from "vitest";
import { checkGet, checkPutConcurrent, makeKeys, oneClientPut, onePut, putAtLeastOnce, spawnClientsAndWait } from "../../../../src/labs/kvraft/suites/kvtest.js";
import { goDuration } from "../../../../src/labs/kvraft/suites/index.js";
import type { KvRaftWorld } from "../../../../src/labs/kvraft/world/index.js";
import { fakeImpl, inWorld } from "../world/fakes.js";

type Answer = ReturnType<typeof fakeImpl>["script"]["clerkAnswers"][number];

/** Runs `body` in a kv world whose clerks answer `answers` in order; the failure text, if any, and the clerk's calls. */
async function withClerk(answers: Answer[], body: (t: KvRaftWorld, ck: ReturnType<KvRaftWorld["makeClerk"]>) => Promise<void>) {
  const fake = fakeImpl();
  fake.script.clerkAnswers = answers;
  const { failure, world } = await inWorld(fake.impl, "kv", 3, (t) => body(t, t.makeClerk()));
  return { failure, calls: fake.clerks[0]!.calls, world };
}

const got = (value: string, version: number) => ({ value, version, err: "OK" as const });

describe("the kvtest helpers", () => {
  it("putAtLeastOnce moves to the next version after ErrVersion or ErrMaybe and returns the version after its OK put", async () => {
    let ver = 0;
    const { calls, failure } = await withClerk(["ErrVersion", "ErrMaybe", "OK"], async (t, ck) => {
      ver = await putAtLeastOnce(t, ck, "k", "v", 2, -1);
    });
    expect(failure).toBeUndefined();
    expect(calls).toEqual(["put k v 2", "put k v 3", "put k v 4"]);
    expect(ver).toBe(5);
  });

  it("putAtLeastOnce retries another error at version 0, and fails with the course's text at any other", async () => {
    const first = await withClerk(["ErrNoKey", "OK"], async (t, ck) => void (await putAtLeastOnce(t, ck, "k", "v", 0, -1)));
    expect([first.failure, first.calls]).toEqual([undefined, ["put k v 0", "put k v 0"]]);
    const later = await withClerk(["ErrNoKey"], async (t, ck) => void (await putAtLeastOnce(t, ck, "k", "v", 3, -1)));
    expect(later.failure).toBe("Put k ver 3 err ErrNoKey");
  });

  it("checkGet fails with the course's texts, recording the get as client 0", async () => {
    const ok = await withClerk([got("14", 2)], (t, ck) => checkGet(t, ck, "1", "14", 2));
    expect(ok.failure).toBeUndefined();
    expect(ok.world.history.operations[0]!.client).toBe(0);
    expect((await withClerk([{ value: "", version: 0, err: "ErrNoKey" }], (t, ck) => checkGet(t, ck, "1", "14", 2))).failure).toBe("Get(1) returns error = ErrNoKey");
    expect((await withClerk([got("13", 1)], (t, ck) => checkGet(t, ck, "1", "14", 2))).failure).toBe("Get(1) returns (13, 1) != (14, 2)");
  });

  it("onePut puts {Id, V} and reads back, done on OK or ErrMaybe, again on ErrVersion with the version read", async () => {
    let result: [number, boolean] = [0, false];
    const { calls, world } = await withClerk(["ErrVersion", got('{"Id":2,"V":0}', 1), "OK", got('{"Id":1,"V":1}', 2)], async (t, ck) => {
      result = await onePut(t, 1, ck, "k", 0);
    });
    expect(calls).toEqual(['put k {"Id":1,"V":0} 0', "get k", 'put k {"Id":1,"V":1} 1', "get k"]);
    expect(result).toEqual([2, true]);
    expect(world.history.operations.map((op) => op.client)).toEqual([1, 1, 1, 1]);
    const maybe = await withClerk(["ErrMaybe", got('{"Id":1,"V":0}', 1)], async (t, ck) => {
      result = await onePut(t, 1, ck, "k", 0);
    });
    expect([maybe.failure, result]).toEqual([undefined, [1, false]]);
  });

  it("onePut fails a clerk's error other than OK, ErrVersion and ErrMaybe, a get that fails, and a value that is not JSON", async () => {
    expect((await withClerk(["ErrWrongLeader"], async (t, ck) => void (await onePut(t, 1, ck, "k", 0)))).failure).toBe("Wrong error ErrWrongLeader");
    expect((await withClerk(["OK", { value: "", version: 0, err: "ErrNoKey" }], async (t, ck) => void (await onePut(t, 4, ck, "k", 0)))).failure).toBe('4: Get "k" err ErrNoKey');
    expect((await withClerk(["OK", got("{", 1)], async (t, ck) => void (await onePut(t, 4, ck, "k", 0)))).failure).toBe("Unmarshal err 1");
  });

  it("onePut's own-value check is the course's weak one: it fails only when both Id and V differ", async () => {
    const both = await withClerk(["OK", got('{"Id":9,"V":9}', 1)], async (t, ck) => void (await onePut(t, 1, ck, "k", 0)));
    expect(both.failure).toBe('Wrong value {"Id":9,"V":9}');
    const one = await withClerk(["OK", got('{"Id":9,"V":0}', 1)], async (t, ck) => void (await onePut(t, 1, ck, "k", 0)));
    expect(one.failure).toBeUndefined();
  });

  it("checkPutConcurrent adds the round's results to the running total and checks the key's version against it", async () => {
    const res = { nok: 2, nmaybe: 0 };
    const pass = await withClerk([got("{}", 5)], (t, ck) => checkPutConcurrent(t, ck, "k", [{ nok: 1, nmaybe: 1 }, { nok: 2, nmaybe: 0 }], res, true));
    expect(pass.failure).toBeUndefined();
    expect(res).toEqual({ nok: 5, nmaybe: 1 });
    expect(pass.world.history.operations[0]!.client).toBe(-1);
    const reliable = await withClerk([got("{}", 4)], (t, ck) => checkPutConcurrent(t, ck, "k", [{ nok: 3, nmaybe: 2 }], { nok: 0, nmaybe: 0 }, true));
    expect(reliable.failure).toBe("Reliable: Wrong number of puts: server 4 clnts {3 2}");
    const unreliable = await withClerk([got("{}", 6)], (t, ck) => checkPutConcurrent(t, ck, "k", [{ nok: 3, nmaybe: 2 }], { nok: 0, nmaybe: 0 }, false));
    expect(unreliable.failure).toBe("Unreliable: Wrong number of puts: server 6 clnts {3 2}");
    const within = await withClerk([got("{}", 5)], (t, ck) => checkPutConcurrent(t, ck, "k", [{ nok: 3, nmaybe: 2 }], { nok: 0, nmaybe: 0 }, false));
    expect(within.failure).toBeUndefined();
  });

  it("spawnClientsAndWait runs each client with a fresh clerk until told to stop, then deletes its clerk; results in order", async () => {
    const fake = fakeImpl();
    fake.script.clerkAnswers = ["OK"];
    let results: number[] = [];
    await inWorld(fake.impl, "kv", 3, async (t) => {
      results = await spawnClientsAndWait(t, 3, 1000, async (cli, ck, done) => {
        let n = 0;
        while (!done()) {
          await t.put(ck, `k${cli}`, "v", 0, cli);
          await t.sleep(300 * (cli + 1));
          n++;
        }
        return n;
      });
      for (const clerk of fake.clerks) expect(await clerk.ends[0]!.call("ping", { n: 0 })).toBeUndefined();
    });
    expect(fake.clerks).toHaveLength(3);
    // Each finishes the step under way at 1 s: at 1.2, 1.2 and 1.8 s.
    expect(results).toEqual([4, 2, 2]);
  });

  it("oneClientPut counts OK and ErrMaybe puts, over the first key or, with random keys, any of them", async () => {
    const fake = fakeImpl();
    fake.script.clerkAnswers = ["OK", got('{"Id":0,"V":0}', 1)];
    const { world } = await inWorld(fake.impl, "kv", 3, async (t) => {
      const ck = t.makeClerk();
      let calls = 0;
      const res = await oneClientPut(t, 0, ck, makeKeys(100), true, () => ++calls > 20);
      expect(res.nok + res.nmaybe).toBe(20);
    });
    const keys = new Set(world.history.operations.map((op) => op.input.key));
    expect(keys.size).toBeGreaterThan(5);
    expect([...keys].every((key) => /^k\d{1,2}$/.test(key))).toBe(true);
    expect(makeKeys(3)).toEqual(["k0", "k1", "k2"]);
  });

  it("prints durations as Go's Duration.String does", () => {
    expect([goDuration(33_333_333), goDuration(4_200_000), goDuration(1_500_000_000), goDuration(750_000), goDuration(12)]).toEqual(["33.333333ms", "4.2ms", "1.5s", "750µs", "12ns"]);
  });
});
