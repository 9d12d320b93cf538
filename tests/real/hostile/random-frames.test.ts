import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { KvsClient } from "../../../src/real/client/index.js";
import { putOutcome, type Versioned } from "../../../src/real/engine/engine.js";
import { processRunning } from "../../../src/real/pid.js";
import { encodeFrame, ProtocolError, type Request, type Response } from "../../../src/real/protocol/index.js";
import { decodeRequest } from "../../../src/real/protocol/request-decoder.js";
import { tempDir } from "../../support/temp-dir.js";
import { RawSocket } from "../support/raw-socket.js";
import { killAll, startServer, type RunningServer } from "../support/processes.js";
import { deeplyNestedRequest, frameOf } from "./attack.js";

// Any sequence of frames, valid and invalid, sent on several connections at once to a live
// kvs-server: the server never stops, answers each valid request as a model of the store says,
// answers the first invalid frame of a connection with a protocol error and closes that connection
// (nothing after it is applied), and no data changes but what a valid request changed.
let server: RunningServer;
beforeAll(async () => {
  server = await startServer(["--addr", "127.0.0.1:0", "--sync", "none"], tempDir());
});
afterAll(killAll);

/** A frame the connection sends: a valid request, or bytes the server must refuse. */
type Sent = { request: Request } | { invalid: Buffer };

const key = fc.constantFrom("a", "b", "c");
const value = fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: "grapheme", maxLength: 4 }));
const version = fc.nat({ max: 3 });
const id = fc.nat({ max: 1000 });
const request: fc.Arbitrary<Request> = fc.oneof(
  fc.record({ id, cmd: fc.constant("get" as const), key }),
  fc.record({ id, cmd: fc.constant("set" as const), key, value }),
  fc.record({ id, cmd: fc.constant("put" as const), key, value, version }),
  fc.record({ id, cmd: fc.constant("rm" as const), key }),
  fc.record({ id, cmd: fc.constant("del" as const), key, version }),
  fc.record({ id, cmd: fc.constantFrom("where" as const, "status" as const) }),
);

const header = (length: number) => Buffer.from([length >>> 24, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff]);
/** Bytes the server must refuse: garbage bodies, near-requests, a length over the limit, the nesting and UTF-8 attacks. */
const invalid: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 40 }).map((bytes) => frameOf(Buffer.from(bytes))),
  fc.constant(frameOf(Buffer.from([0xc1]))),
  fc.record({ id: fc.option(id, { nil: undefined }), cmd: fc.oneof(fc.string({ maxLength: 6 }), fc.nat(), fc.constant(null)), key: fc.option(fc.nat(), { nil: undefined }) }).map((body) => encodeFrame(body)),
  fc.integer({ min: 16 * 1024 * 1024 + 1, max: 0xffff_ffff }).map(header),
  fc.constant(deeplyNestedRequest(3_000)),
  fc.constant(frameOf(Buffer.from([0x84, 0xa2, 0x69, 0x64, 0x01, 0xa3, 0x63, 0x6d, 0x64, 0xa3, 0x73, 0x65, 0x74, 0xa3, 0x6b, 0x65, 0x79, 0xa1, 0x61, 0xa5, 0x76, 0x61, 0x6c, 0x75, 0x65, 0xa3, 0xed, 0xa0, 0x80]))),
);

/** A frame's meaning by the server's own decoder: random bytes may happen to be a request. */
function meaning(bytes: Buffer): Sent {
  const length = bytes.length >= 4 ? bytes.readUInt32BE(0) : -1;
  if (length !== bytes.length - 4) return { invalid: bytes };
  try {
    const decoded = decodeRequest(bytes.subarray(4));
    return decoded.cmd === "shutdown" ? { invalid: Buffer.from("shutdown!") } : { request: decoded };
  } catch (error) {
    if (error instanceof ProtocolError) return { invalid: bytes };
    throw error;
  }
}

