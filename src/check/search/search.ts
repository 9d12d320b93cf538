import { Bitset } from "./bitset.js";
import { type MemoryBudget, StateCache } from "./cache.js";
import { KeptPrefixes } from "./kept-prefixes.js";
import { timeOrder } from "./time-order.js";
import type { Operation } from "../history.js";
import type { Model, ReadEvidence } from "../model.js";

/** Where one partition's search stands. "full" means the shared memory budget ran out. */
export type SearchStatus = "running" | "ok" | "illegal" | "full";

/** A prefix of a linearization: operation numbers (within the partition) and the state after them. */
export interface Prefix<S> {
  order: Int32Array;
  state: S;
}

const NONE = -1;
/**
 * Entries of the candidate pool that cost no memory budget: the pool holds each depth's
 * candidates, so a partition of n concurrent operations needs about n^2 / 2 of them (436,000
 * concurrent gets: 16 GB, past what an Int32Array index holds). Beyond this it is paid from the
 * memory budget like the memo, and a search that cannot pay stops as "full".
 */
const FREE_POOL = 1 << 16;
/** The most entries a pool may have: its ends are kept in Int32Arrays. */
const MAX_POOL = 2 ** 31 - 1;
/**
 * Undos beyond twice a partition's completed operations after which it counts as hard, and the
 * model's read evidence (if it has any) starts pruning. A search that walks a history with a few
 * dead ends undoes a placement or so per operation (about 0.2 on the generated histories, 1.3 on the
 * illegal key of size-100k-bad), and never pays for building the evidence; one that tries many orders of the same operations crosses it soon.
 */
export const EVIDENCE_AFTER_UNDOS = 1_000;
/** Reads the evidence is asked about after a placement: of those that show the operation placed, and of those nearest the front. */
const READS_ASKED = 16;
/** Entries of the history looked at for the reads nearest the front, so a stretch without reads costs no more than this. */
const ENTRIES_LOOKED_AT = 4 * READS_ASKED;

/** How one partition's search runs. */
export interface SearchOptions {
  /**
   * How long after its call an operation of unknown outcome may still be placed: until the
   * window-th return after its call. Infinity (the default) searches every order; a finite
   * window searches only some, so it can find a linearization but never prove there is none.
   */
  window?: number;
  /** Undos after which the model's read evidence prunes (default: twice the partition's completed operations + EVIDENCE_AFTER_UNDOS). */
  evidenceAfterUndos?: number;
}

/**
 * Wing & Gong's backtracking search with Lowe's memo, over one partition, resumable in slices of
 * steps so that the checker can run partitions round-robin.
 *
 * The history is a doubly linked list of call and return entries in time order (calls before
 * returns at equal times: intervals are closed). The operations that may come next are the calls
 * before the first remaining return; each node of the search lists them once, and when all have
 * failed the search undoes the last placement. Placing an operation lifts its entries out of the
 * list; undoing puts them back (dancing links), so nothing is copied.
 *
 * Exact prunings on top of the textbook search:
 * - Read-only operations (the model's `readOnly` hint) are tried first, and when one fits the
 *   search commits to it: if any order works from here, one that places it now works too. A
 *   read-only operation of unknown outcome is dropped: it never needs a place.
 * - An operation of unknown outcome is optional, so it is not placed where it would change
 *   nothing, and of several identical ones the earliest unplaced is tried first (they are
 *   interchangeable: same input, no output).
 * - Once the partition proves hard (see EVIDENCE_AFTER_UNDOS), a model with read evidence is
 *   asked after each placement whether the reads still to be placed can return what they
 *   returned; when one cannot, no order of the rest can work, and the search undoes the placement.
 */
export class PartitionSearch<S, I, O> {
  /** Model steps and undos so far: the deterministic measure of work. */
  steps = 0;
  status: SearchStatus = "running";
  /** The fewest completed operations left unplaced so far, and whether the current path is a longest prefix not yet kept. */
  private fewestLeft = Number.MAX_SAFE_INTEGER;
  private uncopied = true;

