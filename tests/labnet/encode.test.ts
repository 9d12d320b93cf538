import { describe, expect, it } from "vitest";
import { EncodeError, Network, Server, Simulation, encode } from "../../labnet/index.js";

describe("labnet encoding: what may cross the network", () => {
  it("copies plain data deeply and counts its size", () => {
    const value = { key: "k", version: 3, tags: ["a", null, true], bytes: new Uint8Array([1, 2]) };
    const { value: copy, bytes } = encode(value, "put args");
    expect(copy).toEqual(value);
    expect(copy.tags).not.toBe(value.tags);
    expect(copy.bytes).not.toBe(value.bytes);
    expect(bytes).toBeGreaterThan(0);
    expect(encode({ text: "é" }, "x").bytes - encode({ text: "e" }, "x").bytes).toBe(1);
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

  it("a call with bad arguments fails its task; a handler with a bad reply fails the run", async () => {
    const sim = new Simulation({ seed: 1 });
    const net = new Network(sim);
    net.addServer("s", () => Server.of({ bad: () => ({ value: undefined }) }));
    const end = net.makeEnd("c", { to: "s" });
    sim.spawn("c", () => end.call("bad", { when: new Date(0) }));
    await expect(sim.run()).rejects.toThrow("c failed at 0.000ms: bad args.when is a Date");

    const sim2 = new Simulation({ seed: 1 });
    const net2 = new Network(sim2);
    net2.addServer("s", () => Server.of({ bad: () => ({ value: undefined }) }));
    const end2 = net2.makeEnd("c", { to: "s" });
    sim2.spawn("c", () => end2.call("bad", {}));
    await expect(sim2.run()).rejects.toThrow("s.bad reply.value is undefined");
  });
});

describe("labnet encoding of deep values", () => {
  it("copies a deep but acyclic value (past the fast walk's depth) exactly", () => {
    let deep: Record<string, unknown> = { leaf: "x" };
    for (let i = 0; i < 200; i++) deep = { next: deep };
    const { value, bytes } = encode(deep, "args");
    expect(value).toEqual(deep);
    expect(bytes).toBeGreaterThan(200 * 5);
  });
});
