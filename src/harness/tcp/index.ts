/** `kvlab test --target`: a lab's tests against its real server, in real time. */
export { runOnTarget, runsOverTcp, targetDial, PROBE_MS } from "./run-target.js";
export { TargetConnection, type Dial } from "./connection.js";
