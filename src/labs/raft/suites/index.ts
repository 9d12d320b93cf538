import type { RaftSuiteName, RaftTestDefinition } from "../test-definition.js";
import { suite3A } from "./3a.js";
import { suite3B } from "./3b.js";
import { suite3C } from "./3c.js";
import { suite3D } from "./3d.js";

/** Every test of the course's Lab 3, by part, in the order `kvlab test --suite all` runs them. */
export const raftSuites: Record<RaftSuiteName, RaftTestDefinition[]> = { "3A": suite3A, "3B": suite3B, "3C": suite3C, "3D": suite3D };

export { MAX_LOG_SIZE } from "./3d.js";
