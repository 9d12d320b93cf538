import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CommandModule } from "yargs";
import { shellWord } from "../../lab/kvlab-command.js";
import { isPathSpec, kvlabDependency, specPath } from "../init/kvlab-dependency.js";
import { starterFiles } from "../init/starter.js";
import { OK_EXIT, USAGE_EXIT } from "../exit-codes.js";
import { kvlabPackage } from "../package-version.js";

interface InitArgs {
  dir: string;
  kvlab?: string;
}

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
  handler: (args) => {
    const fail = (message: string) => {
      process.stderr.write(`kvlab init: ${message}\n`);
      process.exitCode = USAGE_EXIT;
    };
    if (args.dir === "") return fail("name a folder to write into (or none, for the current one)");
    if (args.kvlab === "") return fail("--kvlab: name a tarball, folder, git URL or version");
    if (args.kvlab !== undefined && isPathSpec(args.kvlab) && !existsSync(specPath(args.kvlab))) {
      return fail(`--kvlab ${args.kvlab}: no such tarball or folder (a path is taken from the current folder)`);
    }
    if (existsSync(args.dir) && !statSync(args.dir).isDirectory()) return fail(`${args.dir} exists and is not a folder`);
    const kvlab = kvlabPackage();
    const files = starterFiles(args.dir, kvlab, kvlabDependency(kvlab.root, kvlab.manifest.version, args.dir, args.kvlab));
    const paths = files.map(([name]) => join(args.dir, name));
    const taken = paths.filter((path) => existsSync(path));
    if (taken.length > 0) return fail(`${taken.join(", ")} already ${taken.length === 1 ? "exists" : "exist"}; nothing was written`);
    mkdirSync(args.dir, { recursive: true });
    for (const [name, content] of files) writeFileSync(join(args.dir, name), content, { flag: "wx" });
    const into = args.dir === "." ? "" : `cd ${shellWord(args.dir)} && `;
    process.stdout.write(`wrote ${paths.join(", ")}\nnext: ${into}npm install && npm test\n`);
    process.exitCode = OK_EXIT;
  },
};
