/** The hand-written log-structured engine. */
export { type FileOps, realFileOps } from "./file-ops.js";
export { CorruptionError } from "./record.js";
export { KvsStore, type KvsOptions } from "./store.js";
export { type Dropped, type RepairReport, repairStore } from "./repair.js";
export { listGenerations } from "./segment.js";
