import type { KvEngine } from "../engine/engine.js";
import { ProtocolError, type Request, type Results } from "../protocol/index.js";

/** Runs one data command on the engine. `shutdown` is the server's business, not the engine's. */
export async function execute(engine: KvEngine, request: Exclude<Request, { cmd: "shutdown" }>): Promise<Results[Request["cmd"]]> {
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
  }
}
