import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientError, KvsClient } from "../../../src/real/client/index.js";
import { kvClose, kvConnect, kvDelete, kvLastError, kvRead, kvWrite, PairStore } from "../../../src/real/pair/index.js";
import { InProcessPair } from "./in-process-pair.js";

let pair: InProcessPair;
const stores: PairStore[] = [];

beforeEach(async () => {
  pair = await InProcessPair.start();
});

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  await pair.stop();
});

async function open(): Promise<PairStore> {
  const store = await PairStore.connect(pair.front.host, pair.front.port);
  stores.push(store);
  return store;
}

const bytes = (text: string): Buffer => Buffer.from(text);

describe("pair API: write, read, delete", () => {
  it("write without overwrite creates a key once and then answers exists", async () => {
    const store = await open();
    expect(await store.write(1, bytes("one"), false)).toBe("written");
    expect(await store.write(1, bytes("uno"), false)).toBe("exists");
    expect((await store.read(1, 10))?.value.toString()).toBe("one");
  });

  it("write with overwrite replaces the value, or creates it", async () => {
    const store = await open();
    expect(await store.write(2, bytes("two"), true)).toBe("written");
    expect(await store.write(2, bytes("dos"), true)).toBe("written");
    expect((await store.read(2, 10))?.value.toString()).toBe("dos");
  });

  it("read of a missing key is undefined", async () => {
    const store = await open();
    expect(await store.read(3, 10)).toBeUndefined();
  });

  it("read cuts the value to maxLength and tells its full length", async () => {
    const store = await open();
    await store.write(4, bytes("abcdefgh"), true);
    const read = await store.read(4, 3);
    expect(read?.value.toString()).toBe("abc");
    expect(read?.length).toBe(8);
    expect((await store.read(4, 100))?.value.toString()).toBe("abcdefgh");
    expect((await store.read(4, 0))?.value.length).toBe(0);
  });

  it("delete removes the key and later reads see it missing; a missing key is not deleted", async () => {
    const store = await open();
    await store.write(5, bytes("five"), true);
    expect(await store.delete(5)).toBe("deleted");
    expect(await store.read(5, 10)).toBeUndefined();
    expect(await store.delete(5)).toBe("missing");
    expect(await store.write(5, bytes("again"), false)).toBe("written");
  });

  it("values are bytes: every byte value and an empty value round-trip exactly", async () => {
    const store = await open();
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await store.write(6, all, true);
    expect((await store.read(6, 256))?.value).toEqual(all);
    await store.write(7, new Uint8Array(0), true);
    expect(await store.read(7, 10)).toEqual({ value: Buffer.alloc(0), length: 0 });
  });

  it("keys are uint32: 0 and 4294967295 are distinct keys", async () => {
    const store = await open();
    await store.write(0, bytes("zero"), true);
    await store.write(0xffff_ffff, bytes("max"), true);
    expect((await store.read(0, 10))?.value.toString()).toBe("zero");
    expect((await store.read(0xffff_ffff, 10))?.value.toString()).toBe("max");
  });

  it("a bad key or value is refused with a clear error before anything is sent", async () => {
    const store = await open();
    const sentBefore = pair.requestBytes;
    await expect(store.write(-1, bytes("x"), true)).rejects.toThrow("key must be a uint32 (an integer from 0 to 4294967295), got -1");
    await expect(store.write(2 ** 32, bytes("x"), true)).rejects.toThrow(RangeError);
    await expect(store.read(1.5, 10)).rejects.toThrow("got 1.5");
    await expect(store.write(1, "text" as unknown as Uint8Array, true)).rejects.toThrow("value must be bytes (a Uint8Array or Buffer), got [object String]");
    await expect(store.read(1, -1)).rejects.toThrow("maxLength must be a uint32");
    expect(pair.requestBytes).toBe(sentBefore);
  });

  it("concurrent overwrites from two clients all apply, one after the other", async () => {
    const [a, b] = [await open(), await open()];
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).write(9, bytes(`v${i}`), true)));
    expect(results.every((result) => result === "written")).toBe(true);
    const client = await KvsClient.connect(pair.front);
    const data = (await client.where())!;
    await client.close();
    const direct = await KvsClient.connect(data);
    expect((await direct.get("9"))?.version).toBe(20);
    await direct.close();
  });
});

