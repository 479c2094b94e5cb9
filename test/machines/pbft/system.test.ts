/**
 * The assembled PBFT system and its registry entry: the named
 * configurations' pinned counts (the smallest confirmed by the naive
 * reference explorer), the configurations that must fail, where each bug
 * variant is caught and in how many steps (each trace replayed on the
 * machines), how traces name messages and environment steps, the entry's
 * argument checks, and the cost scenario.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../explorer/check.js';
import { costTable } from '../../../explorer/cost.js';
import type { Trace } from '../../../explorer/trace.js';
import { pbftCost } from '../../../machines/pbft/cost.js';
import { pbftProtocol } from '../../../machines/pbft/protocol.js';
import { describePbftEnvironment, pbftSystem } from '../../../machines/pbft/system.js';
import { PBFT_CONFIGS, pbftParams, type PbftConfig } from '../../../spec/pbft/configs.js';
import { describePbftMessage, type PbftMessage } from '../../../spec/pbft/messages.js';
import { expectSameAsNaive } from '../../helpers/agree.js';
import { expectPbftBugCaught, PBFT_BUG_CASES, pbftBugCaseName } from '../../helpers/pbft-bug-cases.js';
import { replay } from '../../helpers/replay.js';

const NONE = { lossy: false, duplicates: 0, crashes: 0 };

function config(name: string): PbftConfig {
  const c = PBFT_CONFIGS.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no config ${name}`);
  return c;
}

const counts = (r: ReturnType<typeof check>) => ({ states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth });

describe('named configurations', () => {
  it('pbft-tiny: the fast explorer agrees with the naive one and with the pinned counts', () => {
    const c = config('pbft-tiny');
    expectSameAsNaive(pbftSystem(c), NONE);
    const r = check(pbftSystem(c));
    expect(r.byzantine).toEqual({ nodes: ['r0'], adversary: 'equivocating-primary', messages: 6, learns: false, learned: 0 });
    expect(counts(r)).toEqual(c.expected);
  });

  it('pbft-tiny holds against the full adversary too', () => {
    const r = check(pbftSystem(config('pbft-tiny'), { adversary: 'full' }));
    expect(r.status).toBe('holds');
    expect(counts(r)).toEqual({ states: 173_408, transitions: 1_309_076, depth: 22 });
  });

  it('pbft-equivocation holds', () => {
    const c = config('pbft-equivocation');
    const r = check(pbftSystem(c));
    expect(r.status).toBe('holds');
    expect(counts(r)).toEqual(c.expected);
  });

  // pbft-vc (a Byzantine primary, then a view change) holds with its pinned counts: test/long/pbft.long.ts.

  for (const name of ['pbft-replay', 'pbft-n3f1-replay']) {
    it(`${name}: a backup that replays what it is sent; holds with the pinned counts`, () => {
      const c = config(name);
      expect(c.adversary).toBe('replay');
      const r = check(pbftSystem(c, { adversary: 'replay' }));
      expect(r.status).toBe('holds');
      expect(r.byzantine).toMatchObject({ adversary: 'replay', messages: 0, learns: true });
      expect(r.byzantine?.learned).toBeGreaterThan(0);
      expect(counts(r)).toEqual(c.expected);
    });
  }

  it('pbft-n3f1-replay: the same cluster against the full adversary is violated (lying, not echoing, is what n = 3f cannot survive)', () => {
    const r = check(pbftSystem(config('pbft-n3f1-replay'), { adversary: 'full' }));
    expect(r.status).toBe('violated');
  });

  for (const name of ['pbft-n3f1', 'pbft-n4f2']) {
    it(`${name} must be violated: two correct replicas prepared for different requests`, () => {
      const c = config(name);
      const spec = pbftSystem(c);
      const r = check(spec);
      expect(r.status).toBe('violated');
      expect(r.properties.find((p) => p.verdict === 'violated')?.name).toBe(c.violates?.property);
      expect(r.trace?.steps).toHaveLength(c.violates?.steps ?? -1);
      replay(spec, r.trace as Trace);
    });
  }
});

describe('each bug variant is caught, on the configuration and adversary that can show it', () => {
  // no-viewchange-certificates on pbft-vc (about 15 s): test/long/pbft.long.ts.
  for (const c of PBFT_BUG_CASES.filter((x) => !x.long)) {
    it(pbftBugCaseName(c), () => expectPbftBugCaught(c), 120_000);
  }

  it('the replay adversary is stronger than silence: no-viewchange-certificates on pbft-n3f1-replay', () => {
    const c = config('pbft-n3f1-replay');
    // Silent, the faulty backup cannot help a quorum form around the lost certificate.
    expect(check(pbftSystem(c, { bug: 'no-viewchange-certificates', adversary: 'silent' })).status).toBe('holds');
    const spec = pbftSystem(c, { bug: 'no-viewchange-certificates', adversary: 'replay' });
    const r = check(spec);
    expect(r.status).toBe('violated');
    expect(r.properties.find((p) => p.verdict === 'violated')?.name).toBe('agreement');
    const trace = r.trace as Trace;
    expect(trace.steps).toHaveLength(12);
    // Every Byzantine step sends something the adversary learned earlier in the trace (the replay helper checks it too).
    const learned = new Set(trace.steps.flatMap((s) => (s.learned ?? []).map((m) => JSON.stringify(m))));
    const byzantine = trace.steps.filter((s) => s.kind === 'byzantine');
    expect(byzantine.length).toBeGreaterThan(0);
    for (const s of byzantine) expect(learned.has(JSON.stringify(s.message))).toBe(true);
    replay(spec, trace);
  });

  it('the showcases of the registry entry name exactly those configurations and adversaries', () => {
    const shown = (pbftProtocol.showcases ?? []).filter((s) => s.replacesBugSection === true).map((s) => [s.bug, s.config, s.adversary ?? 'equivocating-primary']);
    expect(shown).toEqual(PBFT_BUG_CASES.map((c) => [c.bug, c.config, c.adversary]));
  });
});

describe('traces', () => {
  const A = { id: 'c0.0', op: { kind: 'write', value: 'a' } } as const;
  it('name messages after the paper', () => {
    const msgs: [PbftMessage, string][] = [
      [{ type: 'pbft.request', from: 'clients', to: 'r0', request: A }, 'Request(c0.0:write(a), clients→r0)'],
      [{ type: 'pbft.pre-prepare', from: 'r0', to: 'r1', view: 0, seq: 1, request: A }, 'PrePrepare(v=0, n=1, c0.0:write(a), r0→r1)'],
      [{ type: 'pbft.prepare', from: 'r1', to: 'r2', view: 0, seq: 1, digest: 'c0.0' }, 'Prepare(v=0, n=1, c0.0, r1→r2)'],
      [{ type: 'pbft.commit', from: 'r1', to: 'r2', view: 1, seq: 1, digest: null }, 'Commit(v=1, n=1, null, r1→r2)'],
      [{ type: 'pbft.reply', from: 'r1', to: 'clients', id: 'c0.0', result: 'ok' }, 'Reply(c0.0 → ok, r1→clients)'],
      [{ type: 'pbft.view-change', from: 'r2', to: 'r1', view: 1, prepared: [{ view: 0, seq: 1, request: A }] }, 'ViewChange(v=1, P={n=1: c0.0@v0}, r2→r1)'],
      [{ type: 'pbft.view-change', from: 'r2', to: 'r1', view: 1, prepared: [] }, 'ViewChange(v=1, P=∅, r2→r1)'],
      [
        {
          type: 'pbft.new-view',
          from: 'r1',
          to: 'r2',
          view: 1,
          viewChanges: [
            { from: 'r1', prepared: [] },
            { from: 'r2', prepared: [{ view: 0, seq: 2, request: A }] },
            { from: 'r3', prepared: [] },
          ],
          preprepares: [
            { seq: 1, request: null },
            { seq: 2, request: A },
          ],
        },
        'NewView(v=1, V={r1, r2{n=2: c0.0@v0}, r3}, O={n=1: null, n=2: c0.0}, r1→r2)',
      ],
    ];
    for (const [m, text] of msgs) expect(describePbftMessage(m)).toBe(text);
  });

  it('name environment steps: a client request, a time-out with its new view', () => {
    const spec = pbftSystem(config('pbft-vc'));
    const r = check({ ...spec, properties: [{ name: 'no time-out', description: 'probe', holds: (v) => (v.locals[2] as { view: number }).view === 0 }] });
    const texts = (r.trace?.steps ?? []).filter((s) => s.kind === 'environment').map((s) => s.label);
    expect(texts[0]).toBe('c0 requests write(a)');
    expect(texts[texts.length - 1]).toBe('r1 times out: view change to view 1');
    expect(describePbftEnvironment('r2', { type: 'TIMEOUT' }, { view: 3 })).toBe('r2 times out: view change to view 3');
  });
});

describe('registry entry', () => {
  const params = pbftParams(config('pbft-tiny'));
  it('builds every named configuration with every adversary', () => {
    for (const c of pbftProtocol.configs) {
      for (const a of Object.keys(pbftProtocol.adversaries ?? {})) expect(pbftProtocol.build(c.params, null, null, a).nodes).toHaveLength(c.params['replicas']! + 1);
    }
    expect(pbftProtocol.defaultAdversary).toBe('equivocating-primary');
    expect(pbftProtocol.describeParams(params)).toBe('C=1 K=1 n=4 f=1 F=1 (r0 faulty) S=1 V=1');
  });

  it('rejects an unknown bug or adversary, a variant, and sizes it cannot model', () => {
    expect(() => pbftProtocol.build(params, 'nope', null, null)).toThrow(/unknown bug/);
    expect(() => pbftProtocol.build(params, null, null, 'nope')).toThrow(/unknown adversary/);
    expect(() => pbftProtocol.build(params, null, 'x', null)).toThrow(/no variants/);
    expect(() => pbftProtocol.build({ ...params, faulty: 0 }, null, null, null)).toThrow(/faulty-primary 1 needs/);
    expect(() => pbftProtocol.build({ ...params, f: 4 }, null, null, null)).toThrow(/--f 4 with --replicas 4 leaves quorums of n − f = 0/);
    expect(() => pbftProtocol.build({ ...params, faulty: 5 }, null, null, null)).toThrow(RangeError);
    const { f: _f, ...missing } = params;
    expect(() => pbftProtocol.build(missing, null, null, null)).toThrow(/missing parameter f/);
  });
});

describe('cost scenario', () => {
  it('n = 4: request, 3 pre-prepares, 9 prepares, 12 commits, 4 replies = 2n²−n+1 = 29; 5 delays to the client', () => {
    const t = costTable('pbft', pbftCost, null, [4], 1);
    const row = t.rows[0];
    expect(row?.measured.messages).toBe(29);
    expect(row?.measured.delays.map((d) => [d.name, d.delay])).toEqual([
      ['client has its reply', 5],
      ['every replica executed it', 4],
    ]);
    // The literature counts each multicast to all n replicas: 1+2n+2n² = 41, 3n more.
    expect(row?.literature).toEqual({ formula: '1+2n+2n²', value: 41, measured: 29, difference: -12 });
  });

  it('takes no Byzantine replica (the backups trust the pre-prepare there)', () => {
    expect(() => pbftSystem({ ...config('pbft-tiny') }, { primaryOnly: true })).toThrow(/no Byzantine replicas/);
  });
});