const connection = fc.array(fc.oneof({ weight: 4, arbitrary: request.map((r): Sent => ({ request: r })) }, { weight: 1, arbitrary: invalid.map(meaning) }), { maxLength: 12 });

/** The store as the requests of one connection leave it, and the reply each gets: keys are the connection's own. */
function modelled(store: Map<string, Versioned>, request: Request): Response {
  const current = "key" in request ? store.get(request.key) : undefined;
  switch (request.cmd) {
    case "get":
      return { id: request.id, ok: current ?? null };
    case "set":
      store.set(request.key, { value: request.value, version: (current?.version ?? 0) + 1 });
      return { id: request.id, ok: { version: (current?.version ?? 0) + 1 } };
    case "put": {
      const err = putOutcome(current?.version ?? 0, request.version);
      if (err === "OK") store.set(request.key, { value: request.value, version: request.version + 1 });
      return { id: request.id, ok: { err } };
    }
    case "rm":
      if (!store.delete(request.key)) return { id: request.id, error: { code: "KeyNotFound", message: "Key not found" } };
      return { id: request.id, ok: null };
    case "del": {
      const deleted = current !== undefined && current.version === request.version;
      if (deleted) store.delete(request.key);
      return { id: request.id, ok: { deleted } };
    }
    case "where":
      return { id: request.id, ok: null };
    default:
      return { id: request.id, error: { code: "Unsupported", message: "status is the front server's command; this server serves data" } };
  }
}

let run = 0;

it("random frames on several connections never stop kvs-server nor change data no valid request changed", { timeout: 120_000 }, async () => {
  const bystander = await KvsClient.connect(server.address);
  await bystander.set("bystander", "untouched");
  await fc.assert(
    fc.asyncProperty(fc.array(connection, { minLength: 1, maxLength: 4 }), async (connections) => {
      run++;
      // Each connection works on keys of its own, so its outcome does not depend on the others'.
      const prefixed = connections.map((frames, c) => frames.map((sent): Sent => ("request" in sent && "key" in sent.request ? { request: { ...sent.request, key: `${run}/${c}/${sent.request.key}` } } : sent)));
      const sockets = await Promise.all(prefixed.map(() => RawSocket.open(server.address)));
      prefixed.forEach((frames, c) => {
        sockets[c]!.send(Buffer.concat(frames.map((sent) => ("request" in sent ? encodeFrame(sent.request) : sent.invalid))));
        sockets[c]!.end();
      });
      await Promise.all(sockets.map((socket) => socket.closed));
      const store = new Map<string, Versioned>();
      for (const [c, frames] of prefixed.entries()) {
        const firstInvalid = frames.findIndex((sent) => "invalid" in sent);
        const applied = (firstInvalid === -1 ? frames : frames.slice(0, firstInvalid)) as { request: Request }[];
        const expected = applied.map(({ request }) => modelled(store, request));
        const replies = sockets[c]!.replies;
        expect(replies.slice(0, applied.length)).toEqual(expected);
        if (firstInvalid === -1) expect(replies.length).toBe(applied.length);
        else {
          expect(replies.length).toBe(applied.length + 1);
          const refusal = replies.at(-1)!;
          expect("error" in refusal && refusal.error.code).toMatch(/^(FrameTooLarge|BadFrame|BadRequest)$/);
        }
      }
      const reader = await KvsClient.connect(server.address);
      for (const [c] of prefixed.entries()) {
        for (const name of ["a", "b", "c"]) expect(await reader.get(`${run}/${c}/${name}`)).toEqual(store.get(`${run}/${c}/${name}`) ?? null);
      }
      expect(await reader.get("bystander")).toEqual({ value: "untouched", version: 1 });
      await reader.close();
    }),
    { numRuns: 200 },
  );
  await bystander.close();
  expect(processRunning(server.pid)).toBe(true);
  expect(server.stderr()).not.toMatch(/internal error|"level":50/);
});
