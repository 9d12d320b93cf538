import type { TestDefinition } from "../../../src/harness/index.js";
import type { CounterWorld } from "./world.js";

/** A counter test; `atMostOnce` tests need resent increments to count once. */
export interface CounterTestDefinition extends TestDefinition<CounterWorld> {
  atMostOnce?: boolean;
}

const CLIENTS = 3;
const INCREMENTS = 5;

/** Every client increments INCREMENTS times at once; then the counter must read their total, and the history must be linearizable. */
async function concurrentIncrements(world: CounterWorld): Promise<void> {
  await Promise.all(
    Array.from({ length: CLIENTS }, () =>
      world.spawnClient(async (client) => {
        for (let i = 0; i < INCREMENTS; i++) await client.increment();
      }),
    ),
  );
  const total = await world.spawnClient((client) => client.get());
  world.checkHistory();
  if (total !== CLIENTS * INCREMENTS) world.fatal(`the counter reads ${total} after ${CLIENTS * INCREMENTS} increments`);
}

export const suites: Record<string, CounterTestDefinition[]> = {
  increments: [
    { suite: "increments", name: "TestReliableIncrements", title: "Test: concurrent increments", reliable: true, body: concurrentIncrements },
    { suite: "increments", name: "TestUnreliableIncrements", title: "Test: concurrent increments", reliable: false, atMostOnce: true, body: concurrentIncrements },
  ],
  reads: [
    {
      suite: "reads",
      name: "TestInitialGet",
      title: "Test: a new counter reads 0",
      reliable: true,
      async body(world) {
        const value = await world.spawnClient((client) => client.get());
        if (value !== 0) world.fatal(`a new counter reads ${value}, not 0`);
      },
    },
  ],
};
