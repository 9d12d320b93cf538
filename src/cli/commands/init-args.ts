/**
 * What `kvlab init` is given on its command line. A file of its own so that the command's
 * definition (init.ts) and what it does (init-handler.ts) both name it without importing each
 * other.
 */
export interface InitArgs {
  dir: string;
  lab: string;
  kvlab?: string;
}
