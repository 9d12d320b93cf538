/**
 * What kvlab's command lines need before any run: the defaults their --help names, the check of
 * `--shard`, the rerun command they print, and how the crash handler tells kvlab's code from a
 * user's in a stack. A light part with a face of its own: it loads no lab, no simulator and no
 * package, so `kvlab --help` and `kvlab check` start without them (tests/cli/lazy-loading.test.ts).
 */
export { DEFAULT_LAB } from "./default-lab.js";
export { RUN_PAGES } from "./run-pages.js";
export { LINEARIZABILITY_STEPS } from "./linearizability-steps.js";
export { parseShard } from "./shard.js";
export type { Shard } from "./shard.js";
export { resolveShard, shardFromEnv, SHARD_SOURCES } from "./shard-env.js";
export type { FoundShard } from "./shard-env.js";
export { kvlabCommand, shellWord } from "./kvlab-command.js";
export { isKvlabCode, isLibraryCode, kvlabRoot } from "./stack-frames.js";
export { kvlabPackage } from "./package-root.js";
export { withoutBom } from "./without-bom.js";
export type { KvlabManifest } from "./package-root.js";
