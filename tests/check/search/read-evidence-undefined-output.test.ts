import { describe, expect, it } from "vitest";
import { MemoryBudget } from "../../../src/check/search/cache.js";
import { type Model, type Operation, check, findModel } from "../../../src/check/index.js";
import { PartitionSearch } from "../../../src/check/search/search.js";

// Found reviewing the read evidence: an operation may return with no output (Operation.output is
// optional and validateHistory accepts it; the models read it as "any reply"). At 7fa9a55 the versioned
// store's evidence (KvEvidence.reachable) read `read.output!.value` of such a get and threw a TypeError
// from check() once the partition proved hard; since 56f38ec it is WriteEvidence, which answers "can".

type Op = Operation<unknown, unknown>;
const get = (client: number, call: number, ret: number): Op => ({ client, call, return: ret, input: { op: "get", key: "k" } });

describe.each(["kv", "kv-strict"])("the %s model's read evidence and a get that returned with no output", (name) => {
  const model = findModel(name)!.model as Model<unknown, unknown, unknown>;
  const { evidence: _, ...blind } = model;

  it("is asked from the first placement without throwing, and changes no verdict", () => {
    const ops: Op[] = [
      { client: 0, call: 0, return: 1, input: { op: "put", key: "k", value: "a", version: 0 }, output: { err: "OK" } },
      get(1, 2, 3),
      { client: 2, call: 4, return: 5, input: { op: "get", key: "k" }, output: { value: "zz", version: 1, err: "OK" } },
    ];
    const run = (m: Model<unknown, unknown, unknown>) => new PartitionSearch(m, ops, new MemoryBudget(1 << 30), 1, { evidenceAfterUndos: 0 }).advance(1e6);
    expect(run(model)).toBe(run(blind));
  });

  it("does not make check() throw on a partition that proves hard", () => {
    // 8 puts that may have applied, then the get with no output (unplaced while they are), then 8 more
    // such puts and a get of a value no put wrote: over 1,000 undos, so the evidence starts.
    const h: Op[] = [];
    for (let i = 0; i < 8; i++) h.push({ client: i, call: 0, return: 5, input: { op: "put", key: "k", value: `a${i}`, version: i % 3 }, output: { err: "ErrMaybe" } });
    h.push(get(8, 10, 300));
    for (let i = 0; i < 8; i++) h.push({ client: 9 + i, call: 20, return: 100, input: { op: "put", key: "k", value: `b${i}`, version: i % 4 }, output: { err: "ErrMaybe" } });
    h.push({ client: 20, call: 20, return: 100, input: { op: "get", key: "k" }, output: { value: "zz", version: 1, err: "OK" } });
    expect(check(h, model).verdict).toBe(check(h, blind).verdict);
  });
});
