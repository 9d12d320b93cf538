import { describe, expect, it } from "vitest";
import { HOSTILE_KEYS } from "../../../../src/labs/kv/keys.js";
import { parseScenario, runScenario } from "../../../../src/labs/kv/index.js";
import { loadImplementation } from "../../../../src/index.js";
import entryHoldsKey from "../fixtures/entry-holds-key-server.js";

/** A client that puts each hostile key, reads it, and overwrites it with another long value; every check on. */
const hostile = parseScenario(
  {
    kvlab: "kvlab-scenario/1",
    seed: 1,
    workload: {
      kind: "ops",
      clients: [
        HOSTILE_KEYS.flatMap((key) => [
          { op: "put", key, value: "first ".repeat(40), version: 0 },
          { op: "get", key },
          { op: "put", key, value: "second ".repeat(40), version: "last" },
        ]),
      ],
    },
  },
  "hostile keys",
);

describe("a scenario's memory check", () => {
  it("passes a correct server that holds each key twice (table key and entry), on 10,000-character keys", async () => {
    const report = await runScenario(hostile, "hostile keys", entryHoldsKey);
    expect(report.message).toBeUndefined();
    expect(report.verdict).toBe("pass");
  });

  it("fails a server that keeps old values on the same keys, as a memory failure", async () => {
    const impl = await loadImplementation(new URL("../../../../examples/kv/buggy/server-keeps-old-values.ts", import.meta.url).pathname);
    const report = await runScenario(hostile, "hostile keys", impl);
    expect(report.message).toMatch(/^error: server holds \d+ bytes for \d+ bytes of data \(allowed \d+\): it keeps old values or per-request state$/);
    expect(report.reason).toEqual({ kind: "memory" });
  });
});
