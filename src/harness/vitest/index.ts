/**
 * A lab's suites as vitest tests ({@link registerLabSuites}), for the package's `kvlab/vitest`
 * entry. A part with a face of its own, so that only that entry loads vitest: the harness's face
 * does not.
 */
export { registerLabSuites, wallBudgetMs } from "./register-lab-suites.js";
export type { RegisterOptions } from "./register-lab-suites.js";
