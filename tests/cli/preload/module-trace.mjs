// Preloaded with `node --import`: records the URL of every module the program then loads (its ES
// modules, and any CommonJS module loaded through import) in the file KVLAB_MODULE_TRACE names,
// one a line. Plain JavaScript, so that loading it loads nothing else (tsx least of all).
import { register } from "node:module";

register("./module-trace-hooks.mjs", import.meta.url, { data: { file: process.env.KVLAB_MODULE_TRACE } });