  private readonly head: number;
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private readonly entryOp: Int32Array;
  private readonly isReturn: Uint8Array;
  private readonly callEntry: Int32Array;
  private readonly returnEntry: Int32Array;
  private readonly readOnly: Uint8Array;
  private readonly pending: Uint8Array;
  private readonly twin: Int32Array;
  private readonly placed: Bitset;
  /** Each operation's member number in `placed`: completed ones in call order, then the rest. */
  private readonly bit: Int32Array;
  private readonly cache: StateCache<S>;
  private readonly stackOps: Int32Array;
  private readonly kept: KeptPrefixes<S>;
  private readonly stackCommitted: Uint8Array;
  /** The state before each placement; filled with the initial state up front (see the constructor). */
  private readonly stackStates: S[];
  private depth = 0;
  private state: S;
  /**
   * Per depth, the node's candidates: pool[nodeStart..nodeEnd), the read-only ones first (up to
   * nodeReadOnlyEnd), the next to try at nodeNext. `scratch` holds the others while gathering.
   */
  private pool = new Int32Array(64);
  private poolTop = 0;
  /** Bytes of the memory budget the pool holds (see {@link FREE_POOL}). */
  private poolBytes = 0;
  private readonly nodeStart: Int32Array;
  private readonly nodeNext: Int32Array;
  private readonly nodeReadOnlyEnd: Int32Array;
  private readonly nodeEnd: Int32Array;
  private readonly scratch: Int32Array;
  private remaining = 0;
  /** With a window: the entry of the return that closes each unknown-outcome operation's window. */
  private readonly windowEnd: Int32Array | undefined;
  /** Placements undone so far, and how many make the partition hard. */
  private undos = 0;
  private readonly evidenceAfter: number;
  /** The model's read evidence, once the partition proved hard. */
  private evidence: ReadEvidence<S> | undefined;
  /** How long after its call an operation of unknown outcome may still be placed (SearchOptions.window). */
  readonly window: number;
  /** How many operations of unknown outcome may be placed (read-only ones never need a place). */
  readonly optional: number;
  /** How many operations returned: a window this long or longer allows every order. */
  readonly completed: number;

