/**
 * What `kvlab test` is given on its command line. A file of its own so that the command's
 * definition (test.ts) and what it does (test-handler.ts) both name it without importing each
 * other.
 */
export interface TestArgs {
  lab: string;
  impl?: string;
  suite: string[];
  test?: string[];
  seed: number;
  seeds: number;
  workers: number;
  shard?: string;
  watchdog: number;
  "check-determinism": boolean;
  json: boolean;
  list: boolean;
  budget?: number;
  pages: string;
  explain: number;
  target?: string;
}