describe("pair API: a lost request or reply", () => {
  it("a write whose request was lost is resent and applied once", async () => {
    const store = await open();
    pair.loseNextRequest();
    expect(await store.write(10, bytes("once"), false)).toBe("written");
    expect((await store.read(10, 10))?.value.toString()).toBe("once");
  });

  it("a write whose reply was lost is applied once and answered unknown, not exists", async () => {
    const store = await open();
    pair.loseReply();
    expect(await store.write(11, bytes("once"), false)).toBe("unknown");
    expect(await pair.engine.get("11")).toEqual({ value: "once", version: 1 });
  });

  it("an overwrite whose reply was lost is applied once and answered unknown", async () => {
    const store = await open();
    await store.write(12, bytes("a"), true);
    pair.loseReply(1); // the get's reply goes through, the put's does not
    expect(await store.write(12, bytes("b"), true)).toBe("unknown");
    expect(await pair.engine.get("12")).toEqual({ value: "b", version: 2 });
  });

  it("a delete whose reply was lost is applied once and answered unknown", async () => {
    const store = await open();
    await store.write(13, bytes("a"), true);
    pair.loseReply(1); // the get's reply goes through, the del's does not
    expect(await store.delete(13)).toBe("unknown");
    expect(await pair.engine.get("13")).toBeUndefined();
  });

  it("a read whose reply was lost is simply read again", async () => {
    const store = await open();
    await store.write(14, bytes("a"), true);
    pair.loseReply();
    expect((await store.read(14, 1))?.value.toString()).toBe("a");
  });
});

describe("pair API: the front server", () => {
  it("tells where the data server is, and refuses data commands itself", async () => {
    const front = await KvsClient.connect(pair.front);
    expect(await front.where()).toEqual(expect.objectContaining({ host: "127.0.0.1" }));
    const refused = await front.get("1").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ClientError);
    expect((refused as ClientError).code).toBe("Unsupported");
    expect((await front.status()).front.address).toEqual(pair.front);
    await front.close();
  });

  it("a store connects straight to a server that serves data itself", async () => {
    const front = await KvsClient.connect(pair.front);
    const data = (await front.where())!;
    await front.close();
    const store = await PairStore.connect(data.host, data.port);
    stores.push(store);
    expect(await store.write(20, bytes("direct"), true)).toBe("written");
  });

  it("connecting to an address where nothing listens fails at once", async () => {
    const error = await PairStore.connect("127.0.0.1", 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).message).toMatch(/cannot connect to 127.0.0.1:1/);
  });
});

describe("pair API: descriptors and return codes", () => {
  it("connect, write, read, delete and close with the integer codes", async () => {
    const kd = await kvConnect(pair.front.host, pair.front.port);
    expect(kd).toBeGreaterThan(0);
    expect(await kvWrite(kd, 1, bytes("hello"), 5, 0)).toBe(0);
    expect(await kvWrite(kd, 1, bytes("again"), 5, 0)).toBe(-2);
    expect(await kvWrite(kd, 1, bytes("world!"), 5, 1)).toBe(0);
    const buffer = Buffer.alloc(3);
    expect(await kvRead(kd, 1, buffer, 3)).toBe(5);
    expect(buffer.toString()).toBe("wor");
    expect(await kvRead(kd, 2, buffer, 3)).toBe(-2);
    expect(await kvDelete(kd, 1)).toBe(0);
    expect(await kvDelete(kd, 1)).toBe(-1);
    expect(kvLastError()).toBe("key 1 does not exist");
    expect(await kvRead(kd, 1, buffer, 3)).toBe(-2);
    await kvClose(kd);
    expect(await kvWrite(kd, 1, bytes("x"), 1, 1)).toBe(-1);
    expect(kvLastError()).toBe(`${kd} is not an open descriptor`);
  });

  it("bad arguments and an unreachable server answer -1 with the reason", async () => {
    expect(await kvConnect("127.0.0.1", 1)).toBe(-1);
    expect(kvLastError()).toMatch(/cannot connect/);
    const kd = await kvConnect(pair.front.host, pair.front.port);
    expect(await kvWrite(kd, -5, bytes("x"), 1, 1)).toBe(-1);
    expect(kvLastError()).toMatch(/key must be a uint32/);
    expect(await kvWrite(kd, 1, bytes("x"), 2, 1)).toBe(-1);
    expect(kvLastError()).toBe("valueLength 2 is not within the value's 1 bytes");
    await kvClose(kd);
  });
});