  constructor(
    private readonly model: Model<S, I, O>,
    private readonly ops: readonly Operation<I, O>[],
    private readonly budget: MemoryBudget,
    private readonly maxPrefixes: number,
    options: SearchOptions = {},
  ) {
    const window = (this.window = options.window ?? Infinity);
    const n = ops.length;
    let optional = 0;
    this.readOnly = new Uint8Array(n);
    this.pending = new Uint8Array(n);
    this.twin = new Int32Array(n).fill(NONE);
    const twinKey: (string | undefined)[] = [];
    ops.forEach((op, i) => {
      this.readOnly[i] = model.readOnly?.(op.input, op.output) ? 1 : 0;
      if (op.return === undefined) {
        this.pending[i] = 1;
        if (this.readOnly[i]) return; // never needs a place
        optional++;
        twinKey[i] = JSON.stringify(op.input);
      } else this.remaining++;
    });
    // An operation needs a place if it returned, or if it is one of unknown outcome given a twin key above.
    const { entryOp, isReturn } = timeOrder(ops, (i) => this.pending[i] === 0 || twinKey[i] !== undefined);
    const size = entryOp.length;
    this.entryOp = entryOp;
    this.isReturn = isReturn;
    this.head = size;
    this.next = new Int32Array(size + 2);
    this.prev = new Int32Array(size + 2);
    this.callEntry = new Int32Array(n).fill(NONE);
    this.returnEntry = new Int32Array(n).fill(NONE);
    // Completed operations are numbered in call order, so the linearized set fills from the bottom
    // up and the memo stores little of it; unknown-outcome ones get the words after them. Each
    // unknown-outcome operation points at the previous identical one in call order.
    this.bit = new Int32Array(n).fill(NONE);
    let completed = 0;
    const lastTwin = new Map<string, number>();
    for (let k = 0; k < size; k++) {
      const i = entryOp[k]!;
      if (isReturn[k] === 1) {
        this.returnEntry[i] = k;
        continue;
      }
      this.callEntry[i] = k;
      const key = twinKey[i];
      if (key === undefined) this.bit[i] = completed++;
      else {
        this.twin[i] = lastTwin.get(key) ?? NONE;
        lastTwin.set(key, i);
      }
    }
    // head <-> 0 <-> 1 ... <-> size-1 <-> tail (tail = size + 1)
    for (let k = 0; k <= size; k++) {
      const from = k === 0 ? this.head : k - 1;
      this.next[from] = k === size ? size + 1 : k;
      this.prev[k === size ? size + 1 : k] = from;
    }
    const denseWords = Math.ceil(completed / 32);
    let unknown = denseWords * 32;
    for (let k = 0; k < size; k++) if (isReturn[k] === 0 && twinKey[entryOp[k]!] !== undefined) this.bit[entryOp[k]!] = unknown++;
    this.placed = new Bitset(unknown, denseWords);
    this.cache = new StateCache<S>((a, b) => model.equal(a, b), budget);
    this.stackOps = new Int32Array(n);
    this.kept = new KeptPrefixes(this.stackOps);
    this.stackCommitted = new Uint8Array(n);
    this.nodeStart = new Int32Array(n + 1);
    this.nodeNext = new Int32Array(n + 1);
    this.nodeReadOnlyEnd = new Int32Array(n + 1);
    this.nodeEnd = new Int32Array(n + 1);
    this.scratch = new Int32Array(n);
    this.state = model.init();
    // Made full of states at once, not grown from empty: an array that starts empty holds small
    // integers to V8, and its first state would deoptimise the search's compiled loop.
    this.stackStates = new Array<S>(n + 1).fill(this.state);
    this.fewestLeft = this.remaining;
    this.optional = optional;
    this.completed = this.remaining;
    if (window !== Infinity) this.windowEnd = windowEnds(entryOp, isReturn, this.pending, window);
    this.evidenceAfter = model.evidence === undefined ? Infinity : (options.evidenceAfterUndos ?? 2 * this.completed + EVIDENCE_AFTER_UNDOS);
    if (this.evidenceAfter === 0) this.evidence = model.evidence!(ops);
    this.gatherCandidates();
  }

  /**
   * The longest prefixes found: those placing the most completed operations (unknown-outcome ones
   * are optional, so they do not count), in discovery order, at most `maxPrefixes`.
   */
  longest(): Prefix<S>[] {
    return this.kept.prefixes();
  }

  /** The linearization found, as operation numbers within the partition (after status "ok"). */
  linearization(): number[] {
    return Array.from(this.stackOps.subarray(0, this.depth));
  }

  /** Frees the memo; the search cannot continue afterwards. */
  release(): void {
    this.cache.release();
    this.budget.remaining += this.poolBytes;
    this.poolBytes = 0;
  }

  /** After status "full", goes on from where the memo filled (once another search gave memory back). */
  resume(): void {
    if (this.status === "full") this.status = "running";
  }

  /** Searches until the search ends or `this.steps` reaches `limit`; returns the status. */
  advance(limit: number): SearchStatus {
    const { model, ops, pending, placed, bit, nodeNext, nodeEnd, nodeReadOnlyEnd } = this;
    while (this.status === "running" && this.steps < limit) {
      if (this.remaining === 0) {
        this.status = "ok";
        break;
      }
      const k = nodeNext[this.depth]!;
      if (k === nodeEnd[this.depth]) {
        this.backtrack();
        continue;
      }
      nodeNext[this.depth] = k + 1;
      const readOnly = k < nodeReadOnlyEnd[this.depth]!;
      const i = this.pool[k]!;
      const op = ops[i]!;
      this.steps++;
      const after = model.step(this.state, op.input, op.output);
      if (after === undefined) continue;
      if (pending[i] === 1 && model.equal(after, this.state)) continue;
      if (!this.poolRoom()) {
        // As when the memo fills: left as it was before this step, to resume once memory is freed.
        nodeNext[this.depth] = k;
        this.steps--;
        this.status = "full";
        break;
      }
      placed.add(bit[i]!);
      const added = this.cache.add(placed, after, model.hash(after));
      if (added === "added") this.place(i, after, readOnly);
      else {
        placed.remove(bit[i]!);
        if (added === "full") {
          // Left as it was before this step, so that the search can resume if memory is freed.
          nodeNext[this.depth] = k;
          this.steps--;
          this.status = "full";
        }
        // A read-only operation that fits is committed to; if where it leads was explored, so was here.
        else if (readOnly) this.backtrack();
      }
    }
    return this.status;
  }

