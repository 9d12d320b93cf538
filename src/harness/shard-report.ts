import type { Run } from "./lab.js";
import { rerunCommand } from "./rerun.js";
import type { SweepReport } from "./sweep/index.js";

/**
 * A run's report as `kvlab test --json` prints it: the report, and what `kvlab merge` needs to
 * combine the reports of a sweep's shards without the runs themselves: the sweep each came from
 * (lab, implementation and the options that change a run's outcome), so that every failure's rerun
 * line can be rebuilt, and the run's place in the whole sweep, so that the shards' reports go back
 * in the order one unsharded run prints them.
 */
export interface ShardReport extends SweepReport {
  lab: string;
  /** The `--impl` path; absent for the lab's reference implementation. */
  impl?: string;
  /** The lab's part modules the sweep named (`--raft PATH` …), by flag; absent when none. */
  parts?: Record<string, string>;
  /** `--budget`, when given. */
  budget?: number;
  /** `--check-determinism`, when given. */
  checkDeterminism?: boolean;
  /** The run's place (0-based) in the sweep's runs, tests in order and each test's seeds in order, before any shard took its part. */
  sweepIndex: number;
  /**
   * How many runs the whole sweep has, so that kvlab merge can tell that a shard's file is missing
   * (or holds only the runs before a Ctrl-C); absent in reports of an older kvlab.
   */
  sweepRuns?: number;
}

/** `report` of `run`, at `sweepIndex` of the whole sweep of `sweepRuns` runs, with what kvlab merge needs. */
export function shardReport(report: SweepReport, run: Run, sweepIndex: number, sweepRuns?: number): ShardReport {
  const { implPath, parts, checkSteps, checkDeterminism } = run.options;
  return {
    ...report,
    lab: run.lab.name,
    ...(implPath === undefined ? {} : { impl: implPath }),
    ...(parts === undefined || Object.keys(parts).length === 0 ? {} : { parts: { ...parts } }),
    ...(checkSteps === undefined ? {} : { budget: checkSteps }),
    ...(checkDeterminism ? { checkDeterminism } : {}),
    sweepIndex,
    ...(sweepRuns === undefined ? {} : { sweepRuns }),
  };
}

/** The command that reruns a shard report's run, as `kvlab test` printed it for the run itself. */
export function shardReportRerun(report: ShardReport): string {
  return rerunCommand({
    lab: { name: report.lab },
    definition: { name: report.test },
    seed: report.seed,
    options: { implPath: report.impl, parts: report.parts, checkSteps: report.budget, checkDeterminism: report.checkDeterminism },
  });
}
