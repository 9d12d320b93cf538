/**
 * Everything the one-page run viewer shows, as plain data. It is built from a checked history
 * (`kvlab check --html`: operations only) or from a failed simulated run (operations, the messages
 * between clients and the server, and the faults), and rendered by renderRunView into one
 * self-contained HTML file.
 */
export interface RunView {
  /** The page title, e.g. "TestUnreliableNet, seed 3". */
  title: string;
  verdict: "ok" | "illegal" | "unknown" | "pass" | "fail";
  /** One line: what went wrong (or that nothing did). */
  summary: string;
  /** The explanation in words, one paragraph or line per entry, in order. */
  explanation: string[];
  /** The command that reproduces the run, when there is one. */
  rerun?: string;
  /** Row names in display order: clients first, then servers (for the message diagram). */
  lanes: string[];
  operations: ViewOperation[];
  messages: ViewMessage[];
  markers: ViewMarker[];
  /**
   * Intervals on lanes: what a lane's process was in over time (e.g. a term, a role, down),
   * drawn behind the lane's line in the message diagram, coloured by kind.
   */
  bands?: ViewBand[];
  /**
   * The unit of every time in the view, shown on the axis and in tooltips; default "ms". A
   * checked history's times may be in any unit (or be event positions), so it says "".
   */
  timeUnit?: string;
  /**
   * Present when the run is too big to draw whole: the page then draws only a window around the
   * violation (or the failure's instant) and this summarises the whole run.
   */
  rest?: RunSummary;
}

/** A whole run in counts, for a page that draws only part of it. */
export interface RunSummary {
  /** What the page draws: so many operations, messages and faults, between two instants. */
  shown: { operations: number; messages: number; faults: number; fromMs: number; toMs: number };
  total: { operations: number; messages: number; faults: number };
  /** Operations per kind (e.g. "put → OK"), most first. */
  byKind: [string, number][];
  /** Messages per fate, most first. */
  messageFates: [string, number][];
  /** The busiest clients and their operation counts; the others together in otherClients. */
  byClient: [string, number][];
  otherClients: { clients: number; operations: number };
  /** The run cut into equal slices of time. */
  buckets: { fromMs: number; toMs: number; operations: number; messages: number; failedMessages: number }[];
}

/** One client operation: a box on its client's row from call to return. */
export interface ViewOperation {
  /** Stable index, as the explanation refers to it. */
  id: number;
  /** The lane (client) it belongs to. */
  lane: string;
  callMs: number;
  /** Absent for an operation that never returned. */
  returnMs?: number;
  /** e.g. put("k", "v", 0) → ErrMaybe */
  label: string;
  /** The partition (key) it belongs to, for grouping and filtering. */
  key: string;
  /**
   * "linearized": placed in the order found; "placed": in the longest partial order of an
   * illegal history; "unplaced": could not come next (the violation); "minimal": in the smallest
   * sub-history that is still illegal; "other": none of these.
   */
  role: "linearized" | "placed" | "unplaced" | "minimal" | "other";
  /** Position in the (partial) linearization, 1-based, when it has one. */
  order?: number;
  /** Shown on hover: input, output, state before/after, times, attempts… */
  details: Record<string, string>;
}

/** One message attempt between lanes: an arrow in the Lamport diagram. */
export interface ViewMessage {
  /** The message id, e.g. "clerk-1#3", plus " (copy 1)" for a duplicate. */
  id: string;
  from: string;
  to: string;
  /** When it left, and when it arrived (or was given up on). */
  sendMs: number;
  arriveMs?: number;
  /** The reply's way back, when the handler ran and replied. */
  replySendMs?: number;
  replyArriveMs?: number;
  fate: "delivered" | "request-dropped" | "reply-dropped" | "unreachable" | "lost" | "discarded";
  /** The operation (ViewOperation.id) this attempt served, when known. */
  operation?: number;
  details: Record<string, string>;
}

/** A fault in time: a partition (with its end), a crash, a restart, a network change. */
export interface ViewMarker {
  atMs: number;
  untilMs?: number;
  kind: "partition" | "crash" | "restart" | "network";
  label: string;
}

/** A lane's state over an interval: a band behind the lane, labelled, one colour per kind. */
export interface ViewBand {
  lane: string;
  fromMs: number;
  untilMs: number;
  /** Written at the band's start, e.g. "term 3". */
  label: string;
  /** What sort of state it is, e.g. "leader": bands of one kind share a colour and a legend entry. */
  kind: string;
  /** Shown on hover. */
  details?: Record<string, string>;
}
