import type { CommandModule } from "yargs";
import { DEFAULT_LAB } from "../../harness/command-line/index.js";
import { labNames } from "../../labs/index.js";
import type { InitArgs } from "./init-args.js";

/**
 * `kvlab init [DIR]`: writes a student's starting folder (see starterFiles) and says what to run
 * next. It writes files only: `npm install` is the student's own step, so init needs no network
 * and its output is the same everywhere. It never overwrites: if any of its files is already
 * there, it writes nothing.
 */
export const initCommand: CommandModule<object, InitArgs> = {
  command: "init [dir]",
  describe: "Write a starting folder for a lab: package.json, tsconfig.json and your file (my-kv.ts and a vitest file; --lab raft: my-raft.ts; --lab kvraft: my-kvraft.ts)",
  builder: (yargs) =>
    yargs
      .positional("dir", { type: "string", default: ".", describe: "the folder to write into (made if missing)" })
      .option("lab", { choices: labNames, default: DEFAULT_LAB, describe: "which lab's starting folder to write" })
      .option("kvlab", { type: "string", describe: "the kvlab dependency to write: a tarball or folder path, a git URL or a version" })
      .example("kvlab init my-lab", "then: cd my-lab && npm install && npm test")
      .example("kvlab init my-lab --kvlab ./kvlab-0.1.0.tgz", "depend on a kvlab tarball a course handed out")
      .example("kvlab init my-raft --lab raft", "the Raft lab: the course's skeleton as my-raft.ts; then: cd my-raft && npm install && npm test -- --suite 3A")
      .example("kvlab init my-kvraft --lab kvraft", "the replicated KV lab: the course's rsm, server and clerk skeletons as my-kvraft.ts; then: cd my-kvraft && npm install && npm test -- --suite 4A"),
  // What init does is loaded when it runs (see runInit): --help and the other commands never load it.
  handler: async (args) => (await import("./init-handler.js")).runInit(args),
};
