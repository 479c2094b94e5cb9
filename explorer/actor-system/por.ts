/**
 * Partial-order reduction for safety (`--por`): which nodes' steps form a
 * persistent set in a state, from the protocol's declared topology
 * (`SystemSpec.topology`) and the nodes its properties read.
 *
 * A candidate is a set C of nodes closed under "may send to": every
 * (non-Byzantine) node that may send to a member of C is in C. In a state s,
 * let T be every enabled step of the nodes of C (deliveries to them, their
 * environment events, drops of messages to them, the adversary's deliveries
 * to them). T is persistent in s (Godefroid 1996, Def. 4.1): along any path
 * from s that avoids T, no node of C takes a step, because none of them
 * changes state, nothing new is sent to them (their senders are in C), and so
 * the first step of a node of C on such a path would already be enabled in s,
 * hence in T. The path's steps are therefore at nodes outside C; a step at
 * another node commutes with every step of T and neither disables the other
 * (multiset: distinct copies or distinct messages; set: nothing is removed;
 * fifo: distinct channels). Global budgets couple every node, so a state
 * whose duplication or crash budget is not used up, or where a crashed node
 * may still restart (crash-recovery), is expanded in full.
 *
 * Visibility (C2 in Clarke, Grumberg, Peled, "Model Checking", §10): C must
 * not contain a node any property reads, unless T is every enabled step; a
 * property that does not declare what it reads makes every step visible and
 * the reduction is off. Cycles (C3, the ignoring problem): a reduced state
 * must not close a cycle of reduced states. The search numbers states in
 * discovery order; if some successor through T is already stored with an
 * index not above the expanded state's, the state is expanded in full. Every
 * cycle has an edge that does not go up in that order, so every cycle of the
 * reduced graph contains a fully expanded state (the proviso of Bošnački,
 * Leue and Lluch Lafuente for general search orders). With symmetry, the
 * indexes are those of orbits, and T is computed on the concrete state that
 * the search expands (Emerson, Jha and Peled 1997 combine the two this way).
 *
 * A message its receiver refuses for good (`SystemSpec.ignores`) gives a
 * smaller persistent set: T = {deliver it, drop it}. Delivering it changes
 * nothing but the network, now and in every state its receiver can reach,
 * so it commutes with every step of every node and nothing but T disables
 * it; both steps of T reach the same state; and it is invisible (no property
 * reads the messages in flight when the reduction is on). The declaration is
 * checked where the explorer can: a refused message must be a no-op at the
 * receiver's state, and every step the receiver is seen to take from a state
 * that refuses it must lead to a state that still refuses it.
 */
import type { Property, SystemView } from '../../spec/core/property.js';
import type { Envelope } from '../../spec/core/envelope.js';
import type { Ignores } from '../../spec/core/symmetry.js';
import type { Adversary } from './adversary.js';
import type { Interner } from './interner.js';
import { RESTART, type StepMemo } from './memo.js';
import { ModelError, type LocalSnapshot } from './step.js';

export class PartialOrder {
  /** Candidate node sets, smallest first: slot -> 1 when in the set. */
  readonly candidates: Uint8Array[] = [];
  /** Why the reduction is off, when it is. */
  readonly off: string | undefined;

  private readonly interner: Interner;
  private readonly memo: StepMemo;
  private readonly ignores: Ignores | undefined;
  /** Per local id: verdicts of `ignores` by message id (0 unknown, 1 refused for good, 2 not). */
  private readonly refused: Int8Array[] = [];
  /** Per local id: the message ids it was found to refuse for good (to check that its steps keep refusing them). */
  private readonly refusedList: number[][] = [];
  private checkedEntries = 0;

