import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { FormatError, HistoryError, type LoadedHistory, check, explain, findModel, readHistory, validateHistory } from "../../src/check/index.js";
import { historyView } from "../../src/check/view/history-view.js";
import { type CliRun, builtKvlab, repo, runProcess } from "../support/run-cli.js";
import { tempDirForFile } from "../support/temp-dir.js";

const HEADER = (model: string) => `{"kvlab":"history","version":1,"model":"${model}"}`;

const good = (name: string) => join("tests", "check", "fixtures", "good", name);
/** The stale read whose nanosecond times a double collapses: the get starts after "b" was put, and reads "a". */
const STALE_READ_FILE = good("nanosecond-stale-read.jsonl");
const STALE_READ = readFileSync(STALE_READ_FILE, "utf8");
/** A write of 2^53 + 1 read back as 2^53, which one double holds both as. */
const BIG_VALUES_FILE = good("etcd-big-values.log");
const BIG_VALUES = readFileSync(BIG_VALUES_FILE, "utf8");

const verdict = (loaded: LoadedHistory) => check(loaded.operations, findModel(loaded.model)!.model).verdict;

describe("numbers a double cannot hold are compared exactly", () => {
  it("nanosecond times: the stale read is illegal, its times ranked, the file's text kept", () => {
    const loaded = readHistory(STALE_READ, "stale.jsonl");
    expect(verdict(loaded)).toBe("illegal");
    expect(loaded.operations.map((op) => [op.call, op.return])).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(loaded.operations.map((op) => loaded.timeText!(op.return!))).toEqual(["1700000000000000010", "1700000000000000030", "1700000000000000050"]);
  });

  it("times a double holds stay as they are, with no timeText", () => {
    const loaded = readHistory(STALE_READ.replace(/17000000000000000(\d\d)/g, (_, t: string) => String(Number(t))), "small.jsonl");
    expect(loaded.operations[2]).toMatchObject({ call: 40, return: 50 });
    expect(loaded.timeText).toBeUndefined();
    expect(verdict(loaded)).toBe("illegal");
  });

  it("equal times written differently get one rank; fractions and exponents order exactly", () => {
    const ops = [
      ["1.7e18", "1700000000000000000.5"],
      ["17000000000000000000e-1", "1700000000000000000.25"],
      ["-1", "0.1"],
      ["0.10000000000000001", "1e400"],
    ].map(([call, ret], i) => `{"client":${i},"call":${call},"return":${ret},"input":{"op":"write","value":${i}},"output":{}}`);
    const loaded = readHistory([HEADER("register"), ...ops].join("\n"), "t.jsonl");
    // -1 < 0.1 < 0.10000000000000001 < 1.7e18 < 1.7e18 + 0.25 < 1.7e18 + 0.5 < 1e400
    expect(loaded.operations.map((op) => [op.call, op.return])).toEqual([[3, 5], [3, 4], [0, 1], [2, 6]]);
    expect([0, 2, 3, 6].map(loaded.timeText!)).toEqual(["-1", "0.10000000000000001", "1.7e18", "1e400"]);
  });

  it("Jepsen values beyond 2^53: a read of 2^53 after a write of 2^53 + 1 is illegal", () => {
    const loaded = readHistory(BIG_VALUES, "big.log");
    expect(loaded.operations.map((op) => [op.input, op.output])).toEqual([
      [{ op: "write", value: "9007199254740993" }, {}],
      [{ op: "read" }, { value: "9007199254740992" }],
    ]);
    expect(verdict(loaded)).toBe("illegal");
    expect(verdict(readHistory(BIG_VALUES.replace(/9007199254740992\n$/, "9007199254740993"), "same.log"))).toBe("ok");
  });

  it("kvlab cas-register values beyond 2^53, however written, compare exactly", () => {
    const history = (write: string, read: string) =>
      [HEADER("cas-register"), `{"client":0,"call":0,"return":1,"input":{"op":"write","value":${write}},"output":{}}`, `{"client":1,"call":2,"return":3,"input":{"op":"read"},"output":{"value":${read}}}`].join("\n");
    expect(verdict(readHistory(history("9007199254740993", "9007199254740992"), "h.jsonl"))).toBe("illegal");
    expect(verdict(readHistory(history("9007199254740993", "9.007199254740993e15"), "h.jsonl"))).toBe("ok");
    expect(verdict(readHistory(history("1e30", "1000000000000000000000000000001"), "h.jsonl"))).toBe("illegal");
  });

  it("processes beyond 2^53 stay apart: 2^53 and 2^53 + 1 are two processes", () => {
    const log = [
      '{:process 9007199254740992, :type :invoke, :f :put, :key "k", :value "a"}',
      '{:process 9007199254740993, :type :invoke, :f :get, :key "k", :value nil}',
      '{:process 9007199254740992, :type :ok, :f :put, :key "k", :value "a"}',
      '{:process 9007199254740993, :type :ok, :f :get, :key "k", :value "a"}',
    ].join("\n");
    const loaded = readHistory(log, "kv.txt");
    expect(loaded.operations.map((op) => op.client)).toEqual(["9007199254740992", "9007199254740993"]);
    expect(verdict(loaded)).toBe("ok");
  });
});

