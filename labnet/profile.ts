import { type Delay, NO_DELAY, delayProblem } from "./delay.js";

/**
 * How the network treats each message, as plain data. Every field has a meaning on its own, so
 * profiles compose by layering: `compose(base, layer…)` lets later layers replace fields.
 *
 * @example
 * const net = new Network(sim, compose(profiles.unreliable, profiles.longReordering));
 * net.setLinkProfile("client-1", "kv", { latency: { kind: "fixed", ms: 40 } }); // one slow link
 */
export interface FaultProfile {
  /** A name for reports; compose() joins the layers' names with "+". */
  name: string;
  /** Every hop (request and reply) takes this long, so virtual time moves even on a reliable net. */
  latency: Delay;
  /** An extra delay before a request is delivered or dropped (the unreliable short delay). */
  requestDelay: Delay;
  /** Probability that a request is lost before the server sees it. */
  dropRequest: number;
  /** Probability that a reply is lost after the handler ran. */
  dropReply: number;
  /** Probability that a request is delivered twice (each copy meets its own faults). */
  duplicate: number;
  /** Probability that a reply is held back by `reorderDelay`, so later replies overtake it. */
  reorder: number;
  reorderDelay: Delay;
  /** How long a call to a crashed, disconnected or partitioned server takes to come back empty. */
  unreachable: Delay;
}

/** The reliable network: no faults, and a small per-hop latency (50–150 µs) so time advances. */
const reliable: FaultProfile = {
  name: "reliable",
  latency: { kind: "uniform", minMs: 0.05, maxMs: 0.15 },
  requestDelay: NO_DELAY,
  dropRequest: 0,
  dropReply: 0,
  duplicate: 0,
  reorder: 0,
  reorderDelay: NO_DELAY,
  unreachable: { kind: "uniform", minMs: 0, maxMs: 100 },
};

/**
 * Named layers. `unreliable`, `longDelays` and `longReordering` carry labrpc's numbers:
 * 0–26 ms short delay, 10% request drop, 10% reply drop; unreachable calls fail after up to 7 s;
 * 2/3 of replies held back 200 + U[0, U[0, 2000]] ms.
 */
export const profiles = {
  reliable,
  unreliable: {
    name: "unreliable",
    requestDelay: { kind: "uniform", minMs: 0, maxMs: 27 },
    dropRequest: 0.1,
    dropReply: 0.1,
  },
  longDelays: { name: "long-delays", unreachable: { kind: "uniform", minMs: 0, maxMs: 7000 } },
  longReordering: {
    name: "long-reordering",
    reorder: 600 / 900,
    reorderDelay: { kind: "skewed", baseMs: 200, spreadMs: 2000 },
  },
  duplicating: { name: "duplicating", duplicate: 0.1 },
} satisfies Record<string, Partial<FaultProfile>>;

/** A profile name as scenario files spell it. */
export type ProfileName = keyof typeof profiles;

/** Layers `layers` over the reliable profile; a later layer's fields replace an earlier one's. */
export function compose(...layers: Partial<FaultProfile>[]): FaultProfile {
  const names = layers.map((layer) => layer.name).filter((name) => name !== undefined && name !== "reliable");
  const merged = Object.assign({}, reliable, ...layers) as FaultProfile;
  merged.name = names.length > 0 ? names.join("+") : "reliable";
  const problem = profileProblem(merged);
  if (problem) throw new TypeError(`invalid fault profile: ${problem}`);
  return merged;
}

/** The profile built from names such as ["unreliable", "longReordering"]; unknown names are an error. */
export function profileFromNames(names: readonly string[]): FaultProfile {
  const layers = names.map((name) => {
    if (!Object.hasOwn(profiles, name)) {
      throw new TypeError(`unknown fault profile "${name}"; known: ${Object.keys(profiles).join(", ")}`);
    }
    return profiles[name as ProfileName] as Partial<FaultProfile>;
  });
  return compose(...layers);
}

const probabilityFields = ["dropRequest", "dropReply", "duplicate", "reorder"] as const;
const delayFields = ["latency", "requestDelay", "reorderDelay", "unreachable"] as const;

/** Says which field of a (possibly partial) profile is invalid, or undefined when all are valid. */
export function profileProblem(profile: Partial<Record<keyof FaultProfile, unknown>>): string | undefined {
  for (const field of Object.keys(profile)) {
    if (field !== "name" && !(probabilityFields as readonly string[]).includes(field) && !(delayFields as readonly string[]).includes(field)) {
      return `unknown field "${field}"`;
    }
  }
  for (const field of probabilityFields) {
    const p = profile[field];
    if (p !== undefined && !(typeof p === "number" && p >= 0 && p <= 1)) {
      return `"${field}" must be a probability in [0, 1], got ${JSON.stringify(p)}`;
    }
  }
  for (const field of delayFields) {
    const delay = profile[field];
    const problem = delay === undefined ? undefined : delayProblem(delay);
    if (problem) return `"${field}": ${problem}`;
  }
  return undefined;
}
