/**
 * The simulator's event queue: a binary min-heap ordered by virtual time,
 * ties broken by insertion order (a sequence number), so that a run is a
 * pure function of its configuration and seed.
 */

interface Slot<T> {
  readonly time: number;
  readonly seq: number;
  readonly value: T;
}

function before<T>(a: Slot<T>, b: Slot<T>): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

export class EventHeap<T> {
  private readonly items: Slot<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  push(time: number, value: T): void {
    if (!Number.isFinite(time)) throw new RangeError(`event time must be finite, got ${time}`);
    const items = this.items;
    const slot: Slot<T> = { time, seq: this.seq++, value };
    let i = items.length;
    items.push(slot);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as Slot<T>;
      if (!before(slot, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = slot;
  }

  /** The earliest event, or undefined when the queue is empty. */
  pop(): { readonly time: number; readonly value: T } | undefined {
    const items = this.items;
    const top = items[0];
    if (top === undefined) return undefined;
    const last = items.pop() as Slot<T>;
    if (items.length > 0) {
      let i = 0;
      const n = items.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(items[r] as Slot<T>, items[l] as Slot<T>) ? r : l;
        if (!before(items[c] as Slot<T>, last)) break;
        items[i] = items[c] as Slot<T>;
        i = c;
      }
      items[i] = last;
    }
    return { time: top.time, value: top.value };
  }
}
