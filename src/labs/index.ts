import type { Lab } from "../harness/index.js";

/** What `kvlab` knows of a lab before it loads it: enough for `--help` and for checking flags. */
export interface LabEntry {
  /** The lab in a few words. */
  title: string;
  /** Its suites' names, in order (a test checks they are the lab's own). */
  suites: readonly string[];
  /** The lab itself, loaded only when a command runs it. */
  load(): Promise<Lab>;
}

/** Every lab `--lab` offers; a new lab is a folder under src/labs and one line here. */
export const labs: Readonly<Record<string, LabEntry>> = {
  kv: { title: "the versioned key/value lab", suites: ["kvsrv", "lock", "rust"], load: async () => (await import("./kv/index.js")).kvLab as Lab },
  raft: { title: "the Raft lab", suites: ["3A", "3B", "3C", "3D"], load: async () => (await import("./raft/index.js")).raftLab as Lab },
};

/** The names `--lab` takes, in the order help lists them. */
export const labNames = Object.keys(labs);
