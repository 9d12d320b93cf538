import { describeCall, describeGetReply } from "../../kv/index.js";
import type { OpStory } from "./stories.js";

/** A call as the KV lab names it: `Get("k")`, `Put("k", "v", 2)`. */
export function callWords(story: Pick<OpStory, "input">): string {
  return describeCall(story.input as { op: "get" | "put"; key: string; value?: string; version?: number });
}

/** What a call returned: a get's `("v", 2, OK)`, a put's error. */
export function resultWords(story: Pick<OpStory, "input" | "output">): string {
  return story.input.op === "get" ? describeGetReply(story.output) : String(story.output?.err);
}
