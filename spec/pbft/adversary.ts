/**
 * What PBFT's Byzantine replicas may send (`SystemSpec.byzantine`): a finite
 * universe of messages, each from a faulty replica to one correct node, that
 * the explorer delivers at any time, any number of times. Castro & Liskov,
 * OSDI 1999, §3 (the fault model: arbitrary behaviour, but a faulty node
 * cannot impersonate a correct one — here channels are authenticated).
 *
 * The universe is drawn from the configuration's bounds: views 0..V-1,
 * sequence numbers 1..S, the requests the clients issue (`c<client>.<index>`
 * with their fixed commands) plus one bogus request no client issues, and the
 * null request where a digest may name it. Messages a correct receiver drops
 * whatever its state are left out, since they change nothing: a pre-prepare
 * from a faulty replica that is not the primary of its view, a pre-prepare
 * of the null request, a prepare from the primary of its view, a new-view
 * whose O is not what its V implies.
 *
 * Adversaries, from the cheapest:
 * - `silent`: sends nothing (the faulty replicas are merely crashed).
 * - `replay`: an empty universe and a memory (`ByzantineSpec.learn`): a
 *   faulty replica re-sends, in its own name, to any correct replica, at any
 *   time and any number of times, what a correct replica sent it: prepares
 *   and commits (an echo of another replica's vote, or a stale one from an
 *   earlier view) and view-changes (another replica's certificates reported
 *   as its own). It never makes up a request, digest or certificate.
 *   NOTE: left out, since a correct receiver drops them whatever its state:
 *   requests (a replica takes them from the clients only), pre-prepares and
 *   new-views (only the primary of their view sends them, and a faulty
 *   replica that receives one is not that primary), and a prepare whose
 *   view the faulty replica leads. It learns a message when it is sent, not
 *   when it would arrive (`ByzantineSpec.learn`): no behaviour is lost.
 * - `equivocating-primary`: pre-prepares only, for the views a faulty
 *   replica leads, any sequence number, any request (bogus included), to any
 *   backup — different ones to different backups, which is equivocation.
 * - `full`: every kind of message a replica sends, to every correct node:
 *   pre-prepares as above; prepares and commits for any view, seq and digest
 *   (an issued request's or the null one's; a vote for the bogus digest is
 *   left out, since a correct replica drops a vote for a digest no client
 *   signed); view-change messages for views 1..V-1 whose P is empty or holds
 *   one certificate (any earlier view, any seq, an issued request or the null
 *   one; a certificate for the bogus request is left out, since a correct
 *   replica accepts none for a request it does not hold);
 *   new-view messages for the views a faulty replica leads, whose V has Q
 *   view-change messages from distinct replicas, all with an empty P but at
 *   most one, which holds one certificate (so O pre-prepares at most one
 *   request, null requests below it); replies to the clients for every issued
 *   request with any result a register can give here.
 * Universe sizes (silent / equivocating-primary / full), pinned in
 * test/spec/pbft/adversary.test.ts: pbft-tiny 0/6/16, pbft-vc 0/6/37,
 * pbft-equivocation 0/9/26, pbft-n3f1 0/6/20, pbft-n4f2 0/6/40. Every
 * message is redelivered at will, so what costs states is not the size but
 * how many a receiver records: `full` is affordable on one view only.
 * NOTE: the bounds on P and V (at most one certificate per view-change
 *   message, at most one in V) keep the universe small; a Byzantine replica
 *   of the paper could report more at once, which matters only with S ≥ 2.
 */
import type { NodeId } from '../core/ids.js';
import type { RegisterResult } from '../multipaxos/register.js';
import type { PbftBug } from './bugs.js';
import { BOGUS_REQUEST, digestOf, type Certificate, type Digest, type PbftMessage, type PbftRequest, type ViewChangeProof } from './messages.js';
import { primaryOf } from './quorum.js';
import { computeNewView } from './view-change.js';

export const PBFT_ADVERSARIES = {
  full: 'the faulty replicas may send any pre-prepare (as primary), prepare, commit, view-change (P empty or one certificate), new-view (as primary) and reply within the bounds: the strongest and the most expensive',
  'equivocating-primary': 'a faulty replica sends only pre-prepares, any request (bogus included) to any backup in the views it leads: cheaper; nothing at all while it leads no view',
  silent: 'the faulty replicas send nothing (crashed from the start): the cheapest',
  replay:
    'a faulty replica re-sends, in its own name, to any correct replica at any time, the prepares, commits and view-changes correct replicas sent it (echoed or stale votes, borrowed certificates); it makes nothing up. A faulty primary that only replays never pre-prepares, so make a backup faulty (--faulty-primary 0, as pbft-replay does)',
} as const;

export type PbftAdversary = keyof typeof PBFT_ADVERSARIES;

export const DEFAULT_PBFT_ADVERSARY: PbftAdversary = 'equivocating-primary';

export function isPbftAdversary(name: string): name is PbftAdversary {
  return Object.hasOwn(PBFT_ADVERSARIES, name);
}

