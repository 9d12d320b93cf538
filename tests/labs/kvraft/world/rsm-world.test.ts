import { describe, expect, it } from "vitest";
import { DEC, INC, NULL, RsmService, goType } from "../../../../src/labs/kvraft/world/index.js";
import { fakeImpl, inWorld } from "./fakes.js";

describe("the rsm tests' helpers", () => {
  it("onePartition submits in-process round-robin from the cached leader, only to connected servers of the partition, and caches who answered OK", async () => {
    const fake = fakeImpl();
    await inWorld(fake.impl, "rsm", 3, async (t) => {
      fake.rafts[2]!.leader = true;
      expect(await t.oneInc()).toEqual({ kind: "IncRep", n: 1 });
      expect(fake.rsms.map((rsm) => rsm.submitted.length)).toEqual([1, 1, 1]);
      expect(await t.oneInc()).toEqual({ kind: "IncRep", n: 1 });
      expect(fake.rsms.map((rsm) => rsm.submitted.length)).toEqual([1, 1, 2]);
      // Server 2 leads but is outside the partition, then disconnected: no one is asked.
      const t0 = t.testerNow();
      expect(await t.onePartition([0, 1], INC)).toBeUndefined();
      expect(t.testerNow() - t0).toBeGreaterThanOrEqual(10_000);
      t.disconnectAll(2);
      const asked = fake.rsms[2]!.submitted.length;
      expect(await t.oneNull()).toBeUndefined();
      expect(fake.rsms[2]!.submitted.length).toBe(asked);
      expect(t.disconnectLeader()).toBe(2);
    });
  });

  it("counts each committed submit as an operation", async () => {
    const fake = fakeImpl();
    const { world } = await inWorld(fake.impl, "rsm", 3, async (t) => {
      fake.rafts[0]!.leader = true;
      await t.oneInc();
      await t.oneNull();
    });
    expect(world.net.counts().operations).toBe(2);
  });

  it("fails oneInc when no leader commits within NSEC, and when Submit's reply is not doOp's for the request", async () => {
    expect((await inWorld(fakeImpl().impl, "rsm", 3, async (t) => void (await t.oneInc()))).failure).toBe(
      "oneInc: Inc was not committed within 10 seconds (runtime error: invalid memory address or nil pointer dereference)",
    );
    const wrong = fakeImpl({ onSubmit: async () => ({ err: "OK", value: { kind: "NullRep" } }) });
    expect((await inWorld(wrong.impl, "rsm", 3, async (t) => void (await t.oneInc()))).failure).toBe("interface conversion: interface {} is *rsm.NullRep, not *rsm.IncRep");
    const nothing = fakeImpl({ onSubmit: async () => ({ err: "OK", value: undefined }) });
    expect((await inWorld(nothing.impl, "rsm", 3, async (t) => void (await t.oneNull()))).failure).toBe("interface conversion: interface {} is <nil>, not *rsm.NullRep");
  });

  it("checkCounter polls 30 times with the sleep doubling to past 1 s, then fails with the course's text", async () => {
    const fake = fakeImpl();
    let waited = 0;
    const { failure } = await inWorld(fake.impl, "rsm", 3, async (t) => {
      t.service(0).counter = 5;
      t.service(1).counter = 5;
      await t.checkCounter(5, 2);
      const t0 = t.testerNow();
      try {
        await t.checkCounter(5, 3);
      } finally {
        waited = t.testerNow() - t0;
      }
    });
    expect(failure).toBe("checkCounter: only 2 srvs have 5 instead of 3");
    // 10+20+...+640 ms, then 1280 ms for each of the remaining 23 polls.
    expect(waited).toBe(1270 + 23 * 1280);
  });

  it("checkCounter succeeds once enough counters reach the value, crashed servers' counted as they were", async () => {
    const fake = fakeImpl();
    const { failure } = await inWorld(fake.impl, "rsm", 3, async (t) => {
      void t.spawn("later", async () => {
        await t.sleep(500);
        t.service(2).counter = 1;
      });
      t.service(0).counter = 1;
      t.service(1).counter = 1;
      t.crash(1);
      await t.checkCounter(1, 3);
    });
    expect(failure).toBeUndefined();
  });
});

describe("the tester's counter service", () => {
  it("increments on Inc, answers Null, snapshots and restores its counter", () => {
    const fail = (message: string): never => {
      throw new Error(message);
    };
    const service = new RsmService(1, fail);
    expect(service.doOp(INC)).toEqual({ kind: "IncRep", n: 1 });
    expect(service.doOp({ kind: "Inc" })).toEqual({ kind: "IncRep", n: 2 });
    expect(service.doOp(NULL)).toEqual({ kind: "NullRep" });
    const copy = new RsmService(2, fail);
    copy.restore(service.snapshot());
    expect(copy.counter).toBe(2);
    copy.restore(new TextEncoder().encode("9"));
    expect(copy.counter).toBe(9);
    expect(() => copy.restore("garbage")).toThrow("2 couldn't decode counter");
    expect(() => copy.restore("")).toThrow("2 couldn't decode counter");
  });

  it("names types as Go's %T does", () => {
    expect([goType(DEC), goType(undefined), goType(null), goType("x"), goType(3)]).toEqual(["rsm.Dec", "<nil>", "<nil>", "string", "number"]);
  });

  it("ends the run at once when it is asked to execute anything but Inc and Null, as the course's log.Fatalf", async () => {
    const fake = fakeImpl();
    const { failure } = await inWorld(fake.impl, "rsm", 3, async (t) => {
      fake.rafts[0]!.leader = true;
      await t.service(0).rsm!.submit(DEC).catch(() => undefined);
      await t.sleep(1000);
      throw new Error("the run went on");
    });
    expect(failure).toBe("DoOp should execute only Inc and not rsm.Dec");
  });
});
