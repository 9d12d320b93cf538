import { describe, expect, it } from "vitest";
import { CHECK_OUT_OF_BUDGET } from "../../../../src/harness/index.js";
import { fakeImpl, inWorld } from "./fakes.js";

describe("the kvraft world's recording and checks", () => {
  it("records each clerk call as one operation, with the client id given and the clerk's name, and counts it", async () => {
    const fake = fakeImpl();
    fake.script.clerkAnswers = ["OK", { value: "a", version: 1, err: "OK" }];
    const { world } = await inWorld(fake.impl, "kv", 3, async (t) => {
      const ck = t.makeClerk();
      expect(await t.put(ck, "k", "a", 0, 3)).toBe("OK");
      expect(await t.get(ck, "k", -1)).toEqual({ value: "a", version: 1, err: "OK" });
    });
    expect(world.history.operations.map(({ client, input, output, end }) => ({ client, input, output, end }))).toEqual([
      { client: 3, input: { op: "put", key: "k", value: "a", version: 0 }, output: { err: "OK" }, end: "clerk-1" },
      { client: -1, input: { op: "get", key: "k" }, output: { value: "a", version: 1, err: "OK" }, end: "clerk-1" },
    ]);
    expect(world.net.counts().operations).toBe(2);
  });

  it("checkPorcupine passes a linearizable history and fails one that is not with the course's text", async () => {
    const fake = fakeImpl();
    fake.script.clerkAnswers = ["OK", { value: "a", version: 1, err: "OK" }];
    const good = await inWorld(fake.impl, "kv", 3, async (t) => {
      const ck = t.makeClerk();
      await t.put(ck, "k", "a", 0, 0);
      await t.get(ck, "k", 0);
      t.checkPorcupine();
    });
    expect(good.failure).toBeUndefined();
    expect(good.world.checks).toEqual([{ operations: 2, wallMs: expect.any(Number) }]);
    fake.script.clerkAnswers = ["OK", { value: "b", version: 1, err: "OK" }];
    const bad = await inWorld(fake.impl, "kv", 3, async (t) => {
      const ck = t.makeClerk();
      await t.put(ck, "k", "a", 0, 0);
      await t.get(ck, "k", 0);
      t.checkPorcupine();
    });
    expect(bad.failure).toBe("history is not linearizable");
  });

  it("a leaked ErrWrongLeader is not linearizable", async () => {
    const fake = fakeImpl();
    fake.script.clerkAnswers = ["ErrWrongLeader"];
    const { failure } = await inWorld(fake.impl, "kv", 3, async (t) => {
      await t.put(t.makeClerk(), "k", "a", 0, 0);
      t.checkPorcupine();
    });
    expect(failure).toBe("history is not linearizable");
  });

  it("a check out of its step budget passes, noting the course's info line", async () => {
    const fake = fakeImpl();
    fake.script.clerkAnswers = ["OK", { value: "a", version: 1, err: "OK" }];
    const { world, failure } = await inWorld(
      fake.impl,
      "kv",
      3,
      async (t) => {
        const ck = t.makeClerk();
        await t.put(ck, "k", "a", 0, 0);
        await t.get(ck, "k", 0);
        t.checkPorcupine();
      },
      { checkSteps: 1 },
    );
    expect(failure).toBeUndefined();
    expect([world.notes.info, world.notes.uncheckedHistories]).toEqual([[CHECK_OUT_OF_BUDGET], 1]);
  });

  it("the Partitioner splits the servers by coin every 1.0-1.2 s, and stops only between rounds", async () => {
    const fake = fakeImpl();
    const rounds: number[] = [];
    await inWorld(
      fake.impl,
      "kv",
      5,
      async (t) => {
        t.makeClerk();
        const original = t.partition.bind(t);
        t.partition = (p1, p2) => {
          rounds.push(t.testerNow());
          expect([...p1, ...p2].sort()).toEqual([0, 1, 2, 3, 4]);
          original(p1, p2);
        };
        const partitioner = t.partitioner();
        await t.sleep(5000);
        const stopAt = t.testerNow();
        await partitioner.stop();
        expect(t.testerNow() - rounds.at(-1)!).toBeGreaterThanOrEqual(1000);
        expect(t.testerNow()).toBeGreaterThan(stopAt);
        // Clerks are never cut off.
        for (let i = 0; i < 5; i++) expect(await fake.clerks[0]!.ends[i]!.call("ping", { n: 0 })).toEqual({ n: 1, from: i });
      },
      { seed: 3 },
    );
    expect(rounds.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < rounds.length; i++) {
      expect(rounds[i]! - rounds[i - 1]!).toBeGreaterThanOrEqual(1000);
      expect(rounds[i]! - rounds[i - 1]!).toBeLessThan(1200);
    }
  });
});