  constructor(interner: Interner, memo: StepMemo, adversary: Adversary, properties: readonly Property<SystemView>[]) {
    this.interner = interner;
    this.memo = memo;
    this.off = PartialOrder.whyOff(interner, adversary, properties);
    this.ignores = this.off === undefined ? interner.spec.ignores : undefined;
    if (this.off !== undefined || interner.spec.topology === undefined) return;
    const spec = interner.spec;
    const topology = spec.topology ?? {};
    const n = interner.nodeCount;
    const visible = new Uint8Array(n);
    for (const p of properties) for (const slot of p.reads ?? []) visible[slot] = 1;
    const correct = (i: number): boolean => adversary.byzantine[i] !== 1;
    const sendsTo = (a: number, b: number): boolean => topology[interner.node(a).role]?.includes(interner.node(b).role) === true;
    const seen = new Set<string>();
    const all = Array.from({ length: n }, (_, i) => i).filter(correct).length;
    for (let start = 0; start < n; start++) {
      if (!correct(start)) continue;
      const set = new Uint8Array(n);
      const todo = [start];
      set[start] = 1;
      while (todo.length > 0) {
        const b = todo.pop() as number;
        for (let a = 0; a < n; a++) {
          if (set[a] === 0 && correct(a) && sendsTo(a, b)) {
            set[a] = 1;
            todo.push(a);
          }
        }
      }
      const size = set.reduce((s, x) => s + x, 0);
      if (size === all || set.some((x, i) => x === 1 && visible[i] === 1)) continue;
      const key = set.join('');
      if (seen.has(key)) continue;
      seen.add(key);
      this.candidates.push(set);
    }
    this.candidates.sort((a, b) => a.reduce((s, x) => s + x, 0) - b.reduce((s, x) => s + x, 0));
  }

  private static whyOff(interner: Interner, adversary: Adversary, properties: readonly Property<SystemView>[]): string | undefined {
    if (interner.spec.topology === undefined && interner.spec.ignores === undefined) return `${interner.spec.protocol} declares no topology`;
    const blind = properties.find((p) => p.reads === undefined);
    if (blind !== undefined) return `property ${blind.name} does not declare the nodes it reads`;
    if (adversary.learns) return 'the adversary learns from what it is sent';
    return undefined;
  }

  /** Whether any state can be reduced. */
  get active(): boolean {
    return this.candidates.length > 0 || this.ignores !== undefined;
  }

  /** Whether refused messages are declared (`SystemSpec.ignores`). */
  get declaresRefusals(): boolean {
    return this.ignores !== undefined;
  }

  /**
   * Whether the node in local state `local` refuses message `m` for good, by
   * the protocol's declaration; `entry` is the memo entry of delivering `m`
   * there, which must then change nothing.
   */
  refusesForGood(local: number, m: number, entry: number): boolean {
    const ignores = this.ignores;
    if (ignores === undefined) return false;
    this.checkNewEntries();
    let row = this.refused[local];
    if (row === undefined || m >= row.length) {
      const bigger = new Int8Array(Math.max(m + 1, this.interner.messageCount, row === undefined ? 0 : row.length * 2));
      if (row !== undefined) bigger.set(row);
      this.refused[local] = row = bigger;
    }
    let verdict = row[m] as number;
    if (verdict === 0) {
      const it = this.interner;
      const snapshot = it.locals[local] as LocalSnapshot;
      const node = it.node(it.localSlot[local] as number);
      const msg = it.messages[m] as Envelope;
      verdict = ignores({ role: node.role, value: snapshot.value, context: snapshot.context }, msg) ? 1 : 2;
      row[m] = verdict;
      if (verdict === 1) {
        const memo = this.memo;
        if (memo.next[entry] !== local || memo.sentLen[entry] !== 0 || memo.learnLen[entry] !== 0) {
          throw new ModelError(`${it.spec.protocol} declares that ${node.name} ignores ${msg.type} from ${msg.from} in state ${JSON.stringify(snapshot.value)}, but the machine acts on it`);
        }
        (this.refusedList[local] ??= []).push(m);
      }
    }
    return verdict === 1;
  }

  /** Checks the memo entries computed since the last call: a step from a state that refuses m leads to one that refuses it too. */
  private checkNewEntries(): void {
    const memo = this.memo;
    const ignores = this.ignores as Ignores;
    const it = this.interner;
    for (; this.checkedEntries < memo.size; this.checkedEntries++) {
      const e = this.checkedEntries;
      const from = memo.local[e] as number;
      const to = memo.next[e] as number;
      const list = this.refusedList[from];
      // NOTE: a restart (crash-recovery) may forget a refusal (a promise not kept in stable storage), so
      // it is not checked here: a restart is only enabled in states with recovery budget left, which are
      // expanded in full (see the header), and refusals are only used where no restart can follow.
      if (list === undefined || to < 0 || to === from || memo.code[e] === RESTART) continue;
      const snapshot = it.locals[to] as LocalSnapshot;
      const node = it.node(it.localSlot[to] as number);
      for (const m of list) {
        if (!ignores({ role: node.role, value: snapshot.value, context: snapshot.context }, it.messages[m] as Envelope)) {
          throw new ModelError(`${it.spec.protocol} declares that ${node.name} ignores ${(it.messages[m] as Envelope).type} from ${(it.messages[m] as Envelope).from} for good, but a step leads to a state that does not`);
        }
      }
    }
  }
}
