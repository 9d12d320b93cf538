/**
 * `--shard auto`: the shard a CI job or a Kubernetes pod is, read from the variables its runner
 * sets. A pure function of an environment, so that every runner and every bad value is tested
 * without one (tests/harness/command-line/shard-env.test.ts).
 */
import { parseShard, type Shard } from "./shard.js";

/** Where one runner keeps a job's index and the number of jobs, and what its first index is. */
interface ShardSource {
  runner: string;
  index: string;
  count: string;
  firstIndex: 0 | 1;
}

/**
 * The runners `--shard auto` knows, in the order it reads them. kvlab's own pair is 0-based, like
 * the two indexes it is usually copied from: GitHub Actions' `strategy.job-index` (an expression
 * only, and expressions cannot add 1) and a Kubernetes Indexed Job's JOB_COMPLETION_INDEX. A
 * Kubernetes pod is told the count through KVLAB_SHARD_COUNT, since its environment holds none.
 */
export const SHARD_SOURCES: readonly ShardSource[] = [
  { runner: "kvlab's variables", index: "KVLAB_SHARD_INDEX", count: "KVLAB_SHARD_COUNT", firstIndex: 0 },
  { runner: "Kubernetes", index: "JOB_COMPLETION_INDEX", count: "KVLAB_SHARD_COUNT", firstIndex: 0 },
  { runner: "GitLab", index: "CI_NODE_INDEX", count: "CI_NODE_TOTAL", firstIndex: 1 },
  { runner: "Buildkite", index: "BUILDKITE_PARALLEL_JOB", count: "BUILDKITE_PARALLEL_JOB_COUNT", firstIndex: 0 },
  { runner: "CircleCI", index: "CIRCLE_NODE_INDEX", count: "CIRCLE_NODE_TOTAL", firstIndex: 0 },
];

/** A shard and the words that say where it came from, e.g. "GitLab (CI_NODE_INDEX=2, CI_NODE_TOTAL=4)". */
export interface FoundShard {
  shard: Shard;
  from: string;
}

const pairs = SHARD_SOURCES.map(({ index, count }) => `${index}/${count}`).join(", ");

/**
 * The shard the environment names: from the first runner whose index variable is set, or a
 * one-line usage error when none is, when a value is not a whole number in range, or when two
 * runners' variables name different shards.
 */
export function shardFromEnv(env: Readonly<Record<string, string | undefined>>): FoundShard | string {
  const found: FoundShard[] = [];
  for (const source of SHARD_SOURCES) {
    const index = env[source.index];
    if (index === undefined || index === "") continue;
    const count = env[source.count];
    const names = `${source.index}=${index}, ${source.count}=${count ?? "(unset)"}`;
    if (count === undefined || count === "") return `--shard auto: ${source.index} is set but ${source.count}, the number of shards, is not (${names})`;
    const shard = /^\d+$/.test(index) && /^\d+$/.test(count) ? parseShard(`${Number(index) + 1 - source.firstIndex}/${count}`) : undefined;
    if (typeof shard !== "object") {
      return `--shard auto: ${source.index} must be a whole number from ${source.firstIndex} to ${source.count}${source.firstIndex === 0 ? " - 1" : ""}, and ${source.count} one ≥ 1; got ${names}`;
    }
    found.push({ shard, from: `${source.runner} (${names})` });
  }
  const [first, other] = [found[0], found.find(({ shard }) => shard.index !== found[0]?.shard.index || shard.count !== found[0]?.shard.count)];
  if (first === undefined) return `--shard auto found no shard in the environment; it reads ${pairs}`;
  if (other !== undefined) return `--shard auto: the environment names two shards, ${first.shard.index}/${first.shard.count} from ${first.from} and ${other.shard.index}/${other.shard.count} from ${other.from}`;
  return first;
}

/** `--shard`'s value as a shard (`auto`: from `env`), or a one-line usage error. */
export function resolveShard(text: string, env: Readonly<Record<string, string | undefined>>): FoundShard | string {
  if (text.trim() === "auto") return shardFromEnv(env);
  const shard = parseShard(text);
  return typeof shard === "string" ? shard : { shard, from: "--shard" };
}
