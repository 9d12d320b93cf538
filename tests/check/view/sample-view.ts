import type { RunView, ViewMessage } from "../../../src/check/view/run-view.js";

/**
 * A hand-built failed run that uses every part of a RunView: two clerks, every role, an operation
 * that never returned, a message of every fate (and a duplicate), and a fault of every kind.
 */
export function sampleView(): RunView {
  const msg = (id: string, from: string, fate: ViewMessage["fate"], times: Partial<ViewMessage>, operation: number): ViewMessage => ({
    id,
    from,
    to: "kvserver",
    sendMs: 0,
    fate,
    operation,
    details: { method: "put", args: '{"key":"k"}' },
    ...times,
  });
  return {
    title: "TestUnreliableNet, seed 3",
    verdict: "fail",
    summary: "history is not linearizable",
    explanation: ['not linearizable: key "k" (4 operations)', "State then: \"b\" (version 2)"],
    rerun: "kvlab test --test TestUnreliableNet --seed 3",
    lanes: ["clerk-1", "clerk-2", "kvserver"],
    operations: [
      { id: 0, lane: "clerk-1", callMs: 0, returnMs: 30, label: 'put("k", "a", 0) -> OK', key: "k", role: "placed", order: 1, details: { attempts: "1" } },
      { id: 1, lane: "clerk-2", callMs: 5, returnMs: 60, label: 'put("k", "b", 1) -> ErrMaybe', key: "k", role: "placed", order: 2, details: { attempts: "3" } },
      { id: 2, lane: "clerk-1", callMs: 70, returnMs: 90, label: 'get("k") -> ("a", 1, OK)', key: "k", role: "unplaced", details: { "state before": '"b" (version 2)' } },
      { id: 3, lane: "clerk-2", callMs: 65, returnMs: 80, label: 'get("k") -> ("b", 2, OK)', key: "k", role: "minimal", details: {} },
      { id: 4, lane: "clerk-2", callMs: 95, label: 'put("k", "c", 2) -> ?', key: "k", role: "other", details: {} },
    ],
    messages: [
      msg("clerk-1#1", "clerk-1", "delivered", { sendMs: 1, arriveMs: 5, replySendMs: 6, replyArriveMs: 10 }, 0),
      msg("clerk-2#1", "clerk-2", "request-dropped", { sendMs: 6, arriveMs: 16 }, 1),
      msg("clerk-2#2", "clerk-2", "reply-dropped", { sendMs: 18, arriveMs: 22, replySendMs: 23 }, 1),
      msg("clerk-2#3", "clerk-2", "delivered", { sendMs: 40, arriveMs: 44, replySendMs: 45, replyArriveMs: 58 }, 1),
      msg("clerk-2#3 (copy 1)", "clerk-2", "discarded", { sendMs: 40, arriveMs: 47, replySendMs: 48, replyArriveMs: 52 }, 1),
      msg("clerk-1#2", "clerk-1", "unreachable", { sendMs: 71, arriveMs: 75 }, 2),
      msg("clerk-1#3", "clerk-1", "delivered", { sendMs: 76, arriveMs: 80, replySendMs: 81, replyArriveMs: 88 }, 2),
      msg("clerk-2#4", "clerk-2", "lost", { sendMs: 96, arriveMs: 100 }, 4),
    ],
    markers: [
      { atMs: 68, untilMs: 76, kind: "partition", label: "partition clerk-1 | kvserver" },
      { atMs: 101, untilMs: 110, kind: "crash", label: "kvserver crashed" },
      { atMs: 110, kind: "restart", label: "kvserver restarted" },
      { atMs: 20, kind: "network", label: "network: unreliable" },
    ],
  };
}
