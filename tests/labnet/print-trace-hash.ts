// Prints one workload's trace hash: the determinism test compares it across processes.
import { runWorkload } from "./workload.js";

const { result } = await runWorkload({ seed: process.argv[2] ?? "1" });
process.stdout.write(`${result.traceHash}\n`);