  /**
   * Lists the operations that may come next (the calls before the first remaining return).
   * Read-only ones come first: the first that fits is committed to. The rest follow in call order,
   * as Wing & Gong try them, operations of unknown outcome among them: such an operation usually
   * took effect soon after its call, if at all, and trying it only after every completed one
   * explores each dead end once for every subset of them. The order changes which linearization
   * is found first, never whether one exists.
   */
  private gatherCandidates(): void {
    const { next, entryOp, isReturn, readOnly, twin, placed, bit, head, pending, scratch } = this;
    const start = this.nodeStart[this.depth]!;
    if (this.pool.length < start + this.ops.length) this.growPool(Math.max(start + this.ops.length, this.pool.length * 2));
    const pool = this.pool;
    let end = start;
    let others = 0;
    let e = next[head]!;
    // The bound comes first: reading isReturn past its end (the tail) would deoptimise this loop.
    for (; e < head && isReturn[e] === 0; e = next[e]!) {
      const i = entryOp[e]!;
      if (readOnly[i] === 1) pool[end++] = i;
      else if (pending[i] === 0 || twin[i] === NONE || placed.has(bit[twin[i]!]!)) scratch[others++] = i;
    }
    // e is the first remaining return: an unknown-outcome operation whose window it is past is out.
    const windowEnd = this.windowEnd;
    this.nodeReadOnlyEnd[this.depth] = end;
    for (let k = 0; k < others; k++) {
      const i = scratch[k]!;
      if (windowEnd === undefined || pending[i] === 0 || windowEnd[i]! >= e) pool[end++] = i;
    }
    this.nodeNext[this.depth] = start;
    this.nodeEnd[this.depth] = end;
    this.poolTop = end;
  }

  /**
   * Whether the pool has room for the candidates of one more depth, growing it if the memory
   * budget pays for the growth beyond {@link FREE_POOL}.
   */
  private poolRoom(): boolean {
    const need = this.poolTop + this.ops.length;
    const length = this.pool.length;
    if (need <= length) return true;
    if (need > MAX_POOL) return false;
    const size = Math.min(Math.max(need, length * 2), MAX_POOL);
    const cost = 4 * (Math.max(size, FREE_POOL) - Math.max(length, FREE_POOL));
    if (this.budget.remaining < cost) return false;
    this.budget.remaining -= cost;
    this.poolBytes += cost;
    this.growPool(size);
    return true;
  }

  private growPool(size: number): void {
    const pool = new Int32Array(size);
    pool.set(this.pool);
    this.pool = pool;
  }

  private place(i: number, after: S, committed: boolean): void {
    this.stackOps[this.depth] = i;
    this.stackCommitted[this.depth] = committed ? 1 : 0;
    this.stackStates[this.depth] = this.state;
    this.depth++;
    this.nodeStart[this.depth] = this.poolTop;
    this.state = after;
    this.lift(i);
    if (this.pending[i] === 0) this.remaining--;
    this.gatherCandidates();
    if (this.evidence !== undefined) {
      this.evidence.track(i, true);
      // A read that can no longer return what it did: nothing placed from here can work.
      if (this.readsBlocked(i)) this.nodeNext[this.depth] = this.nodeEnd[this.depth]!;
    }
    // A longest prefix is kept only when the search leaves it, so a search that never
    // backtracks (most linearizable histories) keeps nothing.
    if (this.remaining < this.fewestLeft) {
      this.fewestLeft = this.remaining;
      this.kept.clear();
      this.uncopied = true;
    } else if (this.remaining === this.fewestLeft && this.kept.size < this.maxPrefixes) this.uncopied = true;
  }

