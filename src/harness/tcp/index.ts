/** `kvlab test --target`: the lab's suites against a real kvs-server, in real time. */
export { runOverTcp, runsOverTcp } from "./run-target.js";
export { probeTarget, PROBE_MS } from "./probe.js";
export { TcpWorld } from "./tcp-world.js";
