/**
 * The actor system as a Model (`../model.ts`): a `SystemSpec` compiled for
 * search from parts with one job each:
 *   interner.ts   local snapshots and messages -> small ids and random keys
 *   memo.ts       the memo of local steps (xstate runs once per distinct step)
 *   adversary.ts  Byzantine nodes: their universe and what they learned
 *   network.ts    how messages are held in flight (multiset, fifo, set)
 *   symmetry.ts   whole-state fingerprints, and orbits under symmetry
 *   por.ts        which steps form a persistent set (partial-order reduction)
 * and `../successors.ts`, which enumerates the steps of a state. Faults, the
 * network and the reductions are passed in, never read off a shared object.
 */
import type { Property, SystemView } from '../../spec/core/property.js';
import type { NetworkKind, NodeSpec, SystemSpec } from '../../spec/core/system.js';
import type { Model } from '../model.js';
import { PropertyChecker } from '../properties.js';
import { normLo } from '../state-store.js';
import { Expander, type SuccessorVisitor } from '../successors.js';
import { Adversary } from './adversary.js';
import { MAX_CRASHABLE_NODES, NO_FAULTS, type FaultOptions } from './faults.js';
import { Interner } from './interner.js';
import { StepMemo } from './memo.js';
import { Network, type GlobalLayout } from './network.js';
import { Partition } from './partition.js';
import { PartialOrder } from './por.js';
import { ModelError, initialSnapshot } from './step.js';
import { StateHasher } from './symmetry.js';

export interface ActorModelOptions {
  readonly faults?: FaultOptions;
  /** Default: the protocol's (`SystemSpec.network`), else `multiset`. */
  readonly network?: NetworkKind;
  /** Seed of the fingerprint keys. */
  readonly seed?: number;
  /** Store one state per orbit of the declared symmetry groups (needs `SystemSpec.symmetry`). */
  readonly symmetry?: boolean;
  /** Partial-order reduction (takes effect where `por.ts` finds it sound). */
  readonly por?: boolean;
  /** The properties `check` tests (default: the system's own). */
  readonly properties?: readonly Property<SystemView>[];
  /**
   * Further predicates the partial-order reduction must treat as visible
   * (witnesses whose reachability the search reports), beside `properties`.
   */
  readonly visible?: readonly Property<SystemView>[];
}

export class ActorModel implements Model {
  readonly spec: SystemSpec;
  readonly faults: FaultOptions;
  readonly interner: Interner;
  readonly adversary: Adversary;
  readonly memo: StepMemo;
  readonly network: Network;
  readonly hasher: StateHasher;
  /** The partial-order reduction as configured (null when not asked for); `por.off` says why it is off. */
  readonly por: PartialOrder | null;
  readonly symmetric: boolean;
  readonly checker: PropertyChecker;
  /** Initial local id of each slot. */
  readonly initialLocals: readonly number[];
  private readonly expander: Expander;

  constructor(spec: SystemSpec, options: ActorModelOptions = {}) {
    this.spec = spec;
    const faults = options.faults ?? NO_FAULTS;
    this.faults = faults;
    const kind = options.network ?? spec.network ?? 'multiset';
    const n = spec.nodes.length;
    if (faults.crashes > 0 && n > MAX_CRASHABLE_NODES) {
      throw new ModelError(`crashes are modelled for at most ${MAX_CRASHABLE_NODES} nodes; this system has ${n}`);
    }
    if (kind === 'set' && (faults.lossy || faults.duplicates > 0)) {
      throw new ModelError('loss and duplication have no meaning on the set network: a message stays deliverable forever, any number of times, and may never be delivered');
    }
    this.interner = new Interner(spec, options.seed ?? 0x5eed);
    this.adversary = new Adversary(spec, this.interner);
    this.memo = new StepMemo(this.interner, this.adversary);
    const recoveries = faults.recoveries ?? 0;
    if (recoveries > 0 && faults.crashes === 0) throw new ModelError('recoveries restart crashed nodes: give crashes too (--crashes K)');
    this.network = new Network(kind, this.interner, this.memo, recoveries > 0);
    if (options.symmetry === true && spec.symmetry === undefined) throw new ModelError(`${spec.protocol} declares no symmetry`);
    this.symmetric = options.symmetry === true;
    this.hasher = new StateHasher(this.interner, this.network, this.memo, faults.duplicates, this.symmetric ? spec.symmetry : undefined, this.adversary, recoveries);
    this.initialLocals = spec.nodes.map((node, slot) => {
      const id = this.interner.internLocal(slot, initialSnapshot(node));
      this.adversary.setInitial(slot, id);
      return id;
    });
    if (this.symmetric) this.hasher.checkInitial(this.initialLocals);
    if (this.symmetric && faults.crashable !== undefined && spec.symmetry !== undefined) {
      // Renaming must keep the set of nodes that may crash: a group is either wholly in it or wholly out.
      const names = new Set(faults.crashable.map((i) => spec.nodes[i]?.name));
      for (const group of spec.symmetry.groups) {
        const inside = group.filter((x) => names.has(x)).length;
        if (inside !== 0 && inside !== group.length) throw new ModelError(`only some of the interchangeable nodes ${group.join(', ')} may crash: use --symmetry off`);
      }
    }
    const properties = options.properties ?? spec.properties;
    this.checker = new PropertyChecker(this.interner, this.network.layout, properties);
    this.por = options.por === true ? new PartialOrder(this.interner, this.memo, this.adversary, [...properties, ...(options.visible ?? [])]) : null;
    this.expander = this.expanderWith(this.symmetric, this.por?.active === true ? this.por : null);
  }

