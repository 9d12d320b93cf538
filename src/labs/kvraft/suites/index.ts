import type { KvRaftSuiteName, KvRaftTestDefinition } from "../test-definition.js";
import { suite4A } from "./4a.js";
import { suite4B } from "./4b.js";
import { suite4C } from "./4c.js";

/** Every test of the course's Lab 4 (rsm and kvraft), by part, in the order `kvlab test --suite all` runs them. */
export const kvraftSuites: Record<KvRaftSuiteName, KvRaftTestDefinition[]> = { "4A": suite4A, "4B": suite4B, "4C": suite4C };

export { goDuration } from "./generic.js";
