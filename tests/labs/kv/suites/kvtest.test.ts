import { describe, expect, it } from "vitest";
import { LabFailure, RunNotes, CHECK_OUT_OF_BUDGET } from "../../../../src/harness/index.js";
import type { Clerk, Err, GetReply, Lock } from "../../../../src/labs/kv/contract.js";
import { KvRecorder, type RecordedOp } from "../../../../src/labs/kv/history.js";
import type { KvWorld, WorldClerk } from "../../../../src/labs/kv/world.js";
import {
  checkGet,
  checkLinearizable,
  checkPut,
  checkPutConcurrent,
  expectGet,
  expectPut,
  getJson,
  oneClientPut,
  onePut,
  putJson,
  recordedGet,
  recordedPut,
} from "../../../../src/labs/kv/suites/kvtest.js";

/** A world with no network: failures throw as the simulated world's do, operations are counted. */
class FakeWorld implements KvWorld {
  readonly history = new KvRecorder(() => 0);
  readonly notes = new RunNotes();
  operations = 0;
  constructor(
    readonly reliable = true,
    readonly options: { checkSteps?: number } = {},
  ) {}
  makeClerk(): WorldClerk {
    throw new Error("not used");
  }
  deleteClerk(): void {}
  makeLock(): Lock {
    throw new Error("not used");
  }
  fatal(message: string, reason?: LabFailure["reason"]): never {
    throw new LabFailure(message, reason);
  }
  countOperation(): void {
    this.operations++;
  }
  spawnClient<R>(): Promise<R> {
    throw new Error("not used");
  }
}

/** A clerk that answers from scripts: each get and put takes the next scripted reply. */
function scripted(gets: GetReply[], puts: Err[]): WorldClerk & { calls: string[] } {
  const calls: string[] = [];
  const clerk: Clerk = {
    get: async (key) => {
      calls.push(`get ${key}`);
      return gets.shift()!;
    },
    put: async (key, value, version) => {
      calls.push(`put ${key} ${value} ${version}`);
      return puts.shift()!;
    },
  };
  const env = { sleep: async () => {}, now: () => 0, random: () => 0.5 };
  return { clerk, end: { name: "clerk-7", call: async () => undefined }, env, calls };
}

/** A clerk backed by a real versioned map (the reference semantics), for the racing helpers. */
function store(answerPut?: (err: Err) => Err): WorldClerk {
  const data = new Map<string, { value: string; version: number }>();
  const clerk: Clerk = {
    get: async (key) => {
      const entry = data.get(key);
      return entry ? { ...entry, err: "OK" } : { value: "", version: 0, err: "ErrNoKey" };
    },
    put: async (key, value, version) => {
      const entry = data.get(key);
      let err: Err;
      if (!entry) err = version === 0 ? "OK" : "ErrNoKey";
      else err = entry.version === version ? "OK" : "ErrVersion";
      if (err === "OK") data.set(key, { value, version: version + 1 });
      return answerPut ? answerPut(err) : err;
    },
  };
  return { clerk, end: { name: "clerk-1", call: async () => undefined }, env: { sleep: async () => {}, now: () => 0, random: () => 0.5 } };
}

const ok = (value: string, version: number): GetReply => ({ value, version, err: "OK" });

describe("expectPut and checkPut", () => {
  it("accept the expected answer", async () => {
    const t = new FakeWorld();
    await expectPut(t, scripted([], ["OK"]), "k", "v", 0, "OK");
    expect(() => checkPut(t, "k", "v", 0, "ErrVersion", "ErrVersion")).not.toThrow();
  });

  it("fail with the call, its answer and the expected answer", async () => {
    const t = new FakeWorld();
    await expect(expectPut(t, scripted([], ["ErrVersion"]), "k", "v", 0, "OK")).rejects.toThrow(new LabFailure('Put("k", "v", 0) = ErrVersion; expected OK'));
    expect(() => checkPut(t, "k", "v", 3, "OK", "ErrNoKey", "after a crash")).toThrow('Put("k", "v", 3) = OK after a crash; expected ErrNoKey');
  });
});

describe("expectGet and checkGet", () => {
  it("accept (value, version, OK)", async () => {
    const t = new FakeWorld();
    await expectGet(t, scripted([ok("v", 2)], []), "k", "v", 2);
  });

  it("fail on a wrong value, a wrong version or an error, quoting the reply and the expectation", async () => {
    const t = new FakeWorld();
    expect(() => checkGet(t, "k", ok("x", 2), "v", 2)).toThrow('Get("k") = ("x", 2, OK); expected ("v", 2, OK)');
    expect(() => checkGet(t, "k", ok("v", 1), "v", 2, "after the put")).toThrow('Get("k") = ("v", 1, OK) after the put; expected ("v", 2, OK)');
    expect(() => checkGet(t, "k", { value: "v", version: 2, err: "ErrNoKey" }, "v", 2)).toThrow('Get("k") = ("v", 2, ErrNoKey); expected ("v", 2, OK)');
    await expect(expectGet(t, scripted([ok("", 0)], []), "k", "v", 1)).rejects.toThrow('Get("k") = ("", 0, OK); expected ("v", 1, OK)');
  });
});