/** What the universe is drawn from. */
export interface UniverseBounds {
  /** r0..r(n-1). */
  readonly replicas: readonly NodeId[];
  /** Indices (into `replicas`) of the faulty replicas. */
  readonly faulty: readonly number[];
  readonly clients: NodeId;
  /** The requests the clients issue, sorted by id. */
  readonly requests: readonly PbftRequest[];
  readonly seqs: number;
  readonly views: number;
  /** Q: view-change messages in a new-view's V. */
  readonly quorum: number;
  /** The bug variant the correct replicas run (O is what they compute from V). */
  readonly bug: PbftBug | null;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/** The results a reply may carry: `ok`, none, and every value some request (bogus included) writes. */
export function possibleResults(requests: readonly PbftRequest[]): RegisterResult[] {
  const values = [...requests, BOGUS_REQUEST].flatMap((r) => (r.op.kind === 'write' ? [r.op.value] : []));
  return ['ok', null, ...[...new Set(values)].sort()];
}

/** The k-element subsets of `items`, in lexicographic order of positions. */
function subsets<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  const out: T[][] = [];
  items.forEach((x, i) => {
    for (const rest of subsets(items.slice(i + 1), k - 1)) out.push([x, ...rest]);
  });
  return out;
}

/**
 * The `replay` adversary's memory (`ByzantineSpec.learn`): what the faulty
 * replica a correct node sent `received` to may re-send in its own name.
 */
export function replayed(received: PbftMessage, replicas: readonly NodeId[], faulty: readonly number[]): PbftMessage[] {
  const self = received.to;
  const correct = replicas.filter((_, i) => !faulty.includes(i));
  const again = (m: PbftMessage): PbftMessage[] => correct.map((to) => ({ ...m, from: self, to }));
  switch (received.type) {
    case 'pbft.prepare':
      return primaryOf(received.view, replicas) === self ? [] : again(received);
    case 'pbft.commit':
    case 'pbft.view-change':
      return again(received);
    case 'pbft.request':
    case 'pbft.pre-prepare':
    case 'pbft.new-view':
    case 'pbft.reply':
      return [];
  }
}

/** The universe of `adversary` for these bounds, in a fixed order. */
export function adversaryUniverse(adversary: PbftAdversary, b: UniverseBounds): PbftMessage[] {
  if (adversary === 'silent' || adversary === 'replay') return [];
  const out: PbftMessage[] = [];
  // What a pre-prepare may carry: any issued request, or the bogus one.
  const proposable: PbftRequest[] = [...b.requests, BOGUS_REQUEST];
  // What votes and certificates may name: the bogus request is left out, since a correct replica drops
  // a vote for a digest no client signed and a certificate for a request it does not hold.
  const digests: Digest[] = [null, ...b.requests.map((r) => digestOf(r))];
  const reportable: (PbftRequest | null)[] = [null, ...b.requests];
  const views = range(0, b.views);
  const seqs = range(1, b.seqs + 1);
  const correct = b.replicas.filter((_, i) => !b.faulty.includes(i));
  for (const i of b.faulty) {
    const from = b.replicas[i] as NodeId;
    const leads = (v: number) => primaryOf(v, b.replicas) === from;
    // Pre-prepares, in the views it leads.
    for (const to of correct) for (const view of views.filter(leads)) for (const seq of seqs) for (const request of proposable) {
      out.push({ type: 'pbft.pre-prepare', from, to, view, seq, request });
    }
    if (adversary === 'equivocating-primary') continue;
    for (const to of correct) {
      for (const view of views.filter((v) => !leads(v))) for (const seq of seqs) for (const digest of digests) out.push({ type: 'pbft.prepare', from, to, view, seq, digest });
      for (const view of views) for (const seq of seqs) for (const digest of digests) out.push({ type: 'pbft.commit', from, to, view, seq, digest });
      for (const view of range(1, b.views)) {
        out.push({ type: 'pbft.view-change', from, to, view, prepared: [] });
        for (const c of certificates(view, seqs, reportable)) out.push({ type: 'pbft.view-change', from, to, view, prepared: [c] });
      }
      for (const view of range(1, b.views).filter(leads)) {
        for (const senders of subsets(b.replicas, b.quorum)) {
          const empty: ViewChangeProof[] = senders.map((s) => ({ from: s, prepared: [] }));
          const choices: ViewChangeProof[][] = [empty];
          senders.forEach((_, k) => {
            for (const c of certificates(view, seqs, reportable)) choices.push(empty.map((p, j) => (j === k ? { from: p.from, prepared: [c] } : p)));
          });
          for (const viewChanges of choices) {
            out.push({ type: 'pbft.new-view', from, to, view, viewChanges, preprepares: computeNewView(viewChanges, b.bug) });
          }
        }
      }
    }
    for (const request of b.requests) for (const result of possibleResults(b.requests)) out.push({ type: 'pbft.reply', from, to: b.clients, id: request.id, result });
  }
  return out;
}

/** The single certificates a view-change message for `view` may report. */
function certificates(view: number, seqs: readonly number[], reportable: readonly (PbftRequest | null)[]): Certificate[] {
  const out: Certificate[] = [];
  for (const v of range(0, view)) for (const seq of seqs) for (const request of reportable) out.push({ view: v, seq, request });
  return out;
}
