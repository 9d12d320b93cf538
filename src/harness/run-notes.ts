/** Said of a run whose linearizability check ran out of its step budget (it passes, as in the course). */
export const CHECK_OUT_OF_BUDGET = "info: linearizability check timed out, assuming history is ok";

/**
 * What a run notes beside its verdict: info lines the report prints after the test, and the
 * outcomes the harness counts as typed values (never found again by matching the lines' text).
 */
export class RunNotes {
  /** Lines such as "info: linearizability check …", in the order they were noted. */
  readonly info: string[] = [];
  /** Linearizability checks of this run that ran out of budget (verdict unknown; the run passes). */
  uncheckedHistories = 0;

  /** A check of the run's history ran out of its budget: the run passes, and says so. */
  checkOutOfBudget(): void {
    this.uncheckedHistories++;
    this.info.push(CHECK_OUT_OF_BUDGET);
  }
}
