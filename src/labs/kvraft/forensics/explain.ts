import { kvStrictModel, minimalIllegalHistory } from "../../../check/index.js";
import { tooLongToExplain, type Explanation, type Run } from "../../../harness/index.js";
import { explanationLines } from "./explain-lines.js";
import { investigate } from "./investigate.js";
import { kvraftRunView } from "./page.js";
import { kvraftTimeline } from "./raft-view.js";
import { Stories } from "./stories.js";

/**
 * The replicated KV lab's explanation of a failed run (kvraftLab.explain): re-run with the world's
 * forensic record, then the failure through both layers (the clerk calls that matter, each
 * attempt, the server that took it into Raft, its index and term, where it was applied; Raft's
 * terms, leaders and faults), for the terminal and for the page. A linearizability failure is
 * shrunk to the smallest illegal part of its history under the strict model, as the KV lab does.
 * Undefined for a run that did not fail when re-run (or did not run).
 */
export async function explainKvRaftRun(run: Run): Promise<Explanation | undefined> {
  const investigation = await investigate(run);
  if (!investigation || investigation.report.verdict !== "fail") return undefined;
  const tooLong = tooLongToExplain(investigation.report);
  if (tooLong) return tooLong;
  const minimal = investigation.report.reason?.kind === "linearizability" ? minimalIllegalHistory(investigation.world.history.operations, kvStrictModel) : undefined;
  const stories = new Stories(investigation);
  const timeline = kvraftTimeline(investigation);
  const lines = explanationLines(investigation, stories, minimal, timeline);
  return { lines, view: kvraftRunView(investigation, stories, minimal, timeline, lines) };
}
