import type { MemoryBudget } from "./cache.js";
import type { Operation } from "../history.js";
import type { Model } from "../model.js";
import { PartitionSearch, type Prefix, type SearchStatus } from "./search.js";

/** What a partition's check came to: the search's status, and for "ok" the order found. */
export interface PartitionOutcome {
  status: SearchStatus;
  linearization?: number[];
}

/**
 * One partition's check: the full search and, when it has not ended within its first slice and
 * the partition has operations of unknown outcome, a probe beside it that places each of those
 * only soon after its call: before the first return after it, then the second, the fourth, …
 *
 * The full search tries each such operation wherever it may go, so where many never took effect
 * it explores every subset of them, in every order, before each read that rules them out. An
 * operation that took effect usually did so soon after its call, so a probe with a short window
 * finds a linearization without that. A probe can only say "ok": finding no order with window W
 * proves nothing, so it starts over with 2W, and stops once the window spans the partition (the
 * full search covers that). An illegal verdict is always the full search's. The two share the
 * steps of each slice, so a partition only the full search decides costs about twice its steps;
 * they share the memory budget too, but when the full search fills it the probe gives its memory
 * back and probing ends, so the probe never makes a verdict unknown that the full search reaches.
 */
export class PartitionCheck<S, I, O> {
  /** Model steps and undos of the full search and every probe: the deterministic measure of work. */
  steps = 0;
  private readonly search: PartitionSearch<S, I, O>;
  private probe: PartitionSearch<S, I, O> | undefined;
  private probing: boolean;

  constructor(
    private readonly model: Model<S, I, O>,
    private readonly ops: readonly Operation<I, O>[],
    private readonly budget: MemoryBudget,
    maxPrefixes: number,
  ) {
    this.search = new PartitionSearch(model, ops, budget, maxPrefixes);
    this.probing = this.search.optional > 0;
  }

  /** The longest prefixes the full search found (for "illegal"). */
  longest(): Prefix<S>[] {
    return this.search.longest();
  }

  /** Runs up to `steps` more steps, shared with the probe while there is one. */
  advance(steps: number): PartitionOutcome {
    const probe = this.probe;
    if (probe !== undefined) {
      const before = probe.steps;
      const status = probe.advance(before + Math.ceil(steps / 2));
      const used = probe.steps - before;
      this.steps += used;
      // A backtrack's undos may take a probe a little past its share.
      steps = Math.max(0, steps - used);
      if (status === "ok") return this.endProbe({ status, linearization: probe.linearization() });
      // No order within this window: a window twice as long, while that still leaves some order
      // out; a probe whose memo filled gives its memory back and probing ends.
      if (status !== "running") {
        probe.release();
        this.probe = status === "illegal" && probe.window * 2 < this.search.completed ? this.newProbe(probe.window * 2) : undefined;
      }
    }
    const before = this.search.steps;
    let status = this.search.advance(before + steps);
    // Memory the probe holds is the full search's first: only the full search can say illegal.
    if (status === "full" && (this.probe !== undefined || this.probing)) {
      this.endProbe({ status });
      this.probing = false;
      this.search.resume();
      status = this.search.advance(before + steps);
    }
    this.steps += this.search.steps - before;
    if (status === "ok") return this.endProbe({ status, linearization: this.search.linearization() });
    if (status === "illegal") return this.endProbe({ status });
    // Most partitions end within their first slice: only one that did not gets a probe.
    if (status === "running" && this.probing) {
      this.probing = false;
      this.probe = this.newProbe(1);
    }
    return { status };
  }

  /** Frees both memos; the check cannot continue afterwards. */
  release(): void {
    this.search.release();
    this.probe?.release();
    this.probe = undefined;
  }

  /** Frees the probe, if there is one, and gives back `outcome`. */
  private endProbe(outcome: PartitionOutcome): PartitionOutcome {
    this.probe?.release();
    this.probe = undefined;
    return outcome;
  }

  private newProbe(window: number): PartitionSearch<S, I, O> {
    return new PartitionSearch(this.model, this.ops, this.budget, 1, { window });
  }
}
