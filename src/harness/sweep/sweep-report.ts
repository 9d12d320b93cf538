import type { TestReport } from "../run-test.js";

/**
 * A run's report; after a determinism check that failed, also where the two runs parted. A file of
 * its own: the job that runs a test and the determinism check that runs it twice both return one.
 */
export interface SweepReport extends TestReport {
  /** The first divergent event, in describeDivergence's words. */
  divergence?: string;
  /** For an explained failure: the one-page viewer of the run. */
  page?: string;
}
