import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { kvlabPackage, shellWord } from "../../harness/command-line/index.js";
import { isPathSpec, kvlabDependency, specPath } from "../init/kvlab-dependency.js";
import { starterFiles } from "../init/starter.js";
import { decideExit, OK_EXIT, USAGE_EXIT } from "../exit-codes.js";
import type { InitArgs } from "./init-args.js";

/** What `kvlab init` does (see initCommand): write the starting folder, or say why not. */
export function runInit(args: InitArgs): void {
  const fail = (message: string) => {
    decideExit(USAGE_EXIT);
    process.stderr.write(`kvlab init: ${message}\n`);
  };
  if (args.dir === "") return fail("name a folder to write into (or none, for the current one)");
  if (args.kvlab === "") return fail("--kvlab: name a tarball, folder, git URL or version");
  if (args.kvlab !== undefined && isPathSpec(args.kvlab) && !existsSync(specPath(args.kvlab))) {
    return fail(`--kvlab ${args.kvlab}: no such tarball or folder (a path is taken from the current folder)`);
  }
  if (existsSync(args.dir) && !statSync(args.dir).isDirectory()) return fail(`${args.dir} exists and is not a folder`);
  const kvlab = kvlabPackage();
  const files = starterFiles(args.dir, kvlab, kvlabDependency(kvlab.root, kvlab.manifest.version, args.dir, args.kvlab), args.lab);
  const paths = files.map(([name]) => join(args.dir, name));
  const taken = paths.filter((path) => existsSync(path));
  if (taken.length > 0) return fail(`${taken.join(", ")} already ${taken.length === 1 ? "exists" : "exist"}; nothing was written`);
  mkdirSync(args.dir, { recursive: true });
  for (const [name, content] of files) writeFileSync(join(args.dir, name), content, { flag: "wx" });
  const into = args.dir === "." ? "" : `cd ${shellWord(args.dir)} && `;
  decideExit(OK_EXIT);
  process.stdout.write(`wrote ${paths.join(", ")}\nnext: ${into}npm install && npm test\n`);
}
