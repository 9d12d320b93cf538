import { describe, expect, it } from "vitest";
import { lifeEvents, networkChanges, roleSpans, roleWords, timelineLines } from "../../../../src/labs/raft/forensics/timeline.js";
import { RaftForensicRecord, type RaftEvent } from "../../../../src/labs/raft/world/index.js";

const event = (timeMs: number, kind: RaftEvent["kind"], peer: number): RaftEvent => ({ timeMs, kind, peer });

describe("the Raft timeline", () => {
  it("leaves out the connects that start the run, a crash's own disconnection and ConnectAll's connect of a crashed peer", () => {
    const events = [event(0, "connect", 0), event(0, "connect", 1), event(10, "disconnect", 1), event(20, "connect", 1), event(30, "disconnect", 0), event(30, "crash", 0), event(40, "connect", 0), event(50, "restart", 0), event(50, "connect", 1)];
    expect(lifeEvents(events)).toEqual([
      { timeMs: 10, peer: 1, kind: "disconnected" },
      { timeMs: 20, peer: 1, kind: "reconnected" },
      { timeMs: 30, peer: 0, kind: "crashed" },
      { timeMs: 50, peer: 0, kind: "restarted" },
    ]);
  });

  it("has the network's partitions, their healing (a heal with nothing cut is none) and its profiles (the same one again is none), from the trace", () => {
    const trace = [
      { time: 1000, kind: "heal" as const, subject: "network", detail: "" },
      { time: 2000, kind: "partition" as const, subject: "raft-0 <-/-> raft-1,raft-2", detail: "" },
      { time: 3500, kind: "heal" as const, subject: "network", detail: "" },
      { time: 4000, kind: "profile" as const, subject: "unreliable+long-delays", detail: "" },
      { time: 4000, kind: "profile" as const, subject: "unreliable+long-delays", detail: "" },
    ];
    expect(networkChanges(trace)).toEqual([
      { timeMs: 2, kind: "partition", text: "partition raft-0 <-/-> raft-1,raft-2" },
      { timeMs: 3.5, kind: "healed", text: "partitions healed" },
      { timeMs: 4, kind: "network", text: "network unreliable+long-delays" },
    ]);
  });

  it("cuts each peer's states into spans that end at its next state, its crash or the end, dropping states left at once", () => {
    const record = new RaftForensicRecord(() => 0);
    record.roles.push(
      { timeMs: 5, peer: 0, incarnation: 1, term: 0, role: "follower" },
      { timeMs: 5, peer: 0, incarnation: 1, term: 1, role: "candidate" },
      { timeMs: 7, peer: 0, incarnation: 1, term: 1, role: "leader" },
      { timeMs: 60, peer: 0, incarnation: 2, term: 1, role: "follower" },
      { timeMs: 8, peer: 1, incarnation: 1, term: 1, role: "follower" },
    );
    record.roles.sort((a, b) => a.timeMs - b.timeMs);
    const spans = roleSpans(record, [{ timeMs: 30, peer: 0, kind: "crashed" }], 100);
    expect(spans.map(({ peer, term, role, fromMs, untilMs }) => [peer, term, role, fromMs, untilMs])).toEqual([
      [0, 1, "candidate", 5, 7],
      [0, 1, "leader", 7, 30],
      [1, 1, "follower", 8, 100],
      [0, 1, "follower", 60, 100],
    ]);
  });

  it("prints the last changes up to an instant, saying how many came before", () => {
    const spans = [0, 1, 2].map((term) => ({ peer: 0, incarnation: 1, term, role: "candidate" as const, fromMs: term * 10, untilMs: term * 10 + 5 }));
    const lines = timelineLines(spans, [{ timeMs: 15, peer: 1, kind: "disconnected" }], [{ timeMs: 12, kind: "network", text: "network unreliable" }], 15, 3);
    expect(lines).toEqual(["  (1 earlier changes on the page)", "      10.000ms  raft-0 candidate in term 1", "      12.000ms  network unreliable", "      15.000ms  raft-1 disconnected"]);
    expect(roleWords({ peer: 2, term: 3, role: "leader" })).toBe("raft-2 leader of term 3");
    expect(roleWords({ peer: 2, term: 3, role: "not leader" })).toBe("raft-2 in term 3, not leading");
  });
});
