/**
 * Clients inside a critical section right now: exact, since the simulation runs one task at a time.
 * A file of its own: the lock suite's clients and its rules' tests (lock-rules.ts, which the suite
 * lists) both count in one.
 */
export interface Section {
  inside: number;
}
