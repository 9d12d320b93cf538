import { describe, expect, it } from "vitest";
import type { ClientEnd } from "../../../labnet/index.js";
import type { Clerk, Err, GetReply } from "../../../src/labs/kv/index.js";
import { ClerkJudge } from "../../../src/labs/kv/clerk-judge.js";

/** An end that answers each call with the next scripted reply (undefined: lost). */
function scriptedEnd(replies: unknown[]): ClientEnd & { sent: [string, unknown][] } {
  const sent: [string, unknown][] = [];
  return {
    sent,
    call: <A, R>(method: string, args: A) => {
      sent.push([method, args]);
      return Promise.resolve(replies.shift() as R | undefined);
    },
  };
}

/** A judge over a clerk built on the scripted end; `failures` collects what it reports. */
function judge(replies: unknown[], makeClerk: (end: ClientEnd) => Clerk) {
  const failures: string[] = [];
  const j = new ClerkJudge("clerk-3", (message) => failures.push(message));
  const clerk = j.judged(makeClerk(j.watch(scriptedEnd(replies))));
  return { clerk, failures };
}

/** A clerk that resends until answered and maps a resent ErrVersion to ErrMaybe: the contract. */
const correct = (end: ClientEnd): Clerk => ({
  async get(key) {
    for (;;) {
      const reply = await end.call<object, GetReply>("get", { key });
      if (reply) return reply;
    }
  },
  async put(key, value, version) {
    for (let sends = 1; ; sends++) {
      const reply = await end.call<object, { err: Err }>("put", { key, value, version });
      if (reply) return reply.err === "ErrVersion" && sends > 1 ? "ErrMaybe" : reply.err;
    }
  },
});

/** A clerk whose put sends what `send` says and returns what `answer` says, whatever the replies. */
const putClerk = (sendsArgs: object[], answer: Err): ((end: ClientEnd) => Clerk) => (end) => ({
  ...correct(end),
  async put() {
    for (const args of sendsArgs) await end.call("put", args);
    return answer;
  },
});

const args = { key: "k", value: "v", version: 2 };

