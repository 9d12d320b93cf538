import { describe, expect, it } from "vitest";
import type { LabEnv } from "../../../../labnet/index.js";
import { LabFailure } from "../../../../src/harness/index.js";
import type { GetReply, KVImplementation, PutArgs, PutReply } from "../../../../src/labs/kv/contract.js";
import { reference } from "../../../../src/labs/kv/reference.js";
import { ReferenceServer } from "../../../../src/labs/kv/reference-server.js";
import { SimulatedKvWorld } from "../../../../src/labs/kv/sim-world.js";
import { checkNames, type CheckName, type ScenarioOp, type ScenarioWorkload } from "../../../../src/labs/kv/scenario/schema.js";
import { runWorkload } from "../../../../src/labs/kv/scenario/workloads.js";

type Workload = Exclude<ScenarioWorkload, { kind: "test" }>;

/** Runs `workload` as the tester of a fresh world on `impl`; resolves with the world, or rejects with the run's failure. */
async function run(workload: Workload, impl: KVImplementation = reference, checks: readonly CheckName[] = checkNames): Promise<SimulatedKvWorld> {
  const t = new SimulatedKvWorld(impl, { seed: 1, reliable: true });
  t.sim.spawn("tester", (tester: LabEnv) => runWorkload(t, tester, workload, checks));
  await t.sim.run();
  return t;
}

/** A server that answers OK to every put and keeps none: its history is not linearizable. */
const forgetful: KVImplementation = {
  ...reference,
  createServer: () => ({ get: (): GetReply => ({ value: "", version: 0, err: "ErrNoKey" }), put: (): PutReply => ({ err: "OK" }) }),
};

/** A correct server that also keeps every value it replaced: it outgrows its memory allowance. */
class HoardingServer extends ReferenceServer {
  readonly old: string[] = [];
  override put(args: PutArgs): PutReply {
    const before = super.get({ key: args.key });
    const reply = super.put(args);
    if (reply.err === "OK" && before.err === "OK") this.old.push(before.value);
    return reply;
  }
}
const hoarding: KVImplementation = { ...reference, createServer: () => new HoardingServer() };

const put = (key: string, value: string, version: number | "last"): ScenarioOp => ({ op: "put", key, value, version });
const get = (key: string): ScenarioOp => ({ op: "get", key });

describe("runWorkload: ops", () => {
  it("runs each client's operations in order, recording every get and put with its client", async () => {
    const t = await run({ kind: "ops", clients: [[put("k", "a", 0), get("k")], [{ op: "sleep", ms: 50 }, get("k")]] });
    const ops = t.history.operations.map(({ client, input, output }) => ({ client, input, output }));
    expect(ops).toEqual([
      { client: 0, input: { op: "put", key: "k", value: "a", version: 0 }, output: { err: "OK" } },
      { client: 0, input: { op: "get", key: "k" }, output: { value: "a", version: 1, err: "OK" } },
      { client: 1, input: { op: "get", key: "k" }, output: { value: "a", version: 1, err: "OK" } },
    ]);
    // The sleep is virtual time: client 1's get starts at 50 ms.
    expect(t.history.operations[2]!.callMs).toBe(50);
  });

  it('puts at "last": the version the client last read of that key, 0 before any read or after ErrNoKey', async () => {
    const t = await run({ kind: "ops", clients: [[put("k", "a", "last"), get("k"), put("k", "b", "last"), get("m"), put("m", "c", "last"), get("k")]] });
    const puts = t.history.operations.filter((op) => op.input.op === "put").map((op) => [op.input, op.output]);
    expect(puts).toEqual([
      [{ op: "put", key: "k", value: "a", version: 0 }, { err: "OK" }],
      [{ op: "put", key: "k", value: "b", version: 1 }, { err: "OK" }],
      [{ op: "put", key: "m", value: "c", version: 0 }, { err: "OK" }],
    ]);
  });

  it("checks linearizability only when asked", async () => {
    const workload: Workload = { kind: "ops", clients: [[put("k", "a", 0), get("k")]] };
    await expect(run(workload, forgetful)).rejects.toThrow("history is not linearizable");
    await expect(run(workload, forgetful, ["contract", "memory"])).resolves.toBeInstanceOf(SimulatedKvWorld);
  });

  it("checks the server's memory only when asked", async () => {
    const workload: Workload = { kind: "ops", clients: [[put("k", "x".repeat(100), 0), put("k", "y".repeat(100), 1), put("k", "z".repeat(100), 2)]] };
    await expect(run(workload, hoarding)).rejects.toThrow(/: error: server holds \d+ bytes for 101 bytes of data \(allowed \d+\): it keeps old values or per-request state$/);
    await expect(run(workload, hoarding, ["linearizability"])).resolves.toBeInstanceOf(SimulatedKvWorld);
    await expect(run(workload)).resolves.toBeInstanceOf(SimulatedKvWorld);
  });

  it("a memory failure says it is one", async () => {
    const workload: Workload = { kind: "ops", clients: [[put("k", "x".repeat(100), 0), put("k", "y".repeat(100), 1)]] };
    const failure = await run(workload, hoarding).then(
      () => undefined,
      (error: unknown) => (error as { cause?: unknown }).cause,
    );
    expect(failure).toBeInstanceOf(LabFailure);
    expect((failure as LabFailure).reason).toEqual({ kind: "memory" });
  });
});

describe("runWorkload: put-race", () => {
  it("races the clients on key k for the duration, then checks the count of puts", async () => {
    const t = await run({ kind: "put-race", clients: 3, durationMs: 100 });
    const clients = new Set(t.history.operations.map((op) => op.client));
    expect([...clients].sort()).toEqual([-1, 0, 1, 2]);
    const oks = t.history.operations.filter((op) => op.input.op === "put" && op.output?.err === "OK").length;
    expect(oks).toBeGreaterThan(3);
    expect((t.service as ReferenceServer).get({ key: "k" }).version).toBe(oks);
    expect(t.sim.now()).toBeGreaterThanOrEqual(100);
  });
});

describe("runWorkload: lock-loop", () => {
  it("each client does its rounds: two puts of the witness key a round, after one to create it", async () => {
    const t = await run({ kind: "lock-loop", clients: 2, rounds: 3 });
    // Both clients put "l0" at version 0 (one creates it), then 2 puts per round per client.
    expect((t.service as ReferenceServer).get({ key: "l0" })).toEqual({ value: "", version: 1 + 2 * 3 * 2, err: "OK" });
  });
});
