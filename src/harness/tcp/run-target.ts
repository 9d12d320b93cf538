import { randomBytes } from "node:crypto";
import type { KVImplementation } from "../../labs/kv/index.js";
import { LabFailure } from "../failure.js";
import { unrunReport, type TestReport } from "../run-test.js";
import type { KvTestDefinition } from "../../labs/kv/index.js";
import { realTimeEnv } from "../../real/client/index.js";
import type { Address } from "../../real/protocol/index.js";
import { TcpWorld } from "./tcp-world.js";

/**
 * Whether a suite test makes sense against a real server: only tests on a reliable network (a
 * real one loses nothing on purpose, so an unreliable test's demands cannot be met) that need no
 * more of the simulation than clerks.
 */
export function runsOverTcp(definition: KvTestDefinition): boolean {
  return definition.reliable && !definition.needsSimulation;
}

/** A test over TCP fails once its calls have waited this long with no reply: the server went quiet. */
const SILENCE_MS = 10_000;

/**
 * Runs one suite test with `impl`'s clerks (and locks) against the kvs-server at `address`, in
 * real time, and reports it as a simulated run is reported; the recorded history is still checked
 * for linearizability by the test. Nothing is deterministic here: `seed` is 0 and there is no
 * trace. A server that stops answering fails the test after `silenceMs` (clerks resend forever).
 */
export async function runOverTcp(impl: KVImplementation, definition: KvTestDefinition, address: Address, options: { checkSteps?: number; silenceMs?: number } = {}): Promise<TestReport> {
  const identity = { suite: definition.suite, test: definition.name, title: definition.title, reliable: definition.reliable, seed: 0 };
  if (definition.needsLock && !impl.createLock) return unrunReport(definition, 0, "skip", "the implementation has no createLock");
  const world = new TcpWorld(impl, address, `kvlab-${randomBytes(6).toString("hex")}/`, options);
  const start = performance.now();
  let message: string | undefined;
  const silence = world.silence(options.silenceMs ?? SILENCE_MS);
  try {
    await Promise.race([
      definition.body(world, realTimeEnv),
      silence.said.then((reason) => {
        throw new LabFailure(reason);
      }),
    ]);
  } catch (error) {
    message = error instanceof LabFailure ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } finally {
    silence.stop();
    await world.close();
  }
  const wallMs = performance.now() - start;
  return {
    ...identity,
    verdict: message === undefined ? "pass" : "fail",
    ...(message === undefined ? {} : { message }),
    info: world.notes.info,
    ...(world.notes.uncheckedHistories === 0 ? {} : { uncheckedHistories: world.notes.uncheckedHistories }),
    peers: 1,
    virtualMs: wallMs,
    wallMs,
    rpcs: world.rpcs,
    ops: world.operations,
    traceHash: "",
  };
}
