import type { LabTestDefinition, SuiteName } from "../../../harness/test-definition.js";
import { kvsrvSuite } from "./kvsrv.js";
import { lockSuite } from "./lock.js";
import { rustSuite } from "./rust.js";

/** Every suite, in the order `kvlab test --suite all` runs them. */
export const suites: Record<SuiteName, LabTestDefinition[]> = { kvsrv: kvsrvSuite, lock: lockSuite, rust: rustSuite };

export const allTests: LabTestDefinition[] = [...kvsrvSuite, ...lockSuite, ...rustSuite];
