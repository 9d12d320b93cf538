// A counter module that forgot its client.
import { reference } from "../reference.js";

export default { createServer: reference.createServer };
