import type { LabEnv } from "../../../labnet/index.js";
import type { TestDefinition } from "../../harness/index.js";
import type { KvRaftWorld } from "./world/index.js";

/** The replicated KV lab's suites, in the order `kvlab test --suite all` runs them. */
export type KvRaftSuiteName = "4A" | "4B" | "4C";

/** One test of the lab: a harness test definition on a kvraft world, with its server count. */
export interface KvRaftTestDefinition extends TestDefinition<KvRaftWorld> {
  suite: KvRaftSuiteName | "scenario";
  /** Servers the test starts. */
  servers: number;
}

/** The rsm tests' NSRV. */
export const NSRV = 3;

/** What a kvraft test is made with (the course's MakeTest arguments). */
export interface KvTestShape {
  part: string;
  nclients: number;
  nservers: number;
  reliable: boolean;
  crash: boolean;
  partitions: boolean;
  /** Raft-state bytes past which servers snapshot; -1: never. */
  maxraftstate: number;
  randomkeys: boolean;
}

/** MakeTest's arguments, the flags not given false and maxraftstate -1 unless given. */
export function kvShape(part: string, nclients: number, nservers: number, reliable: boolean, flags: Partial<KvTestShape> = {}): KvTestShape {
  return { part, nclients, nservers, reliable, crash: false, partitions: false, maxraftstate: -1, randomkeys: false, ...flags };
}

/**
 * The course's makeTitle: "Test: " with "restarts, ", "partitions, ", "snapshots, ", "random keys, "
 * as they apply, then "many clients" or "one client", then " (part)".
 */
export function makeTitle(shape: KvTestShape): string {
  let title = "Test: ";
  if (shape.crash) title += "restarts, ";
  if (shape.partitions) title += "partitions, ";
  if (shape.maxraftstate !== -1) title += "snapshots, ";
  if (shape.randomkeys) title += "random keys, ";
  title += shape.nclients > 1 ? "many clients" : "one client";
  return `${title} (${shape.part})`;
}

/**
 * An rsm test as the course writes one: makeTest(t, maxraftstate) (3 servers, reliable, each the
 * tester's counter on an rsm), the steps, cleanup. Helpers give up silently once the steps end.
 */
export function rsmTest(suite: KvRaftSuiteName, name: string, title: string, maxraftstate: number, steps: (t: KvRaftWorld, tester: LabEnv) => Promise<void>): KvRaftTestDefinition {
  return {
    suite,
    name,
    title,
    reliable: true,
    servers: NSRV,
    body: async (t, tester) => {
      t.setup("rsm", NSRV, maxraftstate);
      try {
        await steps(t, tester);
      } finally {
        t.finished = true;
      }
    },
  };
}

/**
 * A kvraft test as the course writes one: MakeTest(part, nclients, nservers, reliable, crash,
 * partitions, maxraftstate, randomkeys), titled by makeTitle, then the steps, which get the shape.
 */
export function kvTest(suite: KvRaftSuiteName, name: string, shape: KvTestShape, steps: (t: KvRaftWorld, shape: KvTestShape, tester: LabEnv) => Promise<void>): KvRaftTestDefinition {
  return {
    suite,
    name,
    title: makeTitle(shape),
    reliable: shape.reliable,
    servers: shape.nservers,
    body: async (t, tester) => {
      t.setup("kv", shape.nservers, shape.maxraftstate);
      try {
        await steps(t, shape, tester);
      } finally {
        t.finished = true;
      }
    },
  };
}