  /** Undoes placements until one whose later siblings are still worth trying. */
  private backtrack(): void {
    for (;;) {
      if (this.uncopied && this.remaining === this.fewestLeft) {
        this.kept.keep(this.depth, this.state);
        this.uncopied = false;
      }
      if (this.depth === 0) {
        this.status = "illegal";
        return;
      }
      this.steps++;
      this.poolTop = this.nodeStart[this.depth]!;
      this.depth--;
      this.kept.popped(this.depth);
      const i = this.stackOps[this.depth]!;
      this.state = this.stackStates[this.depth]!;
      this.placed.remove(this.bit[i]!);
      this.unlift(i);
      if (this.pending[i] === 0) this.remaining++;
      this.evidence?.track(i, false);
      if (++this.undos === this.evidenceAfter) this.startEvidence();
      if (this.stackCommitted[this.depth] === 0) return;
    }
  }

  /** Builds the model's read evidence and tells it what is placed now. */
  private startEvidence(): void {
    this.evidence = this.model.evidence!(this.ops);
    for (let d = 0; d < this.depth; d++) this.evidence.track(this.stackOps[d]!, true);
  }

  /**
   * Whether some read still to be placed can no longer return its output, asking about the first
   * reads that show operation `i` (just placed) and the reads nearest the front of the history.
   */
  private readsBlocked(i: number): boolean {
    const { evidence, state, placed, bit, next, isReturn, entryOp, readOnly } = this;
    let asked = 0;
    for (const r of evidence!.shownBy(i)) {
      if (!this.shows(r) || placed.has(bit[r]!)) continue;
      if (!evidence!.reachable(r, state)) return true;
      if (++asked === READS_ASKED) break;
    }
    asked = 0;
    let looked = 0;
    for (let e = next[this.head]!; e < this.head && asked < READS_ASKED && looked < ENTRIES_LOOKED_AT; e = next[e]!, looked++) {
      const r = entryOp[e]!;
      if (isReturn[e] === 1 || readOnly[r] === 0 || !this.shows(r)) continue;
      asked++;
      if (!evidence!.reachable(r, state)) return true;
    }
    return false;
  }

  /** Whether operation `r` returned an output, so that it shows something: the evidence is asked about no other. */
  private shows(r: number): boolean {
    return this.pending[r] === 0 && this.ops[r]!.output !== undefined;
  }

  private lift(i: number): void {
    this.unlink(this.callEntry[i]!);
    if (this.returnEntry[i] !== NONE) this.unlink(this.returnEntry[i]!);
  }

  private unlift(i: number): void {
    if (this.returnEntry[i] !== NONE) this.relink(this.returnEntry[i]!);
    this.relink(this.callEntry[i]!);
  }

  private unlink(k: number): void {
    this.next[this.prev[k]!] = this.next[k]!;
    this.prev[this.next[k]!] = this.prev[k]!;
  }

  private relink(k: number): void {
    this.next[this.prev[k]!] = k;
    this.prev[this.next[k]!] = k;
  }
}

/** An entry index past every entry (histories have fewer than 2^29 operations): the window of an operation that fewer returns than the window follow never closes. */
const NEVER_CLOSES = 2 ** 30;

/**
 * For each unknown-outcome operation, the entry (index in time order) of the window-th return
 * after its call: once the first remaining return lies past it, the operation may not be placed.
 */
function windowEnds(entryOp: Int32Array, isReturn: Uint8Array, pending: Uint8Array, window: number): Int32Array {
  const returns: number[] = [];
  for (let k = 0; k < entryOp.length; k++) if (isReturn[k] === 1) returns.push(k);
  const ends = new Int32Array(pending.length).fill(NEVER_CLOSES);
  let returned = 0;
  for (let k = 0; k < entryOp.length; k++) {
    if (isReturn[k] === 1) returned++;
    else if (pending[entryOp[k]!] === 1) ends[entryOp[k]!] = returns[returned + window - 1] ?? NEVER_CLOSES;
  }
  return ends;
}
