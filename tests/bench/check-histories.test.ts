import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { corrupt, CORRUPTION } from "../../bench/check-histories/corrupt.js";
import { ednLines, ednText } from "../../bench/check-histories/edn.js";
import { SHAPES } from "../../bench/check-histories/shapes.js";
import { simulate, type SimOp, type Workload } from "../../bench/check-histories/simulate.js";
import { selectShapes, shapeOperations, writeShapes } from "../../bench/check-histories/write.js";
import { check, findModel, readHistory } from "../../src/check/index.js";
import { tempDir } from "../support/temp-dir.js";

/**
 * The search steps a check may take here: a budget, not a timeout, so a verdict never depends on
 * how loaded the machine is. The small random workloads below take up to about 17 million steps
 * (the most seen over 5,000 draws); most take under a thousand.
 */
const STEPS = 100_000_000;

/** kvlab's verdict on a generated log, read as the file would be. */
function verdict(text: string) {
  const loaded = readHistory(text, "generated.txt");
  expect(loaded.format).toBe("porcupine-kv");
  return check(loaded.operations, findModel(loaded.model)!.model, { steps: STEPS }).verdict;
}

const shape = (name: string) => SHAPES.find((s) => s.name === name)!;
const small = ["size-1k", "size-1k-bad", "unknown-15-u0", "unknown-15-u3", "unknown-15-u5"];

describe("the generated histories", () => {
  it("are the same bytes for the same seed, and others for another seed", () => {
    const [a, b, c] = [tempDir(), tempDir(), tempDir()];
    const shapes = selectShapes(small);
    writeShapes(a, "s", shapes);
    writeShapes(b, "s", shapes);
    writeShapes(c, "t", shapes);
    for (const name of [...small.map((n) => `${n}.txt`), "MANIFEST.tsv"]) {
      expect(readFileSync(join(a, name)).equals(readFileSync(join(b, name))), name).toBe(true);
    }
    expect(readFileSync(join(a, "size-1k.txt")).equals(readFileSync(join(c, "size-1k.txt")))).toBe(false);
  });

  it("list each file in MANIFEST.tsv with its size, outcomes and expected verdict", () => {
    const dir = tempDir();
    const rows = writeShapes(dir, "kvlab", selectShapes(["size-1k-bad", "unknown-15-u4"]));
    expect(readFileSync(join(dir, "MANIFEST.tsv"), "utf8")).toBe(
      "file\tgroup\toperations\tunknown\tclients\tkeys\texpected\tseed\n" +
        "size-1k-bad.txt\tsize\t1000\t0\t10\t10\tillegal\tkvlab/size-1k\n" +
        "unknown-15-u4.txt\tunknown\t15\t4\t3\t1\tok\tkvlab/unknown-15\n",
    );
    expect(rows[0]!.bytes).toBe(readFileSync(join(dir, "size-1k-bad.txt")).length);
  });

  it.each(small)("%s gets its expected verdict from kvlab", (name) => {
    const s = shape(name);
    expect(verdict(ednText(shapeOperations(s, "kvlab")))).toBe(s.corrupted ? "illegal" : "ok");
  });

  it.each(["clients-40-500", "spanning-16-3000"])("%s, where Porcupine runs out of 8 GB and the search alone ran out of memory, is linearizable within a few tens of thousands of steps", (name) => {
    // Reads that show which appends came before them (the model's read evidence) cut the orders
    // that cannot work; without them the search filled its memory after some 10 million steps.
    const loaded = readHistory(ednText(shapeOperations(shape(name), "kvlab")), `${name}.txt`);
    const result = check(loaded.operations, findModel(loaded.model)!.model, { steps: 200_000 });
    expect(result.verdict).toBe("ok");
    const { evidence: _, ...blind } = findModel(loaded.model)!.model;
    expect(check(loaded.operations, blind, { steps: 200_000 }).verdict).toBe("unknown");
  });

  it("u0..u5 share one timeline, each with one more append that never returns than the last", () => {
    const series = [0, 1, 2, 3, 4, 5].map((k) => shapeOperations(shape(`unknown-15-u${k}`), "kvlab"));
    const unknown = series.map((ops) => new Set(ops.flatMap((op, i) => (op.outcome === "info" ? [i] : []))));
    series.forEach((ops, k) => {
      expect(unknown[k]!.size).toBe(k);
      if (k > 0) for (const i of unknown[k - 1]!) expect(unknown[k]!.has(i)).toBe(true);
      expect(ops.map((op) => [op.call, op.end])).toEqual(series[0]!.map((op) => [op.call, op.end]));
      for (const i of unknown[k]!) expect(ops[i]!.f).toBe("append");
    });
  });

  it("the spanning shape's 16 appends are called first and return last", () => {
    const lines = [...ednLines(shapeOperations(shape("spanning-16-3000"), "kvlab"))];
    expect(lines.length).toBe(6000);
    const first = lines.slice(0, 16);
    const last = lines.slice(-16);
    for (const line of first) expect(line).toMatch(/:type :invoke, :f :append/);
    for (const line of last) expect(line).toMatch(/:type :ok, :f :append/);
    const process = (line: string) => /:process (\d+)/.exec(line)![1];
    expect(new Set(last.map(process))).toEqual(new Set(first.map(process)));
  });

  it("selectShapes takes names and groups, and refuses a name it does not know", () => {
    expect(selectShapes(["clients", "size-1k"]).map((s) => s.name)).toEqual(["size-1k", "clients-40-500"]);
    expect(selectShapes(undefined)).toEqual(SHAPES);
    expect(() => selectShapes(["size-2k"])).toThrow(/no shape or group named "size-2k"/);
  });
});