describe("recordedGet and recordedPut", () => {
  it("record each call with its client, input, output and end, and count it", async () => {
    const t = new FakeWorld();
    const ck = scripted([{ value: "v", version: 1, err: "OK", extra: true } as GetReply], ["ErrVersion"]);
    expect(await recordedGet(t, ck, "k", 3)).toEqual(ok("v", 1));
    expect(await recordedPut(t, ck, "k", "w", 0, 4)).toBe("ErrVersion");
    expect(t.operations).toBe(2);
    const ops = t.history.operations.map(({ client, input, output, end }) => ({ client, input, output, end }));
    expect(ops).toEqual([
      // the recorded get keeps only the reply's three fields
      { client: 3, input: { op: "get", key: "k" }, output: ok("v", 1), end: "clerk-7" },
      { client: 4, input: { op: "put", key: "k", value: "w", version: 0 }, output: { err: "ErrVersion" }, end: "clerk-7" },
    ]);
  });
});

describe("getJson and putJson", () => {
  it("put a value as JSON and read it back parsed, with its version", async () => {
    const t = new FakeWorld();
    const ck = store();
    expect(await putJson(t, ck, "k", { Id: 1, V: 0 }, 0, 1)).toBe("OK");
    expect(await getJson(t, ck, "k", 1)).toEqual({ value: { Id: 1, V: 0 }, version: 1 });
    expect((t.history.operations[0]!.input as { value: string }).value).toBe('{"Id":1,"V":0}');
  });

  it("fail on a get error, naming the client and key", async () => {
    await expect(getJson(new FakeWorld(), scripted([{ value: "", version: 0, err: "ErrNoKey" }], []), "k", 5)).rejects.toThrow('5: Get "k" err ErrNoKey');
  });

  it("fail on a value that is not JSON, naming its version", async () => {
    await expect(getJson(new FakeWorld(), scripted([ok("{not json", 4)], []), "k", 5)).rejects.toThrow(new LabFailure("Unmarshal err 4"));
  });
});

describe("onePut", () => {
  it("returns the next version and true when its put is OK and the entry read back is its own", async () => {
    const t = new FakeWorld();
    expect(await onePut(t, 2, store(), "k", 0)).toEqual([1, true]);
  });

  it("retries at the version read back after ErrVersion", async () => {
    const t = new FakeWorld();
    const ck = store();
    await ck.clerk.put("k", JSON.stringify({ Id: 9, V: 0 }), 0);
    expect(await onePut(t, 2, ck, "k", 0)).toEqual([2, true]);
    const puts = t.history.operations.filter((op) => op.input.op === "put").map((op) => [(op.input as { version: number }).version, op.output]);
    expect(puts).toEqual([
      [0, { err: "ErrVersion" }],
      [1, { err: "OK" }],
    ]);
  });

  it("returns false for ErrMaybe on an unreliable network", async () => {
    const t = new FakeWorld(false);
    expect(await onePut(t, 2, store(() => "ErrMaybe"), "k", 0)).toEqual([1, false]);
  });

  it("fails on ErrMaybe on a reliable network", async () => {
    await expect(onePut(new FakeWorld(true), 2, store(() => "ErrMaybe"), "k", 0)).rejects.toThrow("2: Put returned ErrMaybe on a reliable network");
  });

  it("fails on an error a put never returns", async () => {
    await expect(onePut(new FakeWorld(), 2, store(() => "ErrNoKey"), "k", 0)).rejects.toThrow("Wrong error ErrNoKey");
  });

  it("fails when an OK put's version holds another client's entry, or its own from another version", async () => {
    const other = scripted([ok(JSON.stringify({ Id: 9, V: 0 }), 1)], ["OK"]);
    await expect(onePut(new FakeWorld(), 2, other, "k", 0)).rejects.toThrow('Wrong value {"Id":9,"V":0}');
    const stale = scripted([ok(JSON.stringify({ Id: 2, V: 5 }), 1)], ["OK"]);
    await expect(onePut(new FakeWorld(), 2, stale, "k", 0)).rejects.toThrow('Wrong value {"Id":2,"V":5}');
  });

  it("accepts an OK put whose read-back version moved on (another client put after it)", async () => {
    const later = scripted([ok(JSON.stringify({ Id: 9, V: 1 }), 2)], ["OK"]);
    expect(await onePut(new FakeWorld(), 2, later, "k", 0)).toEqual([2, true]);
  });
});

describe("oneClientPut", () => {
  it("puts until done, counting OK and ErrMaybe puts", async () => {
    let answers = 0;
    const ck = store((err) => (err === "OK" && ++answers % 2 === 0 ? "ErrMaybe" : err));
    let looks = 0;
    const res = await oneClientPut(new FakeWorld(false), 1, ck, "k", () => looks++ >= 4);
    expect(res).toEqual({ nok: 2, nmaybe: 2 });
    expect((await ck.clerk.get("k")).version).toBe(4);
  });

  it("puts nothing when already done", async () => {
    const t = new FakeWorld();
    expect(await oneClientPut(t, 1, store(), "k", () => true)).toEqual({ nok: 0, nmaybe: 0 });
    expect(t.history.operations).toEqual([]);
  });
});

