/**
 * The history file formats the checker reads: kvlab's JSON lines, Porcupine's kv logs and Jepsen's
 * etcd logs, told apart by {@link sniffFormat}; {@link readHistory} refuses bad input with a
 * {@link FormatError} naming file and line.
 */
export { FORMAT_NAMES, readHistory, sniffFormat } from "./sniff.js";
export { FormatError } from "./format-error.js";
export type { FormatName, LoadedHistory } from "./loaded-history.js";