/** Small random workloads: clients, keys, mix, timing and unknown outcomes all drawn. */
const workloads: fc.Arbitrary<Workload> = fc.record({
  clients: fc.integer({ min: 1, max: 4 }),
  keys: fc.integer({ min: 1, max: 2 }),
  operations: fc.integer({ min: 12, max: 24 }),
  mix: fc.record({ get: fc.integer({ min: 1, max: 4 }), put: fc.integer({ min: 0, max: 2 }), append: fc.integer({ min: 1, max: 4 }) }),
  maxGap: fc.integer({ min: 0, max: 3 }),
  maxDuration: fc.integer({ min: 1, max: 8 }),
  unknown: fc.option(fc.record({ fraction: fc.double({ min: 0, max: 0.3, noNaN: true }) }), { nil: undefined }),
  tookEffect: fc.double({ min: 0, max: 1, noNaN: true }),
  spanning: fc.integer({ min: 0, max: 2 }),
});

describe("the simulated store", () => {
  it("writes histories kvlab finds linearizable, and illegal once a read is corrupted", () => {
    fc.assert(
      fc.property(workloads, fc.string(), (workload, seed) => {
        const ops = simulate(workload, seed);
        expect(verdict(ednText(ops))).toBe("ok");
        const hasMiddleGet = ops.some((op, i) => op.f === "get" && op.outcome === "ok" && i >= Math.floor(ops.length / 3) && i < ops.length - Math.floor(ops.length / 3));
        if (hasMiddleGet) expect(verdict(ednText(corrupt(ops, seed)))).toBe("illegal");
        else expect(() => corrupt(ops, seed)).toThrow(/no completed get in the middle third/);
      }),
      { numRuns: 150 },
    );
  });

  it("places each effect strictly inside its operation's interval, and a client's next operation after it ends", () => {
    fc.assert(
      fc.property(workloads, fc.string(), (workload, seed) => {
        const ops = simulate(workload, seed);
        const lastEnd = new Map<number, number>();
        for (const op of ops) {
          if (op.effect !== undefined) expect(op.call < op.effect && op.effect < op.end).toBe(true);
          else expect(op.outcome).toBe("info");
          expect(op.call).toBeGreaterThanOrEqual(lastEnd.get(op.process) ?? 0);
          lastEnd.set(op.process, op.end);
        }
      }),
    );
  });

  it("never reuses a process after its :info (Porcupine's parser keys open operations by process)", () => {
    fc.assert(
      fc.property(workloads, fc.string(), (workload, seed) => {
        const done = new Set<string>();
        for (const line of ednLines(simulate(workload, seed))) {
          const [, process, type] = /:process (\d+), :type :(\w+)/.exec(line)!;
          expect(done.has(process!)).toBe(false);
          if (type === "info") done.add(process!);
        }
      }),
    );
  });

  it("asks for no more appends never returning than the run has", () => {
    const workload: Workload = { clients: 2, keys: 1, operations: 4, mix: { get: 1, put: 0, append: 0 }, maxGap: 1, maxDuration: 2, unknown: { count: 1 }, tookEffect: 0.5, spanning: 0 };
    expect(() => simulate(workload, "x")).toThrow(/1 appends never returning asked, but the run has only 0 appends/);
  });
});

describe("the kv log", () => {
  const op = (over: Partial<SimOp>): SimOp => ({ process: 0, f: "get", key: "k", value: undefined, call: 0, end: 2, effect: 1, outcome: "ok", read: "", ...over });

  it("puts an end before a call at the same tick, and writes each event as Porcupine's test reads it", () => {
    const ops = [op({ process: 1, f: "append", value: "x 1 0 y", call: 2, end: 6, effect: 3 }), op({ read: "" }), op({ process: 2, f: "put", value: "x 2 0 y", call: 4, end: 8, outcome: "info", effect: undefined })];
    expect([...ednLines(ops)]).toEqual([
      '{:process 0, :type :invoke, :f :get, :key "k", :value nil}',
      '{:process 0, :type :ok, :f :get, :key "k", :value ""}',
      '{:process 1, :type :invoke, :f :append, :key "k", :value "x 1 0 y"}',
      '{:process 2, :type :invoke, :f :put, :key "k", :value "x 2 0 y"}',
      '{:process 1, :type :ok, :f :append, :key "k", :value "x 1 0 y"}',
      '{:process 2, :type :info, :f :put, :key "k", :value "x 2 0 y"}',
    ]);
  });

  it("a corrupted read holds a token no write writes", () => {
    const ops = simulate(SHAPES.find((s) => s.name === "size-1k")!.workload, "c");
    const bad = corrupt(ops, "c");
    const changed = bad.flatMap((o, i) => (o !== ops[i] ? [i] : []));
    expect(changed.length).toBe(1);
    expect(bad[changed[0]!]!.read).toBe(`${ops[changed[0]!]!.read!}${CORRUPTION}`);
    expect(ops.some((o) => o.value?.includes(CORRUPTION))).toBe(false);
  });
});
