/**
 * What `kvlab fuzz` is given on its command line. A file of its own so that the command's
 * definition (fuzz.ts) and what it does (fuzz-handler.ts) both name it without importing each
 * other.
 */
export interface FuzzArgs {
  lab: string;
  impl?: string;
  runs: number;
  seed: number;
  out: string;
  clients: number;
  ops: number;
}
