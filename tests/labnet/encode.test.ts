import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EncodeError, Network, Server, Simulation, encode } from "../../labnet/index.js";
import { carefulEncode, tryEncode } from "../../labnet/encode.js";

describe("labnet encoding: what may cross the network", () => {
  it("copies plain data deeply and counts its size", () => {
    const value = { key: "k", version: 3, tags: ["a", null, true], bytes: new Uint8Array([1, 2]) };
    const { value: copy, bytes } = encode(value, "put args");
    expect(copy).toEqual(value);
    expect(copy.tags).not.toBe(value.tags);
    expect(copy.bytes).not.toBe(value.bytes);
    // The object, its four keys, then "k", 3, the list of "a", null and true, and two bytes.
    expect(bytes).toBe(5 + (3 + 1) + (7 + 1) + (4 + 1) + (5 + 1) + (5 + 1) + 9 + (5 + 6 + 1 + 2) + (5 + 2));
    expect(encode({ text: "é" }, "x").bytes - encode({ text: "e" }, "x").bytes).toBe(1);
  });

  it("copies a Buffer's bytes, on both walks: the receiver writes into a Buffer of its own", () => {
    const sent = Buffer.from("abc");
    for (const copy of [tryEncode({ data: sent })!.value.data, carefulEncode({ data: sent }, "args").value.data]) {
      copy[0] = 0x7a;
      expect(Buffer.isBuffer(copy)).toBe(true);
      expect(sent.toString()).toBe("abc");
    }
  });

  it.each([
    [{ key: undefined }, "put args.key is undefined; an RPC field must hold a value (use null for \"none\")"],
    [{ f: () => 1 }, "put args.f is a function; RPC messages carry only plain data"],
    [{ m: new Map() }, "put args.m is a Map; RPC messages carry only plain objects, arrays and primitives"],
    [{ list: [1, { at: new Date(0) }] }, "put args.list[1].at is a Date; RPC messages carry only plain objects, arrays and primitives"],
    [{ n: 10n }, "put args.n is a bigint; RPC messages carry only plain data"],
  ])("refuses %o, naming the field", (value, message) => {
    expect(() => encode(value, "put args")).toThrow(new EncodeError(message));
  });

  it("refuses a cycle, naming where it closes", () => {
    const node: Record<string, unknown> = { name: "a" };
    node["self"] = { again: node };
    expect(() => encode(node, "args")).toThrow("args.self.again refers back to an enclosing object (a cycle)");
    const shared = { x: 1 };
    expect(encode({ a: shared, b: shared }, "args").value).toEqual({ a: { x: 1 }, b: { x: 1 } });
  });

  it("a call with bad arguments fails the run, as a handler with a bad reply does", async () => {
    const sim = new Simulation({ seed: 1 });
    const net = new Network(sim);
    net.addServer("s", () => Server.of({ bad: () => ({ value: undefined }) }));
    const end = net.makeEnd("c", { to: "s" });
    sim.spawn("c", () => end.call("bad", { when: new Date(0) }));
    await expect(sim.run()).rejects.toThrow(/^bad args\.when is a Date/);

    const sim2 = new Simulation({ seed: 1 });
    const net2 = new Network(sim2);
    net2.addServer("s", () => Server.of({ bad: () => ({ value: undefined }) }));
    const end2 = net2.makeEnd("c", { to: "s" });
    sim2.spawn("c", () => end2.call("bad", {}));
    await expect(sim2.run()).rejects.toThrow("s.bad reply.value is undefined");
  });

  it("a refused message is walked twice, fast then carefully: its getters run no third time", async () => {
    const sim = new Simulation({ seed: 1 });
    const net = new Network(sim);
    net.addServer("s", () => Server.of({ put: () => ({}) }));
    const end = net.makeEnd("c", { to: "s" });
    let reads = 0;
    const args = {
      get value() {
        reads++;
        return undefined;
      },
    };
    sim.spawn("c", () => end.call("put", args));
    await expect(sim.run()).rejects.toThrow(/^put args\.value is undefined/);
    expect(reads).toBe(2);
  });
});

describe("labnet encoding of deep values", () => {
  it("copies a deep but acyclic value (past the fast walk's depth) exactly", () => {
    let deep: Record<string, unknown> = { leaf: "x" };
    for (let i = 0; i < 200; i++) deep = { next: deep };
    const { value, bytes } = encode(deep, "args");
    expect(value).toEqual(deep);
    // 200 objects of one key "next", then the leaf object holding "x": every level counted.
    expect(bytes).toBe(200 * (5 + (4 + 1)) + (5 + (4 + 1) + (5 + 1)));
  });
});

