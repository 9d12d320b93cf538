// Scenarios for the counter lab, written here and nowhere in src: the harness's scenario and fuzz
// code runs them exactly as it runs KV's, which shows it needs nothing of KV.
import fc from "fast-check";
import { z } from "zod";
import { ScenarioError, type Lab, type LabScenarios } from "../../../src/harness/index.js";
import type { CounterImplementation } from "../counter-lab/contract.js";
import { counterLab } from "../counter-lab/lab.js";
import type { CounterWorld } from "../counter-lab/world.js";

const schema = z
  .object({
    kvlab: z.literal("counter-scenario/1"),
    lab: z.literal("counter"),
    description: z.string().optional(),
    implementation: z.string().default("reference"),
    /** The counter server as a part of its own (--server), relative to the file. */
    parts: z.object({ server: z.string() }).strict().optional(),
    seed: z.number().int(),
    clients: z.number().int().min(1).max(100),
    increments: z.number().int().min(1),
    /** Lose and duplicate messages (the counter lab's unreliable network). */
    unreliable: z.boolean().default(false),
    expect: z
      .object({ verdict: z.enum(["pass", "fail"]), message: z.string().optional(), traceHash: z.string().optional(), traceFile: z.string().optional(), regression: z.literal(true).optional() })
      .optional(),
  })
  .strict();

export type CounterScenario = z.infer<typeof schema>;

/** Clients that each increment `increments` times at once; then the counter must read their total. */
function counterTest(scenario: CounterScenario, name: string) {
  return {
    suite: "scenario",
    name,
    title: scenario.description ?? `Scenario ${name}`,
    reliable: !scenario.unreliable,
    async body(world: CounterWorld) {
      await Promise.all(
        Array.from({ length: scenario.clients }, () =>
          world.spawnClient(async (client) => {
            for (let i = 0; i < scenario.increments; i++) await client.increment();
          }),
        ),
      );
      const total = await world.spawnClient((client) => client.get());
      if (total !== scenario.clients * scenario.increments) world.fatal(`the counter reads ${total} after ${scenario.clients * scenario.increments} increments`);
    },
  };
}

export const counterScenarios: LabScenarios<CounterImplementation, CounterScenario> = {
  parse(value, where) {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const issue = result.error.issues[0]!;
    throw new ScenarioError(`${where}: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
  },
  toRun: (scenario, name) => ({ definition: counterTest(scenario, name) as never, seed: scenario.seed }),
  arbitrary: (_impl, shape) =>
    fc.record({ clients: fc.integer({ min: 1, max: shape.maxClients ?? 3 }), increments: fc.integer({ min: 1, max: shape.maxOps ?? 5 }), seed: fc.nat(1000) }).map(({ clients, increments, seed }) => ({
      kvlab: "counter-scenario/1",
      lab: "counter",
      implementation: "reference",
      seed,
      clients,
      increments,
      unreliable: true,
    })),
  size: (scenario) => `${scenario.clients} client(s), ${scenario.increments} increment(s)`,
  maxClients: 100,
};

/** The counter lab with scenarios, as the harness takes any lab. */
export const counterScenarioLab = { ...counterLab, scenarios: counterScenarios } as unknown as Lab;

/** A counter scenario with `fields` changed. */
export function counterScenario(fields: Partial<CounterScenario> = {}): CounterScenario {
  return { kvlab: "counter-scenario/1", lab: "counter", implementation: "reference", seed: 1, clients: 2, increments: 3, unreliable: false, ...fields };
}
