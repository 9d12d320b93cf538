import { describe, expect, it } from "vitest";
import { biggestParts, closureParts, explainMemory } from "../../../../src/labs/kv/forensics/memory-growth.js";

/** A server that keeps each put's value in its object: what a walk of the object sees. */
class KeepsValues {
  readonly data = new Map<string, { value: string; version: number }>([["k", { value: "v", version: 1 }]]);
  readonly old: string[] = [];
  put(value: string) {
    this.old.push(value);
  }
}

/** A server that keeps a table in its closure: what a walk of the object cannot see. */
function closureServer() {
  const seen = new Map<string, number>();
  return {
    put(id: string) {
      seen.set(id, 1);
    },
  };
}

describe("what a server holds", () => {
  it("names the deepest part that holds most of the object, with its kind and size", () => {
    const server = new KeepsValues();
    for (let i = 0; i < 100; i++) server.put("x".repeat(100));
    const [first, ...others] = biggestParts(server, "server");
    expect(first).toEqual({ where: "server.old", what: "an array of 100 items (about 100 bytes each)", bytes: 8 + 100 * 100 });
    // Never a part of what it already named, nor what contains it.
    expect(others.map((part) => part.where)).not.toContain("server");
    expect(others.every((part) => !part.where.startsWith("server.old"))).toBe(true);
  });

  it("finds a table in a closure of the server's functions, which the object's walk cannot see", () => {
    const server = closureServer();
    for (let i = 0; i < 1000; i++) server.put(`client-${i}`);
    expect(biggestParts(server, "server")).toEqual([{ where: "server", what: "an object", bytes: 3 + 8 }]);
    expect(closureParts(server)[0]).toMatchObject({ where: "seen (in the closure of closureServer, used by put)", what: expect.stringMatching(/^a Map of 1,000 entries/) });
  });

  it("finds a private field, which no property listing shows", () => {
    class Logging {
      readonly #history: string[] = [];
      put(value: string) {
        this.#history.push(value);
      }
    }
    const server = new Logging();
    for (let i = 0; i < 10; i++) server.put("x".repeat(100));
    expect(biggestParts(server, "server")).toEqual([{ where: "server", what: "a Logging object", bytes: 8 }]);
    // The lab's walk counts an array's indices as property names: 10 characters here.
    expect(closureParts(server)).toContainEqual({ where: "server.#history (a private field)", what: "an array of 10 items (about 102 bytes each)", bytes: 8 + 10 + 10 * 100 });
  });

  it("explains a memory failure per client, and points at closures when the object holds little", () => {
    const server = closureServer();
    for (let i = 0; i < 1000; i++) server.put(`client-${i}`.padEnd(100, "."));
    const text = explainMemory(server, 1000).join("\n");
    expect(text).toMatch(/^The server object holds 11 bytes by the lab's walk .*, 0 per client after 1,000 clients\. Its biggest parts:$/m);
    expect(text).toMatch(/^Held where a walk of the server object's properties does not look \(private fields, closures, module scope\):$/m);
    expect(text).toMatch(/^ {2}- seen \(in the closure of closureServer, used by put\): a Map of 1,000 entries \(about 108 bytes each\), 108,008 bytes, 108 per client$/m);
  });

  it("says the growth is elsewhere in the heap when neither the object nor its closures hold much", () => {
    const text = explainMemory({ get: () => 1 }, 10).join("\n");
    expect(text).toMatch(/^Neither the server object, its private fields nor its functions' closures hold much, so what grew is elsewhere in the heap/m);
  });

  it("a run that never made its server has nothing to weigh, and says so without failing", () => {
    expect(closureParts(undefined)).toEqual([]);
    expect(explainMemory(undefined, 0).join("\n")).toMatch(/^The server object holds 0 bytes/);
  });
});
