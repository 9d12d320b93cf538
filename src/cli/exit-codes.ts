/** Exit status shared by every kvlab command: 0 success, 1 a failed verdict, 2 unknown, 3 bad input or usage. */
export const OK_EXIT = 0;
export const FAILED_EXIT = 1;
export const UNKNOWN_EXIT = 2;
export const USAGE_EXIT = 3;
