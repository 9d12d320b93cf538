/**
 * The harness: runs any lab on labnet (single runs, sweeps on workers and shards, the determinism
 * check, reports, scenarios, fuzzing, explanations and pages, runs against a real server). It
 * knows a lab only through the Lab interface.
 */
export type { ClosableEnd, Explanation, FuzzShape, Lab, LabPart, LabScenarios, NamedEnd, RealConnection, RealTarget, RealWorld, Run, RunOptions, ScenarioEnvelope, SimulatedWorld, TargetAddress, TestDefinition, WorldOptions } from "./lab.js";
export { RunNotes, CHECK_OUT_OF_BUDGET } from "./run-notes.js";
export { LabFailure, type FailureReason, type LabReason, type LostRun, type TraceTooLong } from "./failure.js";
export { TEST_LIMIT_MS, watchedSimulation, spawnGoroutine } from "./course-tester.js";
export { runTest, runInWorld, unrunReport, failureWords, type TestReport } from "./run-test.js";
export { rerunCommand, labWords, partWords, type RerunnableRun } from "./rerun.js";
export { shardReport, shardReportRerun, type ShardReport } from "./shard-report.js";
export { mergeShardReports, mergedLines, type ShardFile } from "./merge.js";
export { DEFAULT_LAB, isKvlabCode, isLibraryCode, kvlabCommand, kvlabPackage, kvlabRoot, LINEARIZABILITY_STEPS, parseShard, resolveShard, RUN_PAGES, shellWord, type KvlabManifest, type Shard } from "./command-line/index.js";
export { retainedBytes, heapAfterGc, heapAfterGcWithout, distinctValue } from "./memory.js";
export { ImplementationError, loadImplementation } from "./load/load-implementation.js";
export { loadRunImplementation } from "./load/run-implementation.js";
export { selectTests, allTestsOf, SelectionError } from "./select.js";
export { planJobs, shardJobs, runSweep, interruptedLine, type SweepBase, type SweepOptions, type SweepListener, type JobOptions, type SweepReport } from "./sweep/index.js";
export { reportFailure, type FailureReport } from "./forensics/report-failure.js";
export { EXPLAIN_TRACE_EVENTS, rerunRecorded, tooLongToExplain } from "./forensics/recorded-rerun.js";
export { eventFate, fateRank, messageFate } from "./forensics/message-fate.js";
export { ambientLines, beginLine, closingLines, determinismLine, endLines, summaryLine, unknownChecksLine } from "./report.js";
export {
  ScenarioError,
  scenarioExpectSchema,
  labScenarios,
  readScenarioJson,
  parseScenarioJson,
  readScenario,
  writeScenario,
  scenarioImplementation,
  expectedTrace,
  openScenario,
  scenarioRun,
  runScenario,
  runScenarioFile,
  traceLines,
  expectationProblems,
  replayOutcome,
  replaySucceeded,
  type ScenarioFile,
  type ScenarioJson,
  type LabsByName,
  type ScenarioRunOptions,
  type ReplayOutcome,
} from "./scenario/index.js";
export { fuzz, writeCounterexample, type FuzzOptions, type FuzzResult, type Counterexample, type CounterexampleFiles } from "./fuzz/index.js";
export { runOnTarget, runsOverTcp, targetDial, PROBE_MS, TargetConnection, type Dial } from "./tcp/index.js";
