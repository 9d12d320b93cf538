/** Fuzzing any lab with scenarios: generate with the lab's arbitrary, run, shrink, and keep what fails. */
export { fuzz, type FuzzOptions, type FuzzResult, type Counterexample } from "./fuzz.js";
export { writeCounterexample, type CounterexampleFiles } from "./counterexample-files.js";
