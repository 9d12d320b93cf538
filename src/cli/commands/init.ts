import type { CommandModule } from "yargs";
import type { InitArgs } from "./init-args.js";

/**
 * `kvlab init [DIR]`: writes a student's starting folder (see starterFiles) and says what to run
 * next. It writes files only: `npm install` is the student's own step, so init needs no network
 * and its output is the same everywhere. It never overwrites: if any of its files is already
 * there, it writes nothing.
 */
export const initCommand: CommandModule<object, InitArgs> = {
  command: "init [dir]",
  describe: "Write a starting folder for the lab: package.json, tsconfig.json, my-kv.ts and a vitest file",
  builder: (yargs) =>
    yargs
      .positional("dir", { type: "string", default: ".", describe: "the folder to write into (made if missing)" })
      .option("kvlab", { type: "string", describe: "the kvlab dependency to write: a tarball or folder path, a git URL or a version" })
      .example("kvlab init my-lab", "then: cd my-lab && npm install && npm test")
      .example("kvlab init my-lab --kvlab ./kvlab-0.1.0.tgz", "depend on a kvlab tarball a course handed out"),
  // What init does is loaded when it runs (see runInit): --help and the other commands never load it.
  handler: async (args) => (await import("./init-handler.js")).runInit(args),
};
