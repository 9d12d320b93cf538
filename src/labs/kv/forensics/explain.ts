import { tooLongToExplain, type Explanation, type Run } from "../../../harness/index.js";
import { buildRunView } from "./build-run-view.js";
import { explainFailure, minimalPart } from "./explain-run.js";
import { investigate } from "./investigate.js";

/**
 * The KV lab's explanation of a failed run: re-run with the clerk journal and the server's
 * executions kept, then the smallest illegal part of the history with each operation's RPC
 * attempts, the causes found, and the page that draws the run. Undefined for a run that did not
 * fail when re-run (or did not run).
 */
export async function explainKvRun(run: Run): Promise<Explanation | undefined> {
  const investigation = await investigate(run);
  if (!investigation || investigation.report.verdict !== "fail") return undefined;
  const tooLong = tooLongToExplain(investigation.report);
  if (tooLong) return tooLong;
  const minimal = minimalPart(investigation);
  const lines = explainFailure(investigation, minimal);
  return { lines, view: buildRunView(investigation, lines, minimal) };
}
