/**
 * kvlab's linearizability checker: give it a history and a model, get ok, illegal or unknown,
 * with the linearization found or the dead end that proves the violation.
 *
 * - {@link check} searches; {@link explain} turns its result into text a student can act on.
 * - {@link Model} (and {@link NondeterministicModel} through {@link powerset}) is the contract a
 *   specification meets; kvlab ships {@link kvModel}, {@link kvStrictModel}, {@link appendKvModel},
 *   {@link casRegisterModel} and {@link registerModel}, also by name in {@link shippedModels}.
 * - {@link readHistory} reads kvlab's JSON-lines histories, Porcupine's kv logs and Jepsen's etcd
 *   logs; {@link fromEvents} turns ordered call/return events into operations.
 * - {@link renderRunView} draws the one-page view of a run; a lab builds the view of a run it
 *   recorded with the window a checked history's view uses ({@link nearest}, {@link focusOf},
 *   {@link roleRank}, {@link SummaryBuilder} and the SHOWN_* limits).
 *
 * It knows nothing of labnet, so it checks histories from anywhere. Its parts have faces of their
 * own (search, formats, models, explain, view) so that a command loads only the part it uses;
 * this face offers them all.
 */
export { check } from "./search/index.js";
export type { Candidate, CheckOptions, CheckResult, DeadEnd, PartitionResult, UnknownReason, Verdict } from "./search/index.js";
export { explain, operationText, stateText } from "./explain/index.js";
export type { ExplainOptions } from "./explain/index.js";
export { fromEvents, HistoryError, validateHistory } from "./history.js";
export type { HistoryEvent, Operation } from "./history.js";
export { stateHash, powerset } from "./model.js";
export type { Model, NondeterministicModel, ReadEvidence } from "./model.js";
export { findModel, shippedModels } from "./models/index.js";
export type { ShippedModel } from "./models/index.js";
export { FORMAT_NAMES, FormatError, readHistory, sniffFormat } from "./formats/index.js";
export type { FormatName, LoadedHistory } from "./formats/index.js";
export { kvModel, kvStrictModel } from "./models/kv.js";
export type { KvErr, KvInput, KvOutput, KvState } from "./models/kv.js";
export { appendKvModel } from "./models/porcupine-kv.js";
export type { AppendKvInput, AppendKvOutput, AppendKvState } from "./models/porcupine-kv.js";
export { casRegisterModel } from "./models/cas-register.js";
export type { CasInput, CasOutput } from "./models/cas-register.js";
export type { ExactInteger } from "./models/exact-integer.js";
export { registerModel } from "./models/register.js";
export type { RegisterInput, RegisterOutput, RegisterValue } from "./models/register.js";
export { minimalIllegalHistory } from "./explain/index.js";
export type { MinimalHistory } from "./explain/index.js";
export type { RunView, RunSummary, ViewBand, ViewMarker, ViewMessage, ViewOperation } from "./view/index.js";
export { renderRunView } from "./view/index.js";
export { DETAIL_CHARS, FOCUS_OPERATIONS, SHOWN_MARKERS, SHOWN_MESSAGES, SHOWN_OPERATIONS, focusOf, nearest, roleRank, SummaryBuilder } from "./view/index.js";
export type { Focus } from "./view/index.js";
