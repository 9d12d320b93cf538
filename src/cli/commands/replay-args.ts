/**
 * What `kvlab replay` is given on its command line. A file of its own so that the command's
 * definition (replay.ts) and what it does (replay-handler.ts) both name it without importing each
 * other.
 */
export interface ReplayArgs {
  file: string;
  impl?: string;
  trace: boolean;
  pages: string;
}