describe("every clerk answer is judged against the replies its call received", () => {
  it.each<[string, unknown[], Err]>([
    ["OK on the first try", [{ err: "OK" }], "OK"],
    ["ErrNoKey", [{ err: "ErrNoKey" }], "ErrNoKey"],
    ["ErrVersion on the first try", [{ err: "ErrVersion" }], "ErrVersion"],
    ["ErrMaybe after a lost try", [undefined, { err: "ErrVersion" }], "ErrMaybe"],
    ["OK after two lost tries", [undefined, undefined, { err: "OK" }], "OK"],
  ])("a correct clerk passes: %s", async (_, replies, answer) => {
    const { clerk, failures } = judge(replies, correct);
    expect(await clerk.put("k", "v", 2)).toBe(answer);
    expect(failures).toEqual([]);
  });

  it.each<[string, unknown[], object[], Err, string]>([
    ["OK after ErrVersion", [{ err: "ErrVersion" }], [args], "OK", 'clerk-3: Put("k", "v", 2) returned OK, but the only reply it received said ErrVersion'],
    [
      "ErrVersion after a resend",
      [undefined, { err: "ErrVersion" }],
      [args, args],
      "ErrVersion",
      'clerk-3: Put("k", "v", 2) returned ErrVersion after 2 sends; a resent put that meets ErrVersion must return ErrMaybe (an earlier try may have applied)',
    ],
    ["ErrMaybe after one send", [{ err: "ErrVersion" }], [args], "ErrMaybe", 'clerk-3: Put("k", "v", 2) returned ErrMaybe after a single send; ErrMaybe is only for a put that was sent more than once'],
    ["ErrMaybe after an OK", [undefined, { err: "OK" }], [args, args], "ErrMaybe", 'clerk-3: Put("k", "v", 2) returned ErrMaybe, but the only reply it received said OK'],
    [
      "OK when the resend met ErrVersion",
      [undefined, { err: "ErrVersion" }],
      [args, args],
      "OK",
      'clerk-3: Put("k", "v", 2) returned OK, but the only reply it received said ErrVersion, which after 2 sends means ErrMaybe',
    ],
    ["an answer before any reply", [undefined, undefined], [args, args], "OK", 'clerk-3: Put("k", "v", 2) returned OK, but none of its 2 RPCs was answered'],
    ["an answer without an RPC", [], [], "ErrNoKey", 'clerk-3: Put("k", "v", 2) returned ErrNoKey, but it sent no RPC'],
    ["an answer that is no error code", [{ err: "OK" }], [args], "Done" as Err, 'clerk-3: Put("k", "v", 2) returned Done; a put may return only OK, ErrNoKey, ErrVersion, ErrMaybe'],
    [
      "a put sent with another version",
      [{ err: "OK" }],
      [{ ...args, version: 3 }],
      "OK",
      'clerk-3: Put("k", "v", 2) sent put with version 3 instead of 2; a call sends only its own put with its own arguments',
    ],
  ])("a wrong clerk fails: %s", async (_, replies, sent, answer, message) => {
    const { clerk, failures } = judge(replies, putClerk(sent, answer));
    await clerk.put("k", "v", 2);
    expect(failures[0]).toBe(message);
  });

  it("judges a get by the reply it received: value, version and error", async () => {
    const ok = judge([undefined, { value: "x", version: 4, err: "OK" }], correct);
    expect(await ok.clerk.get("k")).toEqual({ value: "x", version: 4, err: "OK" });
    expect(ok.failures).toEqual([]);
    const missing = judge([{ value: "", version: 0, err: "ErrNoKey" }], (end) => ({ ...correct(end), get: async (key) => (await end.call("get", { key }), { err: "ErrNoKey" } as GetReply) }));
    await missing.clerk.get("k");
    expect(missing.failures).toEqual([]);
    const stale = judge([{ value: "x", version: 4, err: "OK" }], (end) => ({ ...correct(end), get: async (key) => (await end.call("get", { key }), { value: "x", version: 3, err: "OK" }) }));
    await stale.clerk.get("k");
    expect(stale.failures).toEqual(['clerk-3: Get("k") returned ("x", 3, OK), but the only reply it received said ("x", 4, OK)']);
  });

  it("a get answered from a cache, by a put, or with a put's error fails", async () => {
    const cached = judge([], (end) => ({ ...correct(end), get: async () => ({ value: "x", version: 1, err: "OK" }) }));
    await cached.clerk.get("k");
    expect(cached.failures).toEqual(['clerk-3: Get("k") returned ("x", 1, OK), but it sent no RPC']);
    const viaPut = judge([{ err: "OK" }], (end) => ({ ...correct(end), get: async (key) => (await end.call("put", { key }), { value: "", version: 0, err: "ErrNoKey" }) }));
    await viaPut.clerk.get("k");
    expect(viaPut.failures[0]).toBe('clerk-3: Get("k") sent put {"key":"k"}; a call sends only its own get with its own arguments');
    const maybe = judge([{ err: "ErrVersion" }], (end) => ({ ...correct(end), get: async (key) => (await end.call("get", { key }), { value: "", version: 0, err: "ErrMaybe" }) }));
    await maybe.clerk.get("k");
    expect(maybe.failures).toEqual(['clerk-3: Get("k") returned ("", 0, ErrMaybe); a get may return only OK or ErrNoKey']);
  });

  it("a reply to an earlier call, arriving late, does not answer the next one", async () => {
    const failures: string[] = [];
    const j = new ClerkJudge("clerk-3", (message) => failures.push(message));
    let late!: (reply: unknown) => void;
    const pending = new Promise((resolve) => (late = resolve));
    let calls = 0;
    const end = { call: () => (++calls === 1 ? pending : Promise.resolve({ value: "new", version: 2, err: "OK" })) } as ClientEnd;
    // The clerk gives up waiting on its first get, then answers its second with the first's reply.
    let first: Promise<unknown> | undefined;
    const clerk = j.judged({
      ...correct(j.watch(end)),
      get: async (key) => {
        const watched = j.watch(end);
        if (!first) {
          first = watched.call("get", { key });
          return { value: "", version: 0, err: "ErrNoKey" };
        }
        await watched.call("get", { key });
        return (await first) as GetReply;
      },
    });
    await clerk.get("k");
    expect(failures).toEqual(['clerk-3: Get("k") returned ("", 0, ErrNoKey), but its one RPC was not answered']);
    const answer = clerk.get("k");
    late({ value: "old", version: 1, err: "OK" });
    await answer;
    expect(failures[1]).toBe('clerk-3: Get("k") returned ("old", 1, OK), but the only reply it received said ("new", 2, OK)');
  });
});