describe("checkPutConcurrent", () => {
  /** A store whose key "k" is at `version`. */
  async function at(version: number): Promise<WorldClerk> {
    const ck = store();
    for (let v = 0; v < version; v++) await ck.clerk.put("k", JSON.stringify({ Id: 0, V: v }), v);
    return ck;
  }

  it("reliable: the version must equal the OK puts", async () => {
    await checkPutConcurrent(new FakeWorld(true), await at(3), "k", [{ nok: 1, nmaybe: 0 }, { nok: 2, nmaybe: 0 }]);
    await expect(checkPutConcurrent(new FakeWorld(true), await at(3), "k", [{ nok: 1, nmaybe: 1 }, { nok: 1, nmaybe: 0 }])).rejects.toThrow(
      "Reliable: Wrong number of puts: server 3 clnts {2 1}",
    );
  });

  it("unreliable: the version may not exceed the OK and ErrMaybe puts", async () => {
    await checkPutConcurrent(new FakeWorld(false), await at(2), "k", [{ nok: 1, nmaybe: 2 }]);
    await checkPutConcurrent(new FakeWorld(false), await at(3), "k", [{ nok: 1, nmaybe: 2 }]);
    await expect(checkPutConcurrent(new FakeWorld(false), await at(4), "k", [{ nok: 1, nmaybe: 2 }])).rejects.toThrow(
      "Unreliable: Wrong number of puts: server 4 clnts {1 2}",
    );
  });
});

describe("checkLinearizable", () => {
  let tick = 0;
  /** A recorded operation from `call` to `ret` (ticks). */
  function op(client: number, input: RecordedOp["input"], output: RecordedOp["output"], call = ++tick, ret = ++tick): RecordedOp {
    return { client, input, output, call, return: ret, callMs: 0, returnMs: 0 };
  }
  function world(ops: RecordedOp[], options: { checkSteps?: number } = {}): FakeWorld {
    const t = new FakeWorld(true, options);
    t.history.operations.push(...ops);
    return t;
  }
  const put = (value: string, version: number) => ({ op: "put" as const, key: "k", value, version });
  const get = { op: "get" as const, key: "k" };

  it("passes a linearizable history with no note", () => {
    const t = world([op(0, put("a", 0), { err: "OK" }), op(1, get, ok("a", 1))]);
    checkLinearizable(t);
    expect(t.notes.info).toEqual([]);
  });

  it("fails a history illegal under both models, with the linearizability reason", () => {
    const t = world([op(0, put("a", 0), { err: "OK" }), op(1, get, ok("b", 1))]);
    expect(() => checkLinearizable(t)).toThrow(new LabFailure("history is not linearizable", { kind: "linearizability" }));
  });

  it("fails a history only the strict model rejects (a get's version) with its own text", () => {
    const t = world([op(0, put("a", 0), { err: "OK" }), op(1, get, ok("a", 7))]);
    expect(() => checkLinearizable(t)).toThrow(
      new LabFailure("history is not linearizable: a get returned a version or error the store never had", { kind: "linearizability" }),
    );
  });

  it("and one with an ErrNoKey the store never had", () => {
    const t = world([op(0, put("a", 0), { err: "OK" }), op(1, get, { value: "a", version: 1, err: "ErrNoKey" })]);
    expect(() => checkLinearizable(t)).toThrow("a get returned a version or error the store never had");
  });

  it("passes with the out-of-budget note when the check runs out of steps", () => {
    // Many concurrent puts over the same interval: far more than one step to decide.
    const ops = Array.from({ length: 6 }, (_, i) => op(i, put(`v${i}`, i), { err: "OK" }, 1, 100 + i));
    const t = world(ops, { checkSteps: 1 });
    checkLinearizable(t);
    expect(t.notes.uncheckedHistories).toBe(1);
    expect(t.notes.info).toEqual([CHECK_OUT_OF_BUDGET]);
  });

  it("passes with the note when only the strict model finds a violation and the lab's runs out of steps", () => {
    // Key "a": a get whose version the store never had (strict: illegal at once; the lab's model: fine).
    // Key "b": concurrent puts the lab's model cannot settle in the budget.
    const bad = op(9, { op: "get", key: "a" }, { value: "", version: 5, err: "ErrNoKey" }, 1, 2);
    const racing = Array.from({ length: 6 }, (_, i) => op(i, { op: "put", key: "b", value: `v${i}`, version: i }, { err: "OK" }, 1, 100 + i));
    const t = world([bad, ...racing], { checkSteps: 3 });
    checkLinearizable(t);
    expect(t.notes.uncheckedHistories).toBe(1);
  });
});
