import { describe, expect, it } from "vitest";
import type { TraceEvent } from "../../../labnet/index.js";
import { eventFate, fateRank, messageFate } from "../../../src/harness/index.js";

const event = (kind: TraceEvent["kind"]): TraceEvent => ({ time: 0, kind, subject: "c#1 get→kv", detail: "" });

describe("a message copy's fate on a run's page", () => {
  it("is what its trace events settle, a delivered reply outranking everything else", () => {
    expect(messageFate([event("send"), event("execute"), event("deliver")])).toBe("delivered");
    expect(messageFate([event("send"), event("drop-reply"), event("deliver")])).toBe("delivered");
    expect(messageFate([event("send"), event("execute"), event("drop-reply")])).toBe("reply-dropped");
    expect(messageFate([event("send"), event("drop-request")])).toBe("request-dropped");
    expect(messageFate([event("send"), event("unreachable")])).toBe("unreachable");
    expect(messageFate([event("send"), event("discard")])).toBe("discarded");
  });

  it("is lost when nothing settled it", () => {
    expect(messageFate([event("send"), event("execute")])).toBe("lost");
    expect(messageFate([])).toBe("lost");
  });

  it("ranks fates in the viewer's order, and names the fate each settling event gives", () => {
    expect(["delivered", "discarded", "reply-dropped", "request-dropped", "unreachable", "lost"].map((f) => fateRank(f as never))).toEqual([0, 1, 2, 3, 4, 5]);
    expect([eventFate("deliver"), eventFate("discard"), eventFate("send"), eventFate("execute")]).toEqual(["delivered", "discarded", undefined, undefined]);
  });
});
