import { describe, expect, it } from "vitest";
import type { ClientEnd, LabEnv } from "../../../../labnet/index.js";
import { ROUND_PAUSE_MS, ReferenceKVRaftClerk } from "../../../../src/labs/kvraft/reference/index.js";
import { KvGroup, serverName } from "./group.js";

/**
 * Servers that answer from a script: each call takes the next reply (undefined: the call was lost)
 * and is logged as "server method"; the env's clock moves only by the clerk's own sleeps.
 */
function scripted(n: number, replies: unknown[]): { ends: ClientEnd[]; env: LabEnv; calls: string[] } {
  const calls: string[] = [];
  let now = 0;
  const ends = Array.from({ length: n }, (_, i) => ({
    call: async <A, R>(method: string, _args: A) => {
      calls.push(`${i} ${method} @${now}`);
      return replies.shift() as R | undefined;
    },
  }));
  const env: LabEnv = { now: () => now, random: () => 0.5, sleep: async (ms) => void (now += ms) };
  return { ends, env, calls };
}

const WRONG = { err: "ErrWrongLeader" };

describe("ReferenceKVRaftClerk", () => {
  it("returns a put's first answer as is, ErrVersion included", async () => {
    const { ends, env } = scripted(3, [{ err: "ErrVersion" }, { err: "ErrNoKey" }, { err: "OK" }]);
    const clerk = new ReferenceKVRaftClerk(ends, env);
    expect(await clerk.put("k", "v", 3)).toBe("ErrVersion");
    expect(await clerk.put("k", "v", 3)).toBe("ErrNoKey");
    expect(await clerk.put("k", "v", 0)).toBe("OK");
  });

  it("turns ErrVersion after a lost or refused attempt into ErrMaybe, as that attempt may have been applied", async () => {
    const { ends, env, calls } = scripted(3, [undefined, { err: "ErrVersion" }, WRONG, { err: "ErrVersion" }, undefined, { err: "OK" }]);
    const clerk = new ReferenceKVRaftClerk(ends, env);
    expect(await clerk.put("k", "v", 1)).toBe("ErrMaybe");
    expect(await clerk.put("k", "v", 1)).toBe("ErrMaybe");
    expect(await clerk.put("k", "v", 1)).toBe("OK");
    expect(calls).toEqual(["0 put @0", "1 put @0", "1 put @0", "2 put @0", "2 put @0", "0 put @0"]);
  });

  it("retries a get through ErrWrongLeader and lost calls until OK or ErrNoKey, pausing after each full round", async () => {
    const { ends, env, calls } = scripted(3, [WRONG, undefined, WRONG, WRONG, { value: "v", version: 2, err: "OK" }, { value: "", version: 0, err: "ErrNoKey" }]);
    const clerk = new ReferenceKVRaftClerk(ends, env);
    expect(await clerk.get("k")).toEqual({ value: "v", version: 2, err: "OK" });
    expect(await clerk.get("gone")).toEqual({ value: "", version: 0, err: "ErrNoKey" });
    const later = ROUND_PAUSE_MS;
    expect(calls).toEqual(["0 get @0", "1 get @0", "2 get @0", `0 get @${later}`, `1 get @${later}`, `1 get @${later}`]);
  });

  it("over an unreliable network, answers every put OK or ErrMaybe (never ErrWrongLeader), and an ErrMaybe put was applied once", async () => {
    const group = new KvGroup({ seed: 3, reliable: false, n: 5 });
    const results: string[] = [];
    await group.run(async () => {
      const { clerk } = group.makeClerk();
      for (let i = 0; i < 60; i++) results.push(await clerk.put(`k${i}`, "v", 0));
      for (let i = 0; i < 60; i++) expect(await clerk.get(`k${i}`)).toEqual({ value: "v", version: 1, err: "OK" });
    });
    expect(new Set(results)).toEqual(new Set(["OK", "ErrMaybe"]));
  });

  it("finds the new leader once the old one is cut off, and sends there first from then on", async () => {
    const group = new KvGroup({ seed: 4 });
    const executed: string[] = [];
    group.net.onExecution((execution) => {
      if (execution.method === "put") executed.push(execution.server);
    });
    await group.run(async () => {
      const { clerk, ends } = group.makeClerk();
      for (let i = 0; i < 5; i++) expect(await clerk.put("k", String(i), i)).toBe("OK");
      const old = group.leader();
      expect(executed.slice(-4)).toEqual(new Array(4).fill(serverName(old)));
      group.partition([0, 1, 2].filter((i) => i !== old), [old]);
      group.net.enable(ends[old]!.name, false);
      expect(await clerk.put("k", "5", 5)).toBe("OK");
      const next = group.leader([0, 1, 2].filter((i) => i !== old));
      expect(next).not.toBe(old);
      executed.length = 0;
      for (let i = 6; i < 10; i++) expect(await clerk.put("k", String(i), i)).toBe("OK");
      expect(executed).toEqual(new Array(4).fill(serverName(next)));
      expect(await clerk.get("k")).toEqual({ value: "9", version: 10, err: "OK" });
    });
  });

  it("runs the same for the same seed, differently for another", async () => {
    const scenario = (seed: number) => {
      const group = new KvGroup({ seed, reliable: false });
      return group.run(async (env) => {
        const clerks = [group.makeClerk().clerk, group.makeClerk().clerk];
        await Promise.all(clerks.map(async (clerk, c) => {
          for (let i = 0; i < 10; i++) await clerk.put(`k${c}`, String(i), i);
        }));
        group.crash(await group.awaitLeader(env));
        await env.sleep(500);
        await clerks[0]!.get("k1");
      });
    };
    const first = await scenario(5);
    expect(await scenario(5)).toBe(first);
    expect(await scenario(6)).not.toBe(first);
  });
});
