/**
 * Model steps the linearizability check may take (deterministic: the same on every machine).
 * Past it the verdict is unknown, which passes with an info line, as a timeout does in the lab.
 * A module of its own, so that `kvlab test --help` can name it without loading the lab.
 */
export const LINEARIZABILITY_STEPS = 5_000_000;