  /** An expander over this model's parts, with the reductions given. */
  expanderWith(symmetric: boolean, por: PartialOrder | null): Expander {
    return new Expander({
      interner: this.interner,
      memo: this.memo,
      adversary: this.adversary,
      network: this.network,
      hasher: this.hasher,
      faults: this.faults,
      symmetric,
      por,
    });
  }

  get layout(): GlobalLayout {
    return this.network.layout;
  }

  get capacity(): number {
    return this.expander.capacity;
  }

  /** The nodes whose local states place a state in a split search (`partition.ts`); null: by fingerprint. */
  get partition(): Partition | null {
    if (this.spec.partition === undefined || this.spec.partition.length === 0) return null;
    this.partitionKeys ??= new Partition(this.spec, this.interner);
    return this.partitionKeys;
  }

  private partitionKeys: Partition | undefined;

  /** After `expand`: the part (`partition.ts`) of the successor of the expanded state's step `i`, for `partition` (this model's). */
  partOf(i: number, partition: Partition): number {
    return this.expander.partOf(i, partition);
  }

  /** How many expanded states the partial-order reduction reduced, and how many it expanded in full. */
  get reduction(): { readonly reduced: number; readonly full: number } {
    return this.expander.reduction;
  }

  /** Sets the reduction's counts (a search resumed from a checkpoint). */
  restoreReduction(reduced: number, full: number): void {
    this.expander.reduction.reduced = reduced;
    this.expander.reduction.full = full;
  }

  node(slot: number): NodeSpec {
    return this.interner.node(slot);
  }

  initialStates(): Int32Array[] {
    return [this.initialVector()];
  }

  /** The initial global state vector. */
  initialVector(): Int32Array {
    const { nodes, dupsAt, countAt, msgsAt } = this.network.layout;
    const v = new Int32Array(msgsAt);
    for (let i = 0; i < nodes; i++) v[i] = this.initialLocals[i] as number;
    v[dupsAt] = this.faults.duplicates;
    if (this.network.layout.recoveriesAt >= 0) v[this.network.layout.recoveriesAt] = this.faults.recoveries ?? 0;
    v[countAt] = 0;
    return v;
  }

  fingerprint(state: Int32Array, out: Int32Array): void {
    if (this.symmetric) this.hasher.canonical(state);
    else this.hasher.raw(state);
    out[0] = this.hasher.hi;
    out[1] = normLo(this.hasher.hi, this.hasher.lo);
  }

  expand(state: Int32Array, visitor: SuccessorVisitor): number {
    return this.expander.expand(state, visitor);
  }

  fairnessTask(step: number): number {
    return this.expander.fairnessTask(step);
  }

  /** Whether the last `expand` stopped at a persistent subset of the state's steps. */
  get lastReduced(): boolean {
    return this.expander.lastReduced;
  }

  /** How many steps the persistent subset of `state` holds. */
  persistentSize(state: Int32Array): number {
    return this.expander.ampleSize(state);
  }

  /** Offers the steps a reduced `expand` of `state` left out (see `Expander.expandRest`); returns how many. */
  expandRest(state: Int32Array, visitor: SuccessorVisitor): number {
    return this.expander.expandRest(state, visitor);
  }

  beginLevel(depth: number): void {
    this.level = depth;
  }

  beginState(rank: number): void {
    this.interner.creationAt = this.level * 2 ** 32 + rank;
  }

  private level = 0;

  check(state: Int32Array): number {
    return this.checker.firstViolated(state);
  }
}
