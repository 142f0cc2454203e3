/**
 * Reads that several kinds of one account observe from (the listing of owned monitors, which carries the ledger), made
 * once per observe round. The engine observes each kind of an account once per round, and every kind takes its shared
 * reads before making any request of its own; so a kind asking again for a read it already took starts the next
 * round's read, and a later plan on the same session never sees an earlier round's state.
 */
export class SharedReads {
  private readonly reads = new Map<string, { value: Promise<unknown>; takers: Set<string> }>();

  get<T>(read: string, taker: string, load: () => Promise<T>): Promise<T> {
    let entry = this.reads.get(read);
    if (!entry || entry.takers.has(taker)) {
      const value = load();
      const fresh = { value, takers: new Set<string>() };
      this.reads.set(read, fresh);
      // A failed read is retried by whoever asks next rather than shared.
      value.catch(() => {
        if (this.reads.get(read) === fresh) this.reads.delete(read);
      });
      entry = fresh;
    }
    entry.takers.add(taker);
    return entry.value as Promise<T>;
  }
}
