import { LabFailure } from "../failure.js";
import type { RealTarget, Run, TargetAddress, TestDefinition } from "../lab.js";
import { failureWords, identity, unrunReport, type TestReport } from "../run-test.js";
import { TargetConnection, type Dial } from "./connection.js";

/** How long a target may take to accept a connection, and then to answer one call, in ms (see RealTarget.probe). */
export const PROBE_MS = 3_000;

/** A test over TCP fails once its calls have waited this long with no reply: the server went quiet. */
const SILENCE_MS = 10_000;

/**
 * Whether a suite test makes sense against a real server: only tests on a reliable network (a
 * real one loses nothing on purpose, so an unreliable test's demands cannot be met) that need no
 * more of the simulation than clients.
 */
export function runsOverTcp(definition: TestDefinition): boolean {
  return definition.reliable && !definition.needsSimulation;
}

/** Why a test that does not run over TCP (see runsOverTcp) is skipped there: the test's own words when it has them. */
function whyNotOverTcp({ reliable, needsSimulation }: TestDefinition): string {
  if (!reliable) return "needs the simulated unreliable network";
  return typeof needsSimulation === "string" ? `needs the simulation (${needsSimulation})` : "needs the simulation";
}

/** Connections to `target`'s server at `address`, each named for its client. */
export function targetDial(target: RealTarget, address: TargetAddress): Dial {
  return (name) => target.dial(address, name);
}

/**
 * Runs one test in `run.lab`'s real world, its clients on connections `dial` opens to a real
 * server, in real time, and reports it as a simulated run is reported (a test the server cannot
 * run, or the implementation, is skipped, saying why). Nothing is deterministic here: the seed is
 * 0 and there is no trace. A server that stops answering fails the test after `silenceMs`
 * (clients may resend forever), naming the server as the lab's realTarget does. Every connection
 * is closed when the run ends.
 */
export async function runOnTarget(run: Run, dial: Dial, options: { silenceMs?: number } = {}): Promise<TestReport> {
  const { lab, impl, definition } = run;
  if (!runsOverTcp(definition)) return unrunReport(definition, 0, "skip", whyNotOverTcp(definition));
  const unsupported = lab.unsupported?.(impl, definition);
  if (unsupported !== undefined) return unrunReport(definition, 0, "skip", unsupported);
  if (!lab.realWorld || !lab.realTarget) throw new Error(`${lab.title} ("${lab.name}") has no world against a real server`);
  const { server, env } = lab.realTarget;
  const connection = new TargetConnection(dial, env, run.options.checkSteps);
  const world = lab.realWorld(impl, connection);
  const start = performance.now();
  const silence = connection.silence(options.silenceMs ?? SILENCE_MS);
  let message: string | undefined;
  try {
    await Promise.race([
      definition.body(world, connection.env),
      silence.said.then((quiet) => {
        throw new LabFailure(`the ${server} stopped answering: ${quiet}`);
      }),
    ]);
  } catch (error) {
    message = error instanceof LabFailure ? error.message : failureWords(error);
  } finally {
    silence.stop();
    world.close?.();
    await connection.close();
  }
  const wallMs = performance.now() - start;
  return {
    ...identity(definition, 0),
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
