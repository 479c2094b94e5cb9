/**
 * Checks a system's properties on packed global states. A property that
 * declares the nodes it reads (`Property.reads`) has its verdict cached: per
 * local state id when it reads one node, per tuple of local state ids when it
 * reads several, so it runs once per distinct combination; any other
 * property runs on every new global state, on a view built without copying.
 */
import type { Envelope } from '../spec/core/envelope.js';
import type { Property, SystemView } from '../spec/core/property.js';
import type { Interner } from './actor-system/interner.js';
import type { GlobalLayout } from './actor-system/network.js';

export class PropertyChecker {
  private readonly interner: Interner;
  private readonly layout: GlobalLayout;
  readonly properties: readonly Property<SystemView>[];
  private readonly localsView: unknown[];
  private readonly crashedView: boolean[];
  private current: Int32Array = new Int32Array(0);
  private readonly view: SystemView;
  /** Per property: the single slot it reads, or -1. */
  private readonly single: Int32Array;
  /** Per property: verdict cache by local id (0 unknown, 1 holds, 2 violated). */
  private readonly caches: Int8Array[];
  /** Per property reading several nodes: those slots, and the verdict by their local ids joined with commas. */
  private readonly multi: (readonly number[] | null)[];
  private readonly multiCaches: Map<string, boolean>[];
  /** The same verdicts keyed by the ids packed into one number (each below `limits[p]`). */
  private readonly numCaches: Map<number, boolean>[];
  private readonly limits: Float64Array;

  constructor(interner: Interner, layout: GlobalLayout, properties: readonly Property<SystemView>[]) {
    this.interner = interner;
    this.layout = layout;
    this.properties = properties;
    const n = layout.nodes;
    this.localsView = new Array<unknown>(n).fill(undefined);
    this.crashedView = new Array<boolean>(n).fill(false);
    const self = this;
    this.view = {
      locals: this.localsView,
      crashed: this.crashedView,
      messages(): readonly Envelope[] {
        return self.messagesOf(self.current);
      },
    };
    this.single = Int32Array.from(properties, (p) => (p.reads?.length === 1 ? (p.reads[0] as number) : -1));
    this.caches = properties.map(() => new Int8Array(1024));
    this.multi = properties.map((p) => (p.reads !== undefined && p.reads.length > 1 ? p.reads : null));
    this.multiCaches = properties.map(() => new Map<string, boolean>());
    this.numCaches = properties.map(() => new Map<number, boolean>());
    this.limits = Float64Array.from(properties, (p) => 2 ** Math.floor(52 / Math.max(1, p.reads?.length ?? 1)));
  }

  /** The in-flight messages of a state vector, one entry per copy. */
  private messagesOf(v: Int32Array): Envelope[] {
    const { countAt, msgsAt } = this.layout;
    const out: Envelope[] = [];
    for (let j = msgsAt; j < msgsAt + (v[countAt] as number); j++) out.push(this.interner.messages[v[j] as number] as Envelope);
    return out;
  }

  /** Index of the first property violated in state `v`, or -1 when all hold. */
  firstViolated(v: Int32Array): number {
    const props = this.properties;
    let viewReady = false;
    for (let p = 0; p < props.length; p++) {
      const slot = this.single[p] as number;
      if (slot >= 0) {
        const local = v[slot] as number;
        let cache = this.caches[p] as Int8Array;
        if (local >= cache.length) {
          const bigger = new Int8Array(Math.max(local + 1, cache.length * 2));
          bigger.set(cache);
          this.caches[p] = cache = bigger;
        }
        let verdict = cache[local] as number;
        if (verdict === 0) {
          if (!viewReady) this.fillView(v);
          viewReady = true;
          verdict = (props[p] as Property<SystemView>).holds(this.view) ? 1 : 2;
          cache[local] = verdict;
        }
        if (verdict === 2) return p;
      } else {
        const reads = this.multi[p];
        // The tuple of local ids as one number when each fits its share of 52 bits, else as a string.
        let num = -1;
        let key = '';
        if (reads !== null && reads !== undefined) {
          const limit = this.limits[p] as number;
          num = 0;
          for (const slot of reads) {
            const id = v[slot] as number;
            if (id >= limit) {
              num = -1;
              break;
            }
            num = num * limit + id;
          }
          let known: boolean | undefined;
          if (num >= 0) known = (this.numCaches[p] as Map<number, boolean>).get(num);
          else {
            for (const slot of reads) key += `${v[slot] as number},`;
            known = (this.multiCaches[p] as Map<string, boolean>).get(key);
          }
          if (known !== undefined) {
            if (!known) return p;
            continue;
          }
        }
        if (!viewReady) this.fillView(v);
        viewReady = true;
        const holds = (props[p] as Property<SystemView>).holds(this.view);
        if (reads !== null && reads !== undefined) {
          if (num >= 0) (this.numCaches[p] as Map<number, boolean>).set(num, holds);
          else (this.multiCaches[p] as Map<string, boolean>).set(key, holds);
        }
        if (!holds) return p;
      }
    }
    return -1;
  }

  private fillView(v: Int32Array): void {
    const { nodes, crashedAt } = this.layout;
    const crashed = v[crashedAt] as number;
    for (let i = 0; i < nodes; i++) {
      this.localsView[i] = this.interner.contexts[v[i] as number];
      this.crashedView[i] = ((crashed >>> i) & 1) === 1;
    }
    this.current = v;
  }
}
