import type { RaftPeer, RaftState, StartResult } from "../contract.js";
import { goValue } from "./format.js";

/**
 * The tester's calls into a peer's contract, checked: an answer that is a Promise, or not the
 * shape the contract says, fails the run naming the peer and what was wrong (the contract's
 * methods answer at once; a student who made them async learns it here, not from a hang).
 */
export function checkedStart(raft: RaftPeer, peer: number, command: unknown, fail: (message: string) => never): StartResult {
  const answer: unknown = raft.start(command);
  const call = `raft-${peer}.start(${goValue(command)})`;
  if (isThenable(answer)) fail(`${call} returned a Promise; start must answer { index, term, isLeader } at once, without awaiting`);
  const a = answer as Partial<StartResult> | null;
  if (typeof a !== "object" || a === null || !Number.isInteger(a.index) || !Number.isInteger(a.term) || typeof a.isLeader !== "boolean") {
    fail(`${call} answered ${describe(answer)}; expected { index: integer, term: integer, isLeader: boolean }`);
  }
  return a as StartResult;
}

/** getState, checked as start is. */
export function checkedState(raft: RaftPeer, peer: number, fail: (message: string) => never): RaftState {
  const answer: unknown = raft.getState();
  const call = `raft-${peer}.getState()`;
  if (isThenable(answer)) fail(`${call} returned a Promise; getState must answer { term, isLeader } at once, without awaiting`);
  const a = answer as Partial<RaftState> | null;
  if (typeof a !== "object" || a === null || !Number.isInteger(a.term) || typeof a.isLeader !== "boolean") {
    fail(`${call} answered ${describe(answer)}; expected { term: integer, isLeader: boolean }`);
  }
  return a as RaftState;
}

function isThenable(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  return goValue(value);
}
