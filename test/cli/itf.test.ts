/**
 * `--trace itf`: every trace produced is checked against the shape ITF
 * (Apalache ADR-015, as Quint reads it) prescribes and docs/traces.md
 * documents: the same keys as `vars` in every state, `#meta.index` counting
 * from 0, values only in ITF's encodings (integers always `#bigint`, no raw
 * JSON number, no null), and Agora's vars (nodes, network, crashed, action).
 */
import { describe, expect, it } from 'vitest';
import { itfToPlain, toItfValue } from '../../explorer/render/itf.js';
import { runCli } from '../helpers/cli.js';
import { savedTrace } from '../helpers/saved-traces.js';
import type { RunFlags } from '../../explorer/cli-options.js';

type Doc = Record<string, unknown>;

/** The problems of one ITF value (empty: valid), `at` naming where. */
function valueProblems(v: unknown, at: string): string[] {
  if (typeof v === 'boolean' || typeof v === 'string') return [];
  if (typeof v === 'number') return [`${at}: a raw JSON number ${v} (integers are {"#bigint": ...})`];
  if (v === null || v === undefined) return [`${at}: ${String(v)} is not an ITF value`];
  if (Array.isArray(v)) return v.flatMap((x, i) => valueProblems(x, `${at}[${i}]`));
  if (typeof v !== 'object') return [`${at}: ${typeof v}`];
  const o = v as Doc;
  const keys = Object.keys(o);
  const special = keys.filter((k) => k.startsWith('#'));
  if (special.length > 0) {
    if (keys.length !== 1) return [`${at}: ${special[0]} beside other keys`];
    const [k] = special;
    const x = o[k as string];
    switch (k) {
      case '#bigint':
        return typeof x === 'string' && /^-?\d+$/.test(x) ? [] : [`${at}: bad #bigint ${JSON.stringify(x)}`];
      case '#set':
      case '#tup':
        return Array.isArray(x) ? x.flatMap((y, i) => valueProblems(y, `${at}.${k}[${i}]`)) : [`${at}: ${k} of a non-array`];
      case '#map':
        return Array.isArray(x)
          ? x.flatMap((e, i) => (Array.isArray(e) && e.length === 2 ? [...valueProblems(e[0], `${at}.#map[${i}][0]`), ...valueProblems(e[1], `${at}.#map[${i}][1]`)] : [`${at}.#map[${i}]: not a [key, value] pair`]))
          : [`${at}: #map of a non-array`];
      case '#unserializable':
        return typeof x === 'string' ? [] : [`${at}: bad #unserializable`];
      default:
        return [`${at}: unknown encoding ${k}`];
    }
  }
  return keys.flatMap((k) => valueProblems(o[k], `${at}.${k}`));
}

/** The problems of an ITF document (empty: valid). */
function itfProblems(doc: Doc): string[] {
  const problems: string[] = [];
  for (const k of Object.keys(doc)) if (!['#meta', 'params', 'vars', 'states', 'loop'].includes(k)) problems.push(`unknown top-level key ${k}`);
  const vars = doc['vars'];
  const states = doc['states'];
  if (!Array.isArray(vars) || !vars.every((v) => typeof v === 'string') || new Set(vars).size !== vars.length) return [...problems, 'vars is not a list of distinct names'];
  if (!Array.isArray(states) || states.length === 0) return [...problems, 'no states'];
  const want = ['#meta', ...vars].sort().join(',');
  states.forEach((s: Doc, i) => {
    if (Object.keys(s).sort().join(',') !== want) problems.push(`state ${i}: keys ${Object.keys(s).join(',')} are not #meta and the vars`);
    if ((s['#meta'] as Doc | undefined)?.['index'] !== i) problems.push(`state ${i}: #meta.index is ${JSON.stringify((s['#meta'] as Doc | undefined)?.['index'])}`);
    for (const v of vars) problems.push(...valueProblems(s[v], `states[${i}].${v}`));
  });
  const loop = doc['loop'];
  if (loop !== undefined && !(Number.isInteger(loop) && (loop as number) >= 0 && (loop as number) < states.length)) problems.push(`loop ${String(loop)} is not a state index`);
  return problems;
}

const mapEntries = (v: unknown): [unknown, unknown][] => (v as { '#map': [unknown, unknown][] })['#map'];
const key = (v: unknown): string => JSON.stringify(v);

