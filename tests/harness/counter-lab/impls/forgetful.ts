// A counter whose server counts every copy of an increment it receives: on a network that loses
// replies and duplicates requests, a resent increment counts twice.
import { reference } from "../reference.js";

class ForgetfulServer {
  private value = 0;

  increment(): { value: number } {
    return { value: ++this.value };
  }

  get(): { value: number } {
    return { value: this.value };
  }
}

export default { ...reference, createServer: () => new ForgetfulServer() };