/** A clerk whose put sends twice at once and returns what `pick` makes of the two replies. */
const twoAtOnce = (answer: (first: Err, second: Err) => Err) => (end: ClientEnd): Clerk => ({
  ...correct(end),
  async put(key, value, version) {
    const replies = await Promise.all([end.call<object, { err: Err }>("put", { key, value, version }), end.call<object, { err: Err }>("put", { key, value, version })]);
    return answer(replies[0]!.err, replies[1]!.err);
  },
});

describe("a call that heard several replies may act on any of them, and only as the contract allows", () => {
  const okThenErrVersion = () => [{ err: "OK" }, { err: "ErrVersion" }];

  it.each<[string, (first: Err, second: Err) => Err]>([
    ["the first reply's OK", (first) => first],
    ["the last reply's ErrVersion, as ErrMaybe after two sends", () => "ErrMaybe"],
  ])("a correct clerk passes: %s", async (_, answer) => {
    const { clerk, failures } = judge(okThenErrVersion(), twoAtOnce(answer));
    await clerk.put("k", "v", 2);
    expect(failures).toEqual([]);
  });

  it.each<[string, unknown[], Err, string]>([
    ["ErrVersion after two sends", okThenErrVersion(), "ErrVersion", 'clerk-3: Put("k", "v", 2) returned ErrVersion after 2 sends; a resent put that meets ErrVersion must return ErrMaybe (an earlier try may have applied)'],
    ["ErrNoKey no reply said", okThenErrVersion(), "ErrNoKey", 'clerk-3: Put("k", "v", 2) returned ErrNoKey, but its 2 replies said only OK or ErrVersion, which after 2 sends means ErrMaybe'],
    ["ErrMaybe when both said OK", [{ err: "OK" }, { err: "OK" }], "ErrMaybe", 'clerk-3: Put("k", "v", 2) returned ErrMaybe, but its 2 replies said only OK'],
  ])("a wrong clerk fails: %s", async (_, replies, answer, message) => {
    const { clerk, failures } = judge(replies, twoAtOnce(() => answer));
    await clerk.put("k", "v", 2);
    expect(failures).toEqual([message]);
  });

  it("a get returns one of its replies as it came, and nothing else", async () => {
    const replies = [{ value: "a", version: 1, err: "OK" }, { value: "b", version: 2, err: "OK" }];
    const getsTwice = (pick: (a: GetReply, b: GetReply) => GetReply) => (end: ClientEnd): Clerk => ({
      ...correct(end),
      async get(key) {
        const [a, b] = await Promise.all([end.call<object, GetReply>("get", { key }), end.call<object, GetReply>("get", { key })]);
        return pick(a!, b!);
      },
    });
    for (const pick of [(a: GetReply) => a, (_: GetReply, b: GetReply) => b]) {
      const { clerk, failures } = judge([...replies], getsTwice(pick));
      await clerk.get("k");
      expect(failures).toEqual([]);
    }
    const mixed = judge([...replies], getsTwice((a, b) => ({ value: a.value, version: b.version, err: "OK" })));
    await mixed.clerk.get("k");
    expect(mixed.failures).toEqual(['clerk-3: Get("k") returned ("a", 2, OK), but its 2 replies said only ("a", 1, OK) or ("b", 2, OK)']);
  });
});

