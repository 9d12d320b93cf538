// RunNotes: what a run notes beside its verdict, counted as typed values.
import { describe, expect, it } from "vitest";
import { CHECK_OUT_OF_BUDGET, RunNotes } from "../../src/harness/index.js";

describe("RunNotes", () => {
  it("starts with nothing noted", () => {
    const notes = new RunNotes();
    expect([notes.info, notes.uncheckedHistories]).toEqual([[], 0]);
  });

  it("counts each check out of budget and says the line once per check, in order with other lines", () => {
    const notes = new RunNotes();
    notes.checkOutOfBudget();
    notes.info.push("info: something else");
    notes.checkOutOfBudget();
    expect(notes.uncheckedHistories).toBe(2);
    expect(notes.info).toEqual([CHECK_OUT_OF_BUDGET, "info: something else", CHECK_OUT_OF_BUDGET]);
    expect(CHECK_OUT_OF_BUDGET).toBe("info: linearizability check timed out, assuming history is ok");
  });

  it("counts the check, not the line: a line written by hand counts nothing", () => {
    const notes = new RunNotes();
    notes.info.push(CHECK_OUT_OF_BUDGET);
    expect(notes.uncheckedHistories).toBe(0);
  });

  it("keeps each run's notes its own", () => {
    const [one, other] = [new RunNotes(), new RunNotes()];
    one.checkOutOfBudget();
    expect([other.info, other.uncheckedHistories]).toEqual([[], 0]);
  });
});
