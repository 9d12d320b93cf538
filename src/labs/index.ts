import type { Lab } from "../harness/index.js";

/** What `kvlab` knows of a lab before it loads it: enough for `--help` and for checking flags. */
export interface LabEntry {
  /** The lab in a few words. */
  title: string;
  /** Its suites' names, in order (a test checks they are the lab's own). */
  suites: readonly string[];
  /** Its parts' flags and what each names (Lab.parts: `--raft PATH` …), for help; absent when it has none. */
  parts?: Readonly<Record<string, string>>;
  /** The lab itself, loaded only when a command runs it. */
  load(): Promise<Lab>;
}

/** Every lab `--lab` offers; a new lab is a folder under src/labs and one line here. */
export const labs: Readonly<Record<string, LabEntry>> = {
  kv: { title: "the versioned key/value lab", suites: ["kvsrv", "lock", "rust"], load: async () => (await import("./kv/index.js")).kvLab as Lab },
  raft: { title: "the Raft lab", suites: ["3A", "3B", "3C", "3D"], load: async () => (await import("./raft/index.js")).raftLab as Lab },
  kvraft: {
    title: "the replicated KV lab",
    suites: ["4A", "4B", "4C"],
    parts: { raft: "the Raft under the KV servers: a module whose default export is a RaftImplementation, as the Raft lab's --impl (default: the reference Raft)" },
    load: async () => (await import("./kvraft/index.js")).kvraftLab as Lab,
  },
};

/** The names `--lab` takes, in the order help lists them. */
export const labNames = Object.keys(labs);
