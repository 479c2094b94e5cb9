/**
 * The Byzantine universes of `spec/pbft/adversary.ts`: every message is from
 * a faulty replica to a correct node, each adversary sends only its kinds,
 * and the sizes per named configuration are pinned (they are what
 * `agora check` reports).
 */
import { describe, expect, it } from 'vitest';
import { issuedRequests, pbftSystem } from '../../../machines/pbft/system.js';
import { adversaryUniverse, possibleResults, PBFT_ADVERSARIES, replayed, type PbftAdversary } from '../../../spec/pbft/adversary.js';
import { faultyReplicas, PBFT_CONFIGS } from '../../../spec/pbft/configs.js';
import { digestOf, type NewViewMsg, type PbftMessage, type PbftRequest } from '../../../spec/pbft/messages.js';
import { computeNewView } from '../../../spec/pbft/view-change.js';

const ADVERSARIES: PbftAdversary[] = ['silent', 'equivocating-primary', 'full'];

/** Universe sizes per configuration: silent, equivocating-primary, full. */
const SIZES: Record<string, [number, number, number]> = {
  // 3 backups × 2 requests (c0.0, bogus) pre-prepared; full adds 6 commits (view 0, digests null and c0.0) and 4 replies.
  'pbft-tiny': [0, 6, 16],
  // The default: two commands of one client, so two issued requests (and bogus) to pre-prepare, vote on and reply to.
  'pbft-s': [0, 9, 26],
  // Three commands: 3 backups × 4 requests (c0.0..c0.2, bogus) pre-prepared; full adds 3 × 4 commits (digests null
  // and the three requests) and 3 requests × 5 results in replies (ok, none, and the values of the two writes
  // among the commands and of the bogus request).
  'pbft-m': [0, 12, 39],
  // full: + 6 prepares (view 1), 12 commits (views 0, 1), 9 view-changes (∅, c0.0@0, null@0 to 3), 4 replies.
  'pbft-vc': [0, 6, 37],
  'pbft-equivocation': [0, 9, 26],
  // A Byzantine backup leads no view here: no pre-prepares at all.
  'pbft-replay': [0, 0, 26],
  'pbft-n3f1-replay': [0, 0, 40],
  'pbft-n3f1': [0, 6, 20],
  'pbft-n4f2': [0, 6, 40],
};

describe('universe of each adversary', () => {
  it('the registered adversaries: these three with a fixed universe, and replay, which has none', () => {
    expect(Object.keys(PBFT_ADVERSARIES).sort()).toEqual([...ADVERSARIES, 'replay'].sort());
    for (const c of PBFT_CONFIGS) expect(pbftSystem(c, { adversary: 'replay' }).byzantine?.messages).toEqual([]);
  });

  for (const c of PBFT_CONFIGS) {
    it(`${c.name}: sizes, senders and receivers`, () => {
      const sizes = ADVERSARIES.map((a) => pbftSystem(c, { adversary: a }).byzantine?.messages.length);
      expect(sizes).toEqual(SIZES[c.name]);
      const faulty = faultyReplicas(c).map((i) => `r${i}`);
      for (const adversary of ADVERSARIES) {
        const spec = pbftSystem(c, { adversary });
        expect(spec.byzantine?.nodes.map((i) => spec.nodes[i]?.name)).toEqual(faulty);
        for (const m of spec.byzantine?.messages ?? []) {
          expect(faulty).toContain(m.from);
          expect(faulty).not.toContain(m.to);
        }
      }
    });
  }

  it('silent sends nothing; equivocating-primary only pre-prepares of the views a faulty replica leads; full every kind', () => {
    const c = PBFT_CONFIGS.find((x) => x.name === 'pbft-vc');
    if (c === undefined) throw new Error('no pbft-vc');
    const kinds = (a: PbftAdversary) => [...new Set((pbftSystem(c, { adversary: a }).byzantine?.messages ?? []).map((m) => m.type))].sort();
    expect(kinds('silent')).toEqual([]);
    expect(kinds('equivocating-primary')).toEqual(['pbft.pre-prepare']);
    expect(kinds('full')).toEqual(['pbft.commit', 'pbft.pre-prepare', 'pbft.prepare', 'pbft.reply', 'pbft.view-change']);
    for (const m of pbftSystem(c, { adversary: 'equivocating-primary' }).byzantine?.messages ?? []) {
      expect(m).toMatchObject({ type: 'pbft.pre-prepare', from: 'r0', view: 0 });
    }
    // No prepare from the primary of its view: a correct replica would drop it.
    for (const m of (pbftSystem(c, { adversary: 'full' }).byzantine?.messages ?? []) as PbftMessage[]) if (m.type === 'pbft.prepare') expect(m.view).toBe(1);
  });

  it('a faulty replica with no view to lead sends no pre-prepare: the highest-numbered F, the default, in one view', () => {
    const sizes = { clients: 1, commands: 1, replicas: 4, faulty: 1, f: 1, seqs: 1, views: 1, faultyPrimary: false };
    expect(pbftSystem(sizes, { adversary: 'equivocating-primary' }).byzantine?.messages).toEqual([]);
    expect(pbftSystem(sizes, { adversary: 'full' }).byzantine?.nodes).toEqual([4]);
    // No faulty replica: no byzantine section at all.
    expect(pbftSystem({ ...sizes, faulty: 0 }).byzantine).toBeUndefined();
  });

  it('new-views: for the views a faulty replica leads, Q senders, at most one certificate, O what V implies', () => {
    const universe = adversaryUniverse('full', {
      replicas: ['r0', 'r1', 'r2', 'r3'],
      faulty: [1],
      clients: 'clients',
      requests: issuedRequests(1, 1),
      seqs: 2,
      views: 2,
      quorum: 3,
      bug: null,
    });
    const nvs = universe.filter((m): m is NewViewMsg => m.type === 'pbft.new-view');
    // 3 receivers × 4 sender sets × (1 all-empty + 3 positions × 4 certificates (view 0, seqs 1–2, null or c0.0)).
    expect(nvs).toHaveLength(3 * 4 * 13);
    for (const m of nvs) {
      expect(m.from).toBe('r1');
      expect(m.view).toBe(1);
      expect(m.viewChanges).toHaveLength(3);
      expect(m.viewChanges.flatMap((p) => p.prepared).length).toBeLessThanOrEqual(1);
      expect(m.preprepares).toEqual(computeNewView(m.viewChanges, null));
    }
    expect(nvs.some((m) => m.preprepares.length === 2 && m.preprepares[0]?.request === null)).toBe(true);
  });

  it('replies carry every result a register can give here', () => {
    expect(possibleResults(issuedRequests(2, 1))).toEqual(['ok', null, 'a', 'z']);
  });
});

