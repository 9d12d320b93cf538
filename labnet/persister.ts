/**
 * State that survives a server crash, as on a disk. A restarted server gets a copy of what its
 * previous incarnation saved last; the crashed incarnation keeps the old object, so a handler
 * still running in it cannot overwrite what the new one reads.
 *
 * @example
 * net.addServer("kv", ({ persister }) => Server.of(new KV(persister.readState())));
 * // in a handler: persister.save(encodeState(this.data));
 * net.crash("kv"); net.restart("kv");  // the new KV reads the last saved state
 */
export class Persister {
  private state: Uint8Array | string = "";
  private snapshot: Uint8Array | string = "";

  /** Saves both parts at once, as one atomic write. */
  save(state: Uint8Array | string, snapshot: Uint8Array | string = this.snapshot): void {
    this.state = clone(state);
    this.snapshot = clone(snapshot);
  }

  readState(): Uint8Array | string {
    return clone(this.state);
  }

  readSnapshot(): Uint8Array | string {
    return clone(this.snapshot);
  }

  get stateSize(): number {
    return size(this.state);
  }

  get snapshotSize(): number {
    return size(this.snapshot);
  }

  /** An independent copy holding the same saved state. */
  copy(): Persister {
    const copy = new Persister();
    copy.save(this.state, this.snapshot);
    return copy;
  }
}

function clone(value: Uint8Array | string): Uint8Array | string {
  return typeof value === "string" ? value : value.slice();
}

function size(value: Uint8Array | string): number {
  return typeof value === "string" ? Buffer.byteLength(value) : value.byteLength;
}
