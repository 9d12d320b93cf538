import type { FORMAT_NAMES } from "../../check/formats/index.js";

/**
 * What `kvlab check` is given on its command line. A file of its own so that the command's
 * definition (check.ts) and what it does (check-handler.ts) both name it without importing each
 * other.
 */
export interface CheckArgs {
  files: string[];
  format: (typeof FORMAT_NAMES)[number];
  model?: string;
  budget?: number;
  memory?: number;
  timeout?: number;
  json: boolean;
  html?: string;
}
