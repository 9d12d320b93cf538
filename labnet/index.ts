/**
 * labnet: a deterministic simulated RPC network on a virtual clock. It knows nothing of any
 * particular service: give it servers and clients, a fault profile and a seed, and a run is a pure
 * function of them, identified by its trace hash.
 */
export { Simulation, type SimulationOptions, type SpawnOptions, type RunOptions, type RunResult } from "./simulation.js";
export { Network } from "./network.js";
export type { NetworkCounts } from "./pipeline.js";
export { End, type EndOptions } from "./end.js";
export { Server, type Handler, type ServerContext, type ServerFactory } from "./server.js";
export { Persister, type Persisted } from "./persister.js";
export type { ClientEnd, MessageDecision, Execution } from "./exchange.js";
export { type LabEnv, gatedEnv } from "./env.js";
export { type FaultProfile, type ProfileName, profiles, compose, profileFromNames, profileProblem } from "./profile.js";
export { type Delay, sampleDelayMicros, delayProblem } from "./delay.js";
export { Trace, type TraceEvent, type TraceKind, type Divergence, traceKinds, formatEvent, firstDivergence, firstLineDivergence, describeDivergence } from "./trace.js";
export { EncodeError, encode } from "./encode.js";
export { SimulationError, StuckRunError, DeadlockError, TimeLimitError, TaskFailedError, TraceLimitError } from "./errors.js";
export type { AmbientApi, AmbientUse } from "./ambient.js";
export { SeedTree, nameKey } from "./rng.js";
