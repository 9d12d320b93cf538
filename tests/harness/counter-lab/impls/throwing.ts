// A counter whose server throws on every increment: the failure names this file's line.
import { reference } from "../reference.js";

class ThrowingServer {
  increment(): never {
    throw new Error("the counter is broken");
  }

  get(): { value: number } {
    return { value: 0 };
  }
}

export default { ...reference, createServer: () => new ThrowingServer() };
