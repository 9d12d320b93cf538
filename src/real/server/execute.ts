import type { KvEngine } from "../engine/engine.js";
import { ProtocolError, type Request, type Results } from "../protocol/index.js";

/** The commands that go to the engine; the others are the server's business. */
export type DataRequest = Extract<Request, { cmd: "get" | "set" | "put" | "rm" | "del" }>;

/** Runs one data command on the engine. */
export async function execute(engine: KvEngine, request: DataRequest): Promise<Results[DataRequest["cmd"]]> {
  switch (request.cmd) {
    case "get":
      return (await engine.get(request.key)) ?? null;
    case "set":
      return { version: await engine.set(request.key, request.value) };
    case "put":
      return { err: await engine.put(request.key, request.value, request.version) };
    case "rm":
      if (await engine.remove(request.key)) return null;
      // The wording kvs-client prints: a missing key is an error for rm, unlike get.
      throw new ProtocolError("KeyNotFound", "Key not found", request.id);
    case "del":
      return { deleted: await engine.remove(request.key, request.version) };
  }
}