describe("what kvlab cannot keep exactly is refused in one line naming file:line", () => {
  const refusal = (model: string, line: string) => {
    try {
      readHistory(`${HEADER(model)}\n${line}`, "h.jsonl");
    } catch (error) {
      expect(error).toBeInstanceOf(FormatError);
      expect((error as Error).message).not.toContain("\n");
      return (error as Error).message;
    }
    throw new Error("not refused");
  };
  const put = (version: string) => `{"client":0,"call":0,"return":1,"input":{"op":"put","key":"x","value":"a","version":${version}},"output":{"err":"OK"}}`;
  const write = (value: string) => `{"client":0,"call":0,"return":1,"input":{"op":"write","value":${value}},"output":{}}`;

  it("a kv version beyond 2^53 - 1, or not whole however close", () => {
    expect(refusal("kv", put("9007199254740993"))).toBe(
      `h.jsonl:2: expected a put's input to have a whole number "version" >= 0 and at most 9007199254740991 (2^53 - 1), found 9007199254740993 (model kv)`,
    );
    expect(refusal("kv-strict", put("0.99999999999999999"))).toBe(`h.jsonl:2: expected a put's input to have a whole number "version" >= 0, found 0.99999999999999999 (model kv-strict)`);
    expect(refusal("kv", put("-1"))).toBe(`h.jsonl:2: expected a put's input to have a whole number "version" >= 0 (model kv)`);
  });

  it("a register number no double holds, which is to be written as a string", () => {
    expect(refusal("register", write("9007199254740993"))).toMatch(/^h\.jsonl:2: expected a write's input to have a "value" that a double holds exactly, found 9007199254740993 .*write it as a string/);
    expect(refusal("register", write("0.10000000000000001"))).toMatch(/found 0\.10000000000000001 /);
    expect(readHistory(`${HEADER("register")}\n${write("0.1")}`, "h.jsonl").operations[0]!.input).toEqual({ op: "write", value: 0.1 });
  });

  it("a cas value that is not whole, negative, or of more than 1000 digits", () => {
    expect(refusal("cas-register", write("1.5"))).toBe(`h.jsonl:2: expected a write's input to have a whole number "value" >= 0 (model cas-register)`);
    expect(refusal("cas-register", write("-9007199254740993"))).toBe(`h.jsonl:2: expected a write's input to have a whole number "value" >= 0 (model cas-register)`);
    expect(refusal("cas-register", write("1e1000"))).toBe(`h.jsonl:2: expected "value" of a write's input to have at most 1000 digits, found 1e1000 (model cas-register)`);
  });

  it("a time whose exponent is too large to compare, and a return before its call, in the file's digits", () => {
    expect(refusal("register", write("0").replace('"call":0', '"call":1e9999999999999999'))).toBe('h.jsonl:2: expected "call" to be a number with an exponent of at most 1000000000000000');
    expect(refusal("register", write("0").replace('"call":0,"return":1', '"call":1700000000000000010,"return":1700000000000000000'))).toBe(
      'h.jsonl:2: expected "return" (1700000000000000000) to be at or after "call" (1700000000000000010)',
    );
  });

  it("a header version that only rounds to 1, and an operation that is a bare number", () => {
    expect(() => readHistory('{"kvlab":"history","version":1.0000000000000000001}', "h.jsonl")).toThrow(
      'h.jsonl:1: expected "version":1 (this kvlab reads version 1), found 1.0000000000000000001',
    );
    expect(refusal("kv", "12345678901234567890")).toBe("h.jsonl:2: expected an operation as one JSON object");
  });

  it("a client no double holds is kept as its digits", () => {
    const loaded = readHistory(`${HEADER("register")}\n${write("1").replace('"client":0', '"client":12345678901234567891')}`, "h.jsonl");
    expect(loaded.operations[0]!.client).toBe("12345678901234567891");
  });

  it("a Jepsen process or value of more than 1000 digits", () => {
    const long = "9".repeat(1001);
    expect(() => readHistory(`INFO  jepsen.util - ${long}\t:invoke\t:read\tnil`, "e.log")).toThrow(/^e\.log:1: expected a process to have at most 1000 digits, found 999999999999\.\.\.99999999$/);
    expect(() => readHistory(`INFO  jepsen.util - 0\t:invoke\t:write\t${long}`, "e.log")).toThrow(/^e\.log:1: expected a value to have at most 1000 digits/);
  });
});

describe("validateHistory refuses an in-process time beyond 2^53 - 1", () => {
  const op = (call: number, ret: number) => ({ client: 0, call, return: ret, input: null, output: null });
  it("where one double stands for several integers", () => {
    expect(() => validateHistory([op(0, 2 ** 53)])).toThrow(HistoryError);
    expect(() => validateHistory([op(0, 2 ** 53)])).toThrow("operation 0: return time 9007199254740992 is beyond 2^53 - 1");
    expect(() => validateHistory([op(-(2 ** 53), 0)])).toThrow("operation 0: call time -9007199254740992 is beyond 2^53 - 1");
    expect(() => validateHistory([op(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER), op(0.5, 1.25)])).not.toThrow();
  });
});

describe("a ranked history is shown in the file's times", () => {
  const loaded = readHistory(STALE_READ, "stale.jsonl");
  const model = findModel(loaded.model)!.model;
  const result = check(loaded.operations, model);

  it("explain takes the file's text for each time", () => {
    const text = explain(loaded.operations, model, result, { label: (i) => `line ${loaded.lines[i]}`, time: loaded.timeText! });
    expect(text).toContain('line 4 (client 2, [1700000000000000040, 1700000000000000050]) get("x") -> "a"');
    expect(explain(loaded.operations, model, result)).toContain('op 2 (client 2, [4, 5]) get("x") -> "a"');
  });

  it("the run viewer draws ranks, says so, and shows each operation's times as written", () => {
    const view = historyView({ file: "stale.jsonl", loaded, model, result });
    expect(view.timeUnit).toBe("rank");
    expect(view.explanation.join("\n")).toContain("[1700000000000000040, 1700000000000000050]");
    expect(view.operations.find((op) => op.id === 2)!.details).toMatchObject({ "call in the file": "1700000000000000040", "return in the file": "1700000000000000050" });
  });
});

/**
 * A history with small numbers (times 0..12, values and processes 0..2) and the same history with
 * every number moved far up (order kept): the verdicts must be the same. Each number is spelled
 * in one of several ways of the same value, so equal times are written differently too.
 */
describe("huge numbers get the verdict of the same history with small ones", () => {
  interface Draft {
    call: number;
    length: number;
    pending: boolean;
    kind: number;
    a: number;
    b: number;
  }
  const draft = fc.record({
    call: fc.integer({ min: 0, max: 8 }),
    length: fc.integer({ min: 0, max: 4 }),
    pending: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
    kind: fc.integer({ min: 0, max: 2 }),
    a: fc.integer({ min: 0, max: 2 }),
    b: fc.integer({ min: 0, max: 2 }),
  });
  const drafts = fc.array(draft, { minLength: 1, maxLength: 6 });
  /** How a number moves up: its base, and how each occurrence is spelled (a seed per occurrence). */
  const shift = fc.record({ base: fc.constantFrom(1700000000000000000n, 2n ** 64n, 2n ** 53n, -(2n ** 70n)), spellings: fc.array(fc.nat(2), { minLength: 64, maxLength: 64 }) });

  /** Spells `n` (a BigInt) as plain digits, with a trailing-zero exponent, or in scientific form. */
  function spell(n: bigint, how: number): string {
    const sign = n < 0n ? "-" : "";
    const digits = (n < 0n ? -n : n).toString();
    if (how === 1) return `${sign}${digits}0e-1`;
    if (how === 2 && digits.length > 1) return `${sign}${digits[0]}.${digits.slice(1)}e${digits.length - 1}`;
    return `${sign}${digits}`;
  }
  /** Numbers moved up by `s`: times by its base, which may be negative; values and processes, which may not, by its size. */
  const numbering = (s: { base: bigint; spellings: number[] } | undefined) => {
    let k = 0;
    const size = s === undefined ? 0n : s.base < 0n ? -s.base : s.base;
    const time = (n: number) => (s === undefined ? String(n) : spell(s.base + BigInt(n), s.spellings[k++ % 64]!));
    const value = (n: number, digitsOnly = false) => (s === undefined ? String(n) : digitsOnly ? String(size + BigInt(n)) : spell(size + BigInt(n), s.spellings[k++ % 64]!));
    return { time, value };
  };

  function kvlabText(ds: Draft[], model: "porcupine-kv" | "cas-register", s?: { base: bigint; spellings: number[] }): string {
    const { time, value: num } = numbering(s);
    const words = ["", "a", "b"];
    const lines = ds.map((d, i) => {
      const times = `"call":${time(d.call)}${d.pending ? "" : `,"return":${time(d.call + d.length)}`}`;
      let io: [string, string];
      if (model === "porcupine-kv") {
        const op = ["get", "put", "append"][d.kind]!;
        io = op === "get" ? [`{"op":"get","key":"x"}`, `{"value":"${words[d.a]}${words[d.b]}"}`] : [`{"op":"${op}","key":"x","value":"${words[d.a]}"}`, "{}"];
      } else {
        io =
          d.kind === 0
            ? ['{"op":"read"}', `{"value":${num(d.a)}}`]
            : d.kind === 1
              ? [`{"op":"write","value":${num(d.a)}}`, "{}"]
              : [`{"op":"cas","from":${num(d.a)},"to":${num(d.b)}}`, `{"ok":${d.a === d.b}}`];
      }
      return `{"client":${num(i)},${times},"input":${io[0]}${d.pending ? "" : `,"output":${io[1]}`}}`;
    });
    return [HEADER(model), ...lines].join("\n");
  }

  /** The drafts as a Jepsen-style log: each operation its own process, events in time order. */
  function logText(ds: Draft[], format: "jepsen" | "porcupine", s?: { base: bigint; spellings: number[] }): string {
    const { value: num } = numbering(s);
    const events = ds.flatMap((d, i) => [
      { at: d.call, i, type: "invoke" },
      { at: d.call + d.length + 0.5, i, type: d.pending ? "info" : "ok" },
    ]);
    events.sort((x, y) => x.at - y.at || x.i - y.i);
    return events
      .map(({ i, type }) => {
        const d = ds[i]!;
        const process = num(i, true);
        if (format === "porcupine") {
          const f = ["get", "put", "append"][d.kind]!;
          const value = f === "get" && type === "invoke" ? "nil" : `"${"ab"[d.a % 2]}${f === "get" ? "ab"[d.b % 2] : ""}"`;
          return `{:process ${process}, :type :${type}, :f :${f}, :key "k", :value ${value}}`;
        }
        const f = ["read", "write", "cas"][d.kind]!;
        const value = f === "read" ? (type === "invoke" ? "nil" : num(d.a, true)) : f === "write" ? num(d.a, true) : `[${num(d.a, true)} ${num(d.b, true)}]`;
        return `INFO  jepsen.util - ${process}\t:${type === "ok" && f === "cas" && d.a !== d.b ? "fail" : type}\t:${f}\t${value}`;
      })
      .join("\n");
  }

  const tally = { ok: 0, illegal: 0 };
  const same = (small: string, huge: string, file: string) => {
    const a = readHistory(small, file);
    const b = readHistory(huge, file);
    // Every call/return comparison is the same, so the checker sees the same history.
    const times = (l: LoadedHistory) => l.operations.flatMap((op) => [op.call, op.return ?? Infinity]);
    const order = (ts: number[]) => ts.map((x) => ts.map((y) => Math.sign(x - y)));
    expect(order(times(b))).toEqual(order(times(a)));
    const v = verdict(a);
    expect(verdict(b)).toBe(v);
    if (v !== "unknown") tally[v]++;
  };

  it.each([
    ["kvlab porcupine-kv (huge times and clients)", (ds: Draft[], s?: { base: bigint; spellings: number[] }) => kvlabText(ds, "porcupine-kv", s), "h.jsonl"],
    ["kvlab cas-register (huge times, clients and values)", (ds: Draft[], s?: { base: bigint; spellings: number[] }) => kvlabText(ds, "cas-register", s), "h.jsonl"],
    ["Jepsen etcd (huge processes and values)", (ds: Draft[], s?: { base: bigint; spellings: number[] }) => logText(ds, "jepsen", s), "h.log"],
    ["Porcupine kv (huge processes)", (ds: Draft[], s?: { base: bigint; spellings: number[] }) => logText(ds, "porcupine", s), "h.txt"],
  ] as const)("%s", (_, text, file) => {
    tally.ok = tally.illegal = 0;
    fc.assert(
      fc.property(drafts, shift, (ds, s) => same(text(ds), text(ds, s), file)),
      { numRuns: 200 },
    );
    // Both verdicts must be common, or the comparison proves little.
    expect(tally.ok).toBeGreaterThan(20);
    expect(tally.illegal).toBeGreaterThan(20);
  });
});

describe("kvlab check (built) on a nanosecond stale read and on Jepsen values beyond 2^53", () => {
  const runs: Record<string, CliRun> = {};
  beforeAll(async () => {
    const dir = tempDirForFile();
    writeFileSync(join(dir, "version.jsonl"), `${HEADER("kv")}\n{"client":0,"call":0,"return":1,"input":{"op":"put","key":"x","value":"a","version":9007199254740993},"output":{"err":"OK"}}`);
    const plan: Record<string, string[]> = {
      stale: ["check", STALE_READ_FILE],
      big: ["check", BIG_VALUES_FILE],
      json: ["check", "--json", STALE_READ_FILE],
      refused: ["check", join(dir, "version.jsonl")],
    };
    const results = await Promise.all(Object.values(plan).map((args) => builtKvlab([], args)));
    Object.keys(plan).forEach((name, i) => (runs[name] = results[i]!));
  });

  it("the nanosecond stale read is illegal (exit 1), explained in the file's times", () => {
    expect(runs.stale!.status).toBe(1);
    expect(runs.stale!.stdout).toContain("nanosecond-stale-read.jsonl: illegal");
    expect(runs.stale!.stdout).toContain('line 4 (client 2, [1700000000000000040, 1700000000000000050]) get("x") -> "a"');
  });

  it("the read of 2^53 after a write of 2^53 + 1 is illegal (exit 1)", () => {
    expect(runs.big!.status).toBe(1);
    expect(runs.big!.stdout).toContain("etcd-big-values.log: illegal");
    expect(runs.big!.stdout).toContain("read() -> 9007199254740992");
  });

  it("--json gives the file's times, as strings, never the ranks", () => {
    const [file] = JSON.parse(runs.json!.stdout) as { verdict: string; history: { call: unknown; return: unknown }[] }[];
    expect(file!.verdict).toBe("illegal");
    expect(file!.history.map((op) => [op.call, op.return])).toEqual([
      ["1700000000000000000", "1700000000000000010"],
      ["1700000000000000020", "1700000000000000030"],
      ["1700000000000000040", "1700000000000000050"],
    ]);
  });

  it("loads lossless-json only for a file with a number JSON.parse would round", async () => {
    const script = [
      'import { createRequire } from "node:module";',
      'import { readFileSync } from "node:fs";',
      'import { readHistory } from "./dist/src/check/index.js";',
      'const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((p) => p.includes("lossless-json"));',
      'const read = (f) => readHistory(readFileSync(f, "utf8"), f);',
      '["kv-concurrent.jsonl", "etcd-nemesis.log"].forEach((f) => read("tests/check/fixtures/good/" + f));',
      "const before = loaded();",
      `read(${JSON.stringify(STALE_READ_FILE)});`,
      "console.log(before, loaded());",
    ].join("\n");
    const run = await runProcess(process.execPath, ["--input-type=module", "-e", script], { cwd: repo, env: process.env });
    expect(run.stdout.trim()).toBe("false true");
  });

  it("a version beyond 2^53 - 1 is refused in one line (exit 3)", () => {
    expect(runs.refused!.status).toBe(3);
    expect(runs.refused!.stderr.trim().split("\n")).toHaveLength(1);
    expect(runs.refused!.stderr).toMatch(/version\.jsonl:2: expected a put's input to have a whole number "version" >= 0 and at most 9007199254740991 \(2\^53 - 1\), found 9007199254740993 \(model kv\)/);
  });
});
