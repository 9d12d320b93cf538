import type { LabEnv } from "../../../../labnet/index.js";
import { randomId } from "../reference-lock.js";
import { checkLinearizable, checkPutConcurrent, oneClientPut, recordedGet, recordedPut } from "../suites/kvtest.js";
import type { SimulatedKvWorld } from "../sim-world.js";
import { oneClient, type Section } from "../suites/lock.js";
import { retainedBytes } from "../../../harness/index.js";
import { spawnClientsAndWait } from "../world.js";
import { checkServerMemory } from "./contract.js";
import type { CheckName, ScenarioOp, ScenarioWorkload } from "./schema.js";

/** Runs a scenario's own workload (a suite test's body runs as itself) as the tester task, then its checks. */
export async function runWorkload(t: SimulatedKvWorld, tester: LabEnv, workload: Exclude<ScenarioWorkload, { kind: "test" }>, checks: readonly CheckName[]): Promise<void> {
  switch (workload.kind) {
    case "ops":
      return runOps(t, workload.clients, checks);
    case "put-race": {
      const results = await spawnClientsAndWait(t, tester, workload.clients, workload.durationMs, (me, ck, done) => oneClientPut(t, me, ck, "k", done));
      await checkPutConcurrent(t, t.makeClerk(), "k", results);
      if (checks.includes("linearizability")) checkLinearizable(t);
      return;
    }
    case "lock-loop": {
      const names: [string, string] = [randomId(tester, 12), randomId(tester, 12)];
      const section: Section = { inside: 0 };
      const clients = Array.from({ length: workload.clients }, (_, me) => {
        let looks = 0; // oneClient looks at done() once before each round
        return t.spawnClient(me, (ck) => oneClient(t, me, ck, () => looks++ >= workload.rounds, names, section, false));
      });
      await Promise.all(clients);
      return;
    }
  }
}

/**
 * Each client runs its list of operations in order; every get and put is recorded (and, as in
 * every run, each clerk answer is judged against its replies: see ClerkJudge).
 */
async function runOps(t: SimulatedKvWorld, lists: ScenarioOp[][], checks: readonly CheckName[]): Promise<void> {
  const longestValue = new Map<string, number>();
  const baseline = retainedBytes(t.service);
  await Promise.all(
    lists.map((ops, me) =>
      t.spawnClient(me, async (ck) => {
        const lastVersion = new Map<string, number>();
        for (const op of ops) {
          if (op.op === "sleep") {
            await ck.env.sleep(op.ms);
            continue;
          }
          if (op.op === "get") {
            const reply = await recordedGet(t, ck, op.key, me);
            lastVersion.set(op.key, reply.err === "OK" ? reply.version : 0);
          } else {
            const version = op.version === "last" ? (lastVersion.get(op.key) ?? 0) : op.version;
            longestValue.set(op.key, Math.max(longestValue.get(op.key) ?? 0, op.value.length));
            await recordedPut(t, ck, op.key, op.value, version, me);
          }
        }
      }),
    ),
  );
  if (checks.includes("linearizability")) checkLinearizable(t);
  if (checks.includes("memory")) checkServerMemory(t, baseline, longestValue);
}