describe("labnet encoding: the size of a message on the notional wire", () => {
  it("a tag byte per value, then: 8 for a number, 1 for a boolean, 4 + UTF-8 bytes for a string, nothing for null", () => {
    expect(encode(1.5, "x").bytes).toBe(9);
    expect(encode(true, "x").bytes).toBe(2);
    expect(encode(null, "x").bytes).toBe(1);
    expect(encode("ab", "x").bytes).toBe(7);
    expect(encode("日", "x").bytes).toBe(8);
    expect(encode("x".repeat(40) + "é", "x").bytes).toBe(1 + 4 + 42); // a long string is measured natively
  });

  it("5 for an object or array, plus each key's bytes and one, plus each value; 5 + length for bytes", () => {
    expect(encode({}, "x").bytes).toBe(5);
    expect(encode({ k: "ab" }, "x").bytes).toBe(5 + 2 + 7);
    expect(encode([1, null], "x").bytes).toBe(5 + 9 + 1);
    expect(encode(new Uint8Array(10), "x").bytes).toBe(15);
    expect(encode({ list: [true], bytes: new Uint8Array(2) }, "x").bytes).toBe(5 + (4 + 1) + (5 + 2) + (5 + 1) + (5 + 2));
  });

  it("an object without a prototype is plain data; an instance of a class is not", () => {
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    expect(encode(bare, "x").value).toEqual({ a: 1 });
    class Point {
      constructor(readonly x: number) {}
    }
    expect(() => encode({ at: new Point(1) }, "move args")).toThrow("move args.at is a Point; RPC messages carry only plain objects, arrays and primitives");
  });

  it("names the culprit inside arrays, and a cycle deeper than the fast walk goes", () => {
    expect(() => encode({ list: [1, 2, undefined] }, "args")).toThrow('args.list[2] is undefined; an RPC field must hold a value (use null for "none")');
    let deep: Record<string, unknown> = {};
    const top = deep;
    for (let i = 0; i < 70; i++) deep = deep["next"] = {};
    deep["back"] = top;
    expect(() => encode(top, "args")).toThrow(/^args(\.next){70}\.back refers back to an enclosing object \(a cycle\)$/);
  });

  it("errors other than an unencodable value pass through untouched", () => {
    const exploding = {
      get boom() {
        throw new RangeError("getter failed");
      },
    };
    expect(() => encode(exploding, "args")).toThrow(new RangeError("getter failed"));
  });

  it("the fast and the careful walk agree: the same copy and bytes, or the fast one refuses exactly where the careful one throws", () => {
    const arrayOfBytes = Object.setPrototypeOf([1], Uint8Array.prototype) as unknown;
    const exotic = fc.constantFrom<unknown>(new Int16Array(2), Buffer.from("ab"), [1, , 3], Object.assign([1], { extra: 2 }), Object.create({ inherited: 1 }), arrayOfBytes);
    const leaf = fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.uint8Array({ maxLength: 4 }), fc.constant(new Date(0)), exotic);
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof(
        { depthSize: "small" },
        leaf,
        fc.array(tie("tree"), { maxLength: 3 }),
        fc.dictionary(fc.string(), tie("tree"), { maxKeys: 3 }),
        fc.dictionary(fc.string(), tie("tree"), { maxKeys: 3 }).map((record) => Object.assign(Object.create(null) as object, record)),
      ),
    }));
    fc.assert(
      fc.property(tree, (value) => {
        const fast = tryEncode(value);
        let careful: ReturnType<typeof encode> | unknown;
        try {
          careful = carefulEncode(value, "args");
        } catch (error) {
          careful = error;
        }
        if (fast === undefined) expect(careful).toBeInstanceOf(EncodeError);
        else expect(fast).toStrictEqual(careful);
      }),
      { numRuns: 500 },
    );
  });

  it("a value nested deeper than the fast walk goes is still copied whole", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(tryEncode(deep)).toBeUndefined();
    const { value, bytes } = encode(deep, "args");
    expect(value).toEqual(deep);
    expect(bytes).toBe(100 * 5 + 5 + 6);
  });

  it("a getter that sends a message of its own does not upset the outer count", () => {
    const inner = { get x() {
      return tryEncode({ other: "a long string of forty characters, more" })!.bytes;
    } };
    expect(tryEncode(inner)!.bytes).toBe(encode({ x: 1 }, "args").bytes);
  });

  it("an own __proto__ key is copied as a field, and the copy crosses again", () => {
    const value = JSON.parse('{"__proto__":{"x":1},"k":"v"}') as object;
    const once = encode(value, "args").value;
    expect(Object.getPrototypeOf(once)).toBe(Object.prototype);
    expect(Object.keys(once)).toEqual(["__proto__", "k"]);
    expect(Object.getOwnPropertyDescriptor(once, "__proto__")?.value).toEqual({ x: 1 });
    expect(encode(once, "args")).toEqual(encode(value, "args"));
    expect(tryEncode(value)).toEqual(encode(value, "args"));
  });
});