describe('replay: what a faulty replica may re-send once a correct one sent it something', () => {
  const replicas = ['r0', 'r1', 'r2', 'r3'];
  const request = issuedRequests(1, 1)[0] as PbftRequest;
  const digest = digestOf(request);

  it('a prepare, a commit or a view-change: the same content in its own name, to every correct replica', () => {
    const prepare: PbftMessage = { type: 'pbft.prepare', from: 'r1', to: 'r3', view: 0, seq: 1, digest };
    expect(replayed(prepare, replicas, [3])).toEqual(['r0', 'r1', 'r2'].map((to) => ({ ...prepare, from: 'r3', to })));
    const commit: PbftMessage = { type: 'pbft.commit', from: 'r0', to: 'r3', view: 0, seq: 1, digest: null };
    expect(replayed(commit, replicas, [3])).toEqual(['r0', 'r1', 'r2'].map((to) => ({ ...commit, from: 'r3', to })));
    const viewChange: PbftMessage = { type: 'pbft.view-change', from: 'r1', to: 'r3', view: 1, prepared: [{ view: 0, seq: 1, request }] };
    expect(replayed(viewChange, replicas, [3])).toEqual(['r0', 'r1', 'r2'].map((to) => ({ ...viewChange, from: 'r3', to })));
    // Two faulty replicas: each replays in its own name, to the correct ones only.
    expect(replayed({ ...commit, to: 'r2' }, replicas, [2, 3]).map((m) => `${m.from}→${m.to}`)).toEqual(['r2→r0', 'r2→r1']);
  });

  it('nothing a correct replica would drop: requests, pre-prepares, new-views, and a prepare in a view it leads', () => {
    expect(replayed({ type: 'pbft.request', from: 'clients', to: 'r3', request }, replicas, [3])).toEqual([]);
    expect(replayed({ type: 'pbft.pre-prepare', from: 'r0', to: 'r3', view: 0, seq: 1, request }, replicas, [3])).toEqual([]);
    expect(replayed({ type: 'pbft.new-view', from: 'r1', to: 'r3', view: 1, viewChanges: [], preprepares: [] }, replicas, [3])).toEqual([]);
    // r0 leads view 0, so no correct replica takes a prepare of view 0 from it.
    expect(replayed({ type: 'pbft.prepare', from: 'r1', to: 'r0', view: 0, seq: 1, digest }, replicas, [0])).toEqual([]);
  });

  it('the system hands it to the explorer as the adversary\'s memory', () => {
    const c = PBFT_CONFIGS.find((x) => x.name === 'pbft-tiny');
    if (c === undefined) throw new Error('no pbft-tiny');
    const spec = pbftSystem({ ...c, faultyPrimary: false }, { adversary: 'replay' });
    expect(spec.byzantine?.learn?.({ type: 'pbft.commit', from: 'r0', to: 'r3', view: 0, seq: 1, digest } as PbftMessage)).toHaveLength(3);
    expect(pbftSystem(c, { adversary: 'full' }).byzantine?.learn).toBeUndefined();
  });
});
