// The forgetful counter's server as a part of its own (`--server PATH`), under any client.
import type { CounterServerPart } from "../contract.js";
import forgetful from "./forgetful.js";

export default { createServer: forgetful.createServer } satisfies CounterServerPart as CounterServerPart;
