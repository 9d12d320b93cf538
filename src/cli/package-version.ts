import { kvlabPackage } from "../harness/command-line/index.js";

/** kvlab's version, from its package.json. */
export function packageVersion(): string {
  return kvlabPackage().manifest.version;
}
