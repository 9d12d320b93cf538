import type { LabEnv } from "../../../labnet/index.js";
import type { TestDefinition } from "../../harness/index.js";
import type { RaftWorld } from "./world/index.js";

/** The Raft lab's suites, in the order `kvlab test --suite all` runs them. */
export type RaftSuiteName = "3A" | "3B" | "3C" | "3D";

/** One test of the Raft lab: a harness test definition on a Raft world, with its peer count. */
export interface RaftTestDefinition extends TestDefinition<RaftWorld> {
  suite: RaftSuiteName | "scenario";
  /** Peers the test starts (the course's makeTest n). */
  servers: number;
  /** It runs the snapshot applier (3D). */
  snapshot: boolean;
}

/** What a test's own steps are written as: the world set up, the tester's env at hand. */
export type RaftTestBody = (t: RaftWorld, tester: LabEnv) => Promise<void>;

/**
 * A test as the course writes one: makeTest(n, reliable, snapshot), the steps, cleanup. The world
 * is set up before the steps and marked finished after them (one() then gives up silently, as
 * after the course's cleanup), however the steps end.
 */
export function raftTest(
  suite: RaftSuiteName,
  name: string,
  title: string,
  shape: { servers: number; reliable: boolean; snapshot?: boolean },
  steps: RaftTestBody,
): RaftTestDefinition {
  const snapshot = shape.snapshot ?? false;
  return {
    suite,
    name,
    title,
    reliable: shape.reliable,
    servers: shape.servers,
    snapshot,
    body: async (t, tester) => {
      t.setup(shape.servers, { snapshot });
      try {
        await steps(t, tester);
      } finally {
        t.finished = true;
      }
    },
  };
}
