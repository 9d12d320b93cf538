import type { TraceEvent } from "../../../labnet/index.js";
import type { ViewMessage } from "../../check/index.js";

type Fate = ViewMessage["fate"];

/** The fates in the order the viewer decides them: a delivered reply outranks everything else. */
const FATES: readonly Fate[] = ["delivered", "discarded", "reply-dropped", "request-dropped", "unreachable", "lost"];

const FATE_OF: Partial<Record<TraceEvent["kind"], Fate>> = {
  deliver: "delivered",
  discard: "discarded",
  "drop-reply": "reply-dropped",
  "drop-request": "request-dropped",
  unreachable: "unreachable",
};

/** The fate a labnet trace event gives the message copy it is about, if it settles one. */
export function eventFate(kind: TraceEvent["kind"]): Fate | undefined {
  return FATE_OF[kind];
}

/** A fate's rank: lower outranks higher ("delivered" is 0, "lost" last). */
export function fateRank(fate: Fate): number {
  return FATES.indexOf(fate);
}

/**
 * A message copy's fate on a run's page, from its trace events: the highest-ranked fate any of
 * them gives it, else "lost" (sent, and nothing more became of it).
 */
export function messageFate(events: readonly TraceEvent[]): Fate {
  return FATES.find((fate) => events.some((event) => FATE_OF[event.kind] === fate)) ?? "lost";
}
