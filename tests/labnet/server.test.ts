import { describe, expect, it } from "vitest";
import { Server } from "../../labnet/index.js";

class Base {
  protected n = 0;
  bump() {
    return { n: ++this.n };
  }
}

class Counter extends Base {
  read() {
    return { n: this.n };
  }
  override bump() {
    return { n: (this.n += 10) };
  }
}

describe("labnet server: handlers by method name", () => {
  it("offers a service's own and inherited methods, sorted, and not its constructor or Object's", () => {
    const server = Server.of(new Counter());
    expect(server.methods()).toEqual(["bump", "read"]);
    expect(server.handler("constructor")).toBeUndefined();
    expect(server.handler("toString")).toBeUndefined();
    expect(server.handler("n")).toBeUndefined();
  });

  it("a handler is bound to its service, and an override is the one offered", () => {
    const server = Server.of(new Counter());
    const bump = server.handler("bump")!;
    expect(bump({})).toEqual({ n: 10 });
    expect(bump({})).toEqual({ n: 20 });
    expect(server.handler("read")!({})).toEqual({ n: 20 });
  });

  it("leaves out the methods named in except, own or inherited", () => {
    expect(Server.of(new Counter(), ["bump"]).methods()).toEqual(["read"]);
    expect(Server.of(new Counter(), ["read", "bump"]).methods()).toEqual([]);
  });

  it("offers a plain object's function properties", () => {
    const server = Server.of({ ping: () => "pong", value: 3 });
    expect(server.methods()).toEqual(["ping"]);
    expect(server.handler("ping")!({})).toBe("pong");
  });

  it("several services share one server under prefixes; a name offered twice is an error", () => {
    const server = new Server().add({ get: () => "kv" }, "KV").add({ appendEntries: () => "raft" }, "Raft").add({ status: () => "up" });
    expect(server.methods()).toEqual(["KV.get", "Raft.appendEntries", "status"]);
    expect(server.handler("KV.get")!({})).toBe("kv");
    expect(server.handler("get")).toBeUndefined();
    expect(() => server.add({ get: () => 1 }, "KV")).toThrow('method "KV.get" is offered twice');
  });
});