describe("a call that throws is over", () => {
  it("the RPCs of the next calls are theirs, not the thrown call's", async () => {
    let throws = true;
    const { clerk, failures } = judge([{ value: "", version: 0, err: "ErrNoKey" }, { value: "x", version: 1, err: "OK" }], (end) => ({
      ...correct(end),
      async get(key) {
        const reply = await end.call<object, GetReply>("get", { key });
        if (throws) {
          throws = false;
          throw new Error("the clerk's own error");
        }
        return reply!;
      },
    }));
    await expect(clerk.get("k")).rejects.toThrow("the clerk's own error");
    expect(await clerk.get("k")).toEqual({ value: "x", version: 1, err: "OK" });
    expect(failures).toEqual([]);
  });
});

describe("an RPC that fits no call fails the test even when the failure throws and the clerk catches it", () => {
  it("it is raised again from outside the clerk as the call returns", async () => {
    const thrown: string[] = [];
    const j = new ClerkJudge("clerk-3", (message) => {
      thrown.push(message);
      throw new Error(message);
    });
    const end = scriptedEnd([{ err: "OK" }]);
    const clerk = j.judged({
      ...correct(j.watch(end)),
      async put(key, value, version) {
        try {
          await j.watch(end).call("put", { key, value, version: version + 1 });
        } catch {
          // a clerk that swallows its end's errors
        }
        return "OK";
      },
    });
    await expect(clerk.put("k", "v", 2)).rejects.toThrow('clerk-3: Put("k", "v", 2) sent put with version 3 instead of 2; a call sends only its own put with its own arguments');
    expect(thrown).toHaveLength(2); // once inside the clerk, where it was swallowed; once outside
  });
});

describe("the judge hands out the end and the clerk themselves, with only call, get and put its own", () => {
  it("keeps their fields and classes, gives the same functions each time, and watches one end only", async () => {
    class Counted {
      calls = 0;
      constructor(readonly name: string) {}
      call<A, R>(_method: string, _args: A): Promise<R | undefined> {
        this.calls++;
        return Promise.resolve({ err: "OK" } as R);
      }
    }
    const j = new ClerkJudge("clerk-3", () => {});
    const end = new Counted("clerk-3");
    const watched = j.watch(end);
    expect(watched).toBeInstanceOf(Counted);
    expect(watched.name).toBe("clerk-3");
    expect(watched.call).toBe(watched.call);
    const clerk = j.judged(correct(watched));
    expect(clerk.put).toBe(clerk.put);
    expect(await clerk.put("k", "v", 1)).toBe("OK");
    expect(end.calls).toBe(1);
    expect(j.watch(end).call).toBe(watched.call);
    expect(() => j.watch(new Counted("clerk-4"))).toThrow("clerk-3: a clerk judge watches one end");
  });

  it("gives every clerk the same call, get and put, each of which finds its own clerk's judge through the object it is called on", async () => {
    const first = judge([{ err: "OK" }], correct);
    const second = judge([{ err: "ErrNoKey" }, { err: "ErrVersion" }], correct);
    expect(first.clerk.put).toBe(second.clerk.put);
    expect(await second.clerk.put("k", "v", 1)).toBe("ErrNoKey");
    const put = first.clerk.put;
    void second.clerk.get; // the last function given is now the second clerk's
    expect(await put.call(first.clerk, "k", "v", 0)).toBe("OK");
    expect(await second.clerk.put("k", "v", 2)).toBe("ErrVersion");
    expect([...first.failures, ...second.failures]).toEqual([]);
    const detached = first.clerk.get;
    expect(() => detached("k")).toThrow(new TypeError("get was called without the object it belongs to: call it as a method, or bind it to its object"));
  });
});
