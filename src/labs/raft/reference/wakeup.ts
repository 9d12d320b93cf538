/**
 * A wake-up call for one waiting loop (the applier): `notify` wakes the waiter, or, if none waits,
 * makes the next `wait` return at once, so a notification that comes between two waits is not lost.
 *
 * @example
 * const wakeup = new Wakeup();
 * wakeup.notify();
 * await wakeup.wait(); // returns at once: the notification was kept
 */
export class Wakeup {
  private waiter: (() => void) | undefined;
  private pending = false;

  wait(): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((wake) => (this.waiter = wake));
  }

  notify(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) waiter();
    else this.pending = true;
  }
}
