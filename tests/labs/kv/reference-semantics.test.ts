import { describe, expect, it } from "vitest";
import type { ClientEnd, LabEnv } from "../../../labnet/index.js";
import { ReferenceClerk, ReferenceServer } from "../../../src/index.js";

/** An end to a real ReferenceServer that loses the replies it is told to (the server still runs). */
function lossyEnd(server: ReferenceServer, loseReplies: number[]): ClientEnd & { calls: number } {
  const end = {
    calls: 0,
    async call<A, R>(method: string, args: A): Promise<R | undefined> {
      end.calls++;
      const reply = method === "get" ? server.get(args as never) : server.put(args as never);
      return loseReplies.includes(end.calls) ? undefined : (structuredClone(reply) as R);
    },
  };
  return end;
}

const env: LabEnv = { sleep: async () => {}, now: () => 0, random: () => 0.5 };

describe("reference server semantics", () => {
  it("creates at version 0, bumps on a match, refuses a mismatch or a missing key", () => {
    const server = new ReferenceServer();
    expect(server.get({ key: "k" })).toEqual({ value: "", version: 0, err: "ErrNoKey" });
    expect(server.put({ key: "k", value: "a", version: 1 })).toEqual({ err: "ErrNoKey" });
    expect(server.put({ key: "k", value: "a", version: 0 })).toEqual({ err: "OK" });
    expect(server.put({ key: "k", value: "b", version: 0 })).toEqual({ err: "ErrVersion" });
    expect(server.put({ key: "k", value: "b", version: 1 })).toEqual({ err: "OK" });
    expect(server.get({ key: "k" })).toEqual({ value: "b", version: 2, err: "OK" });
  });
});

describe("reference clerk", () => {
  it("returns the first reply's error as it is", async () => {
    const server = new ReferenceServer();
    const clerk = new ReferenceClerk(lossyEnd(server, []), env);
    expect(await clerk.put("k", "a", 0)).toBe("OK");
    expect(await clerk.put("k", "a", 0)).toBe("ErrVersion");
  });

  it("answers ErrMaybe when a resent put meets ErrVersion (its first try applied, the reply was lost)", async () => {
    const server = new ReferenceServer();
    const end = lossyEnd(server, [1]);
    const clerk = new ReferenceClerk(end, env);
    expect(await clerk.put("k", "a", 0)).toBe("ErrMaybe");
    expect(end.calls).toBe(2);
    expect(server.get({ key: "k" })).toEqual({ value: "a", version: 1, err: "OK" });
  });

  it("answers OK when a resent put still matches, and retries a get until answered", async () => {
    const server = new ReferenceServer();
    const end = lossyEnd(server, [2, 3, 4]);
    const clerk = new ReferenceClerk(end, env);
    server.put({ key: "k", value: "a", version: 0 });
    expect(await clerk.get("k")).toEqual({ value: "a", version: 1, err: "OK" });
    expect(await clerk.get("k")).toEqual({ value: "a", version: 1, err: "OK" });
    expect(end.calls).toBe(5);
  });
});
