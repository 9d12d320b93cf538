/**
 * The one-page view of a run: {@link RunView} is what a page shows, {@link renderRunView} writes it
 * as HTML, {@link historyView} builds it for a checked history file, and the run window
 * ({@link nearest}, {@link focusOf}, {@link roleRank}, {@link SummaryBuilder}, the SHOWN_* limits) is
 * what a lab builds the view of a run it recorded with. A part with a face of its own: `kvlab
 * check` loads it only with --html.
 */
export type { RunView, RunSummary, ViewBand, ViewMarker, ViewMessage, ViewOperation } from "./run-view.js";
export { renderRunView } from "./render-run-view.js";
export { historyView } from "./history-view.js";
export type { CheckedHistory } from "./history-view.js";
export { DETAIL_CHARS, FOCUS_OPERATIONS, SHOWN_MARKERS, SHOWN_MESSAGES, SHOWN_OPERATIONS, focusOf, nearest, roleRank, SummaryBuilder } from "./run-window.js";
export type { Focus } from "./run-window.js";
