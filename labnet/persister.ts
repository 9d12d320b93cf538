/** What a persister stores: bytes, or text (counted as its UTF-8 length). */
export type Persisted = Uint8Array | string;

/**
 * State that survives a server crash, as on a disk: the course's Persister, with its semantics.
 * It holds two parts written together, a service's state and its snapshot. A restarted server gets
 * a copy of what its previous incarnation saved last; the crashed incarnation keeps the old object,
 * so a handler still running in it cannot overwrite what the new one reads.
 *
 * @example
 * net.addServer("kv", ({ persister }) => Server.of(new KV(persister.readRaftState())));
 * // in a handler: persister.save(encodeState(this.data), this.snapshot);
 * net.crash("kv"); net.restart("kv");  // the new KV reads the last saved state
 */
export class Persister {
  private raftState: Persisted = "";
  private snapshot: Persisted = "";

  /**
   * Saves both parts at once, as one atomic write, each cloned. A missing snapshot saves an EMPTY
   * one, erasing any earlier snapshot (as the course's Save(state, nil) does): a service that has
   * a snapshot must pass it again on every save.
   */
  save(raftState: Persisted, snapshot?: Persisted | null): void {
    this.raftState = clone(raftState);
    this.snapshot = snapshot == null ? "" : clone(snapshot);
  }

  /** A clone of the state saved last ("" before any save). */
  readRaftState(): Persisted {
    return clone(this.raftState);
  }

  /** A clone of the snapshot saved last ("" before any save, or after a save without one). */
  readSnapshot(): Persisted {
    return clone(this.snapshot);
  }

  /** Size in bytes of the state saved last. */
  raftStateSize(): number {
    return size(this.raftState);
  }

  /** Size in bytes of the snapshot saved last. */
  snapshotSize(): number {
    return size(this.snapshot);
  }

  /** An independent persister holding the same saved parts (what a crash leaves a restart). */
  copy(): Persister {
    const copy = new Persister();
    copy.save(this.raftState, this.snapshot);
    return copy;
  }
}

function clone(value: Persisted): Persisted {
  return typeof value === "string" ? value : value.slice();
}

function size(value: Persisted): number {
  return typeof value === "string" ? Buffer.byteLength(value) : value.byteLength;
}
