/**
 * The checker's explanations: {@link explain} turns a check's result into text a student can act
 * on, and {@link minimalIllegalHistory} shrinks an illegal history to the few operations that
 * prove it. A part with a face of its own: `kvlab check` loads it only for a verdict it explains.
 */
export { explain, operationText, stateText } from "./explain.js";
export type { ExplainOptions } from "./explain.js";
export { minimalIllegalHistory } from "./shrink-history.js";
export type { MinimalHistory } from "./shrink-history.js";
