/**
 * What `kvlab merge` is given on its command line. A file of its own so that the command's
 * definition (merge.ts) and what it does (merge-handler.ts) both name it without importing each
 * other.
 */
export interface MergeArgs {
  reports: string[];
  json: boolean;
}
