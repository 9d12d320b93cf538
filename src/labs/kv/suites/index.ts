import type { KvTestDefinition, SuiteName } from "../test-definition.js";
import { kvsrvSuite } from "./kvsrv.js";
import { lockSuite } from "./lock.js";
import { rustSuite } from "./rust.js";

/** Every suite, in the order `kvlab test --suite all` runs them. */
export const suites: Record<SuiteName, KvTestDefinition[]> = { kvsrv: kvsrvSuite, lock: lockSuite, rust: rustSuite };

export const allTests: KvTestDefinition[] = [...kvsrvSuite, ...lockSuite, ...rustSuite];
