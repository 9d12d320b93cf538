import { LabFailure } from "../failure.js";
import type { Run, TestDefinition } from "../lab.js";
import { unrunReport, type TestReport } from "../run-test.js";
import { TargetConnection, type Dial } from "./connection.js";

/**
 * Whether a suite test makes sense against a real server: only tests on a reliable network (a
 * real one loses nothing on purpose, so an unreliable test's demands cannot be met) that need no
 * more of the simulation than clients.
 */
export function runsOverTcp(definition: TestDefinition): boolean {
  return definition.reliable && !definition.needsSimulation;
}

/** Why a test that does not run over TCP (see runsOverTcp) is skipped there. */
function whyNotOverTcp(definition: TestDefinition): string {
  return definition.reliable ? "needs the simulation (it measures the server object)" : "needs the simulated unreliable network";
}

/** A test over TCP fails once its calls have waited this long with no reply: the server went quiet. */
const SILENCE_MS = 10_000;

/**
 * Runs one test in `run.lab`'s real world, its clients on connections `dial` opens to a real
 * server, in real time, and reports it as a simulated run is reported (a test the server cannot
 * run, or the implementation, is skipped, saying why). Nothing is deterministic here: the seed is
 * 0 and there is no trace. A server that stops answering fails the test after `silenceMs`
 * (clients may resend forever). Every connection is closed when the run ends.
 */
export async function runOnTarget(run: Run, dial: Dial, options: { silenceMs?: number } = {}): Promise<TestReport> {
  const { lab, impl, definition } = run;
  if (!runsOverTcp(definition)) return unrunReport(definition, 0, "skip", whyNotOverTcp(definition));
  const unsupported = lab.unsupported?.(impl, definition);
  if (unsupported !== undefined) return unrunReport(definition, 0, "skip", unsupported);
  if (!lab.realWorld) throw new Error(`${lab.title} ("${lab.name}") has no world against a real server`);
  const connection = new TargetConnection(dial, run.options.checkSteps);
  const world = lab.realWorld(impl, connection);
  const start = performance.now();
  const silence = connection.silence(options.silenceMs ?? SILENCE_MS);
  let message: string | undefined;
  try {
    await Promise.race([
      definition.body(world, connection.env),
      silence.said.then((reason) => {
        throw new LabFailure(reason);
      }),
    ]);
  } catch (error) {
    message = error instanceof LabFailure ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } finally {
    silence.stop();
    world.close?.();
    await connection.close();
  }
  const wallMs = performance.now() - start;
  return {
    suite: definition.suite,
    test: definition.name,
    title: definition.title,
    reliable: definition.reliable,
    seed: 0,
    verdict: message === undefined ? "pass" : "fail",
    ...(message === undefined ? {} : { message }),
    info: world.notes.info,
    ...(world.notes.uncheckedHistories === 0 ? {} : { uncheckedHistories: world.notes.uncheckedHistories }),
    // The target is one server.
    peers: 1,
    virtualMs: wallMs,
    wallMs,
    rpcs: connection.rpcs,
    ops: world.operations,
    traceHash: "",
  };
}
