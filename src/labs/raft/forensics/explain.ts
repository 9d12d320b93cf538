import { tooLongToExplain, type Explanation, type Run } from "../../../harness/index.js";
import { analyse } from "./analysis.js";
import { explanationLines } from "./explain-lines.js";
import { investigate } from "./investigate.js";
import { raftRunView } from "./page.js";

/**
 * The Raft lab's explanation of a failed run (raftLab.explain): re-run with the world's forensic
 * record, then the failure in Raft's terms, for the terminal and for the page. Undefined for a run
 * that did not fail when re-run (or did not run).
 */
export async function explainRaftRun(run: Run): Promise<Explanation | undefined> {
  const investigation = await investigate(run);
  if (!investigation || investigation.report.verdict !== "fail") return undefined;
  const tooLong = tooLongToExplain(investigation.report);
  if (tooLong) return tooLong;
  const analysis = analyse(investigation);
  const lines = explanationLines(investigation, analysis);
  return { lines, view: raftRunView(investigation, analysis, lines) };
}
