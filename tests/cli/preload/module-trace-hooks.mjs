// The loader hooks of module-trace.mjs: they run on Node's hooks thread, so they write straight
// to the file, once per module, as each is loaded.
import { appendFileSync } from "node:fs";

let file;

export function initialize(data) {
  file = data.file;
}

export async function load(url, context, next) {
  appendFileSync(file, `${url}\n`);
  return next(url, context);
}