describe('ITF: the encodings', () => {
  it('integers are #bigint (exactly, past the safe range too), null is None, and itfToPlain inverts them', () => {
    expect(toItfValue(3)).toEqual({ '#bigint': '3' });
    expect(toItfValue(2 ** 60)).toEqual({ '#bigint': '1152921504606846976' });
    expect(toItfValue(-(2n ** 70n))).toEqual({ '#bigint': '-1180591620717411303424' });
    expect(toItfValue(null)).toEqual({ tag: 'None', value: { '#tup': [] } });
    expect(toItfValue({ a: undefined, b: [1, 'x', true] })).toEqual({ b: [{ '#bigint': '1' }, 'x', true] });
    const context = { round: 2, promises: [{ acceptor: 'a1', votedBallot: 0, votedValue: null }], proposal: 'v0', done: false };
    expect(itfToPlain(toItfValue(context))).toEqual(context);
    expect(itfToPlain({ '#bigint': '-1180591620717411303424' })).toBe(-(2n ** 70n));
    expect(valueProblems(toItfValue({ x: 1.5 }), 'x')).toEqual([]);
  });

  it('the schema check itself rejects what ITF forbids', () => {
    expect(valueProblems({ n: 3 }, 'v')).toEqual(['v.n: a raw JSON number 3 (integers are {"#bigint": ...})']);
    expect(valueProblems({ n: null }, 'v')).toHaveLength(1);
    expect(valueProblems({ '#bigint': '1e3' }, 'v')).toHaveLength(1);
    expect(valueProblems({ '#set': [], other: 1 }, 'v')).toHaveLength(1);
    expect(itfProblems({ vars: ['x'], states: [{ '#meta': { index: 1 }, x: true }] })).toEqual(['state 0: #meta.index is 1']);
    expect(itfProblems({ vars: ['x', 'y'], states: [{ '#meta': { index: 0 }, x: true }] })).toContain('state 0: keys #meta,x are not #meta and the vars');
  });
});

describe('ITF: every trace produced has the documented shape', () => {
  const cases: [string, string, RunFlags, string[]?][] = [
    ['synod, multiset network', 'synod', { bug: 'own-value' }],
    ['synod, fifo network', 'synod', { bug: 'minority-quorum', network: 'fifo' }],
    ['synod, set network', 'synod', { bug: 'minority-quorum', network: 'set' }],
    ['synod, lossy, duplicates and a crash allowed', 'synod', { config: 'synod-xs', bug: 'own-value', lossy: true, duplicates: 1, crashes: 1 }],
    ['synod, a liveness lasso with a crash', 'synod', { config: 'synod-xs', crashes: 1, crashOnly: 'p0,p1', property: 'decided' }, ['crash']],
    ['synod, a liveness lasso with drops', 'synod', { config: 'synod-xs', lossy: true, duplicates: 1, property: 'decided' }, ['drop']],
    ['pbft, a Byzantine primary', 'pbft', { replicas: 3, faulty: 1 }, ['byzantine']],
  ];
  for (const [what, protocol, flags, kinds] of cases) {
    it(what, () => {
      const saved = savedTrace(protocol, flags);
      for (const k of kinds ?? []) expect(saved.trace.steps.map((s) => s.kind)).toContain(k);
      const doc = JSON.parse(saved.itf) as Doc;
      expect(itfProblems(doc)).toEqual([]);
      const states = doc['states'] as Doc[];
      const vars = doc['vars'] as string[];
      const meta = doc['#meta'] as Doc;
      expect(meta['format']).toBe('ITF');
      expect((meta['agora'] as Doc)['protocol']).toBe(protocol);
      // One var per node, then network, crashed, (duplicatesLeft,) action; one state per step, plus the initial one.
      expect(vars.slice(0, saved.trace.initial.length)).toEqual(saved.trace.initial.map((l) => l.node));
      expect(vars.slice(saved.trace.initial.length)).toEqual(['network', 'crashed', ...(flags.duplicates !== undefined ? ['duplicatesLeft'] : []), 'action']);
      expect(states).toHaveLength(saved.trace.steps.length + 1);
      expect(states[0]?.['action']).toEqual({ tag: 'init', value: { '#tup': [] } });
      saved.trace.steps.forEach((step, i) => {
        const before = states[i] as Doc;
        const after = states[i + 1] as Doc;
        expect((after['action'] as Doc)['tag']).toBe(step.kind);
        // A node's var is its xstate value and context.
        for (const c of step.changes) expect(itfToPlain(after[c.node])).toEqual(itfToPlain(toItfValue({ value: c.after.value, context: c.after.context })));
        // A delivered or dropped message was in flight before (multiset: a count of at least one).
        if ((step.kind === 'deliver' || step.kind === 'drop') && flags.network === undefined) {
          const entry = mapEntries(before['network']).find(([m]) => key(m) === key(toItfValue(step.message)));
          expect(entry, `step ${i + 1}: ${step.label} in flight`).toBeDefined();
        }
        if (step.kind === 'crash') expect((after['crashed'] as { '#set': string[] })['#set']).toContain(step.node);
      });
      if (saved.trace.lasso?.kind === 'cycle') expect(doc['loop']).toBe(saved.trace.lasso.loopFrom - 1);
    });
  }

  it('the CLI writes the same document', async () => {
    const r = await runCli('check', 'synod', '--bug', 'own-value', '--trace', 'itf', '--quiet');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as Doc;
    expect(itfProblems(doc)).toEqual([]);
    expect(doc).toEqual(JSON.parse(savedTrace('synod', { bug: 'own-value' }).itf));
  });
});
