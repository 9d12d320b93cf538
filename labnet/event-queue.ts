/**
 * The simulator's pending events, a binary min-heap ordered by (time, tie, order).
 * `tie` is a seeded hash of the event's identity, so events due at the same instant run in an
 * order the seed decides; `order` (insertion count) only settles the astronomically rare equal tie.
 */
export interface ScheduledEvent {
  time: number;
  tie: number;
  order: number;
  fire: () => void;
}

export class EventQueue {
  private readonly heap: ScheduledEvent[] = [];
  private inserted = 0;

  push(time: number, tie: number, fire: () => void): void {
    const event: ScheduledEvent = { time, tie, order: this.inserted++, fire };
    const heap = this.heap;
    let i = heap.length;
    heap.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(event, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = event;
  }

  /**
   * The earliest event, removed; undefined when none is pending. The hole at the top goes down to
   * a leaf by the smaller child (one compare a level), then the last event rises from there: it
   * came from the bottom, so it seldom rises far, and this takes about half the compares of
   * sifting it down from the top.
   */
  pop(): ScheduledEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    const n = heap.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(heap[right]!, heap[left]!) ? right : left;
      heap[i] = heap[child]!;
      i = child;
    }
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(last, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = last;
    return top;
  }

  /** The time of the earliest pending event, or undefined. */
  peekTime(): number | undefined {
    return this.heap[0]?.time;
  }
}

function before(a: ScheduledEvent, b: ScheduledEvent): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.tie !== b.tie) return a.tie < b.tie;
  return a.order < b.order;
}
