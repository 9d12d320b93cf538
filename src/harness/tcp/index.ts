/** `kvlab test --target`: a lab's tests against a real server, in real time. */
export { runOnTarget, runsOverTcp } from "./run-target.js";
export { TargetConnection, tcpDial, type ClosableEnd, type Dial } from "./connection.js";
export { probeTarget, PROBE_MS } from "./probe.js";
