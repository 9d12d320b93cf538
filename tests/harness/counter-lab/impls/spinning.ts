// A counter whose server never returns from an increment, nor yields: only a watchdog outside
// the thread that runs it can stop it.
import { reference } from "../reference.js";

class SpinningServer {
  increment(): never {
    for (;;);
  }

  get(): { value: number } {
    return { value: 0 };
  }
}

export default { ...reference, createServer: () => new SpinningServer() };
