/**
 * The reference's clock settings. The tester wants a new leader within about 5 s of a failure and
 * at most ten heartbeats a second; the paper's 150–300 ms election timeout is too short for that
 * heartbeat rate, so the timeout is drawn from 300–600 ms (well above two heartbeat intervals).
 */
export const ELECTION_TIMEOUT_MIN_MS = 300;
export const ELECTION_TIMEOUT_MAX_MS = 600;
/** A leader's heartbeat interval: ten a second, the tester's limit. */
export const HEARTBEAT_MS = 100;
/**
 * At most this many entries travel in one AppendEntries. A leader sends a follower everything from
 * its nextIndex at every heartbeat until the follower answers, and a cut-off follower answers
 * nothing: without a cap, each heartbeat would copy the whole log it missed, thousands of entries
 * in the churn tests. A follower far behind gets the next batch as soon as it takes one.
 */
export const MAX_ENTRIES_PER_APPEND = 100;
