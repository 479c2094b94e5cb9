/**
 * Gaps left by log-rules (spec/pbft/log.ts, Castro & Liskov §4.2 and §4.1),
 * on hand-made replica states: a pre-prepare for another view from the
 * current primary, replaying the register past a committed null request,
 * execute's early return, committed-local at exactly Q commits, and a
 * pre-prepare logged below one already logged.
 * n = 4, f = 1: Q = 3, prepared at 2 prepares from backups; S = 2; V = 3.
 */
import { describe, expect, it } from 'vitest';
import { acceptPrePrepare, acceptsPrePrepare, advance, execute, registerValue } from '../../../spec/pbft/log.js';
import type { PbftRequest, PrePrepareMsg } from '../../../spec/pbft/messages.js';
import type { ReplicaConfig, ReplicaState } from '../../../spec/pbft/state.js';
import { pbftConfig, pbftReplica } from '../../helpers/pbft-replica.js';

const A: PbftRequest = { id: 'c0.0', op: { kind: 'write', value: 'a' } };
const B: PbftRequest = { id: 'c1.0', op: { kind: 'read' } };
const R = ['r0', 'r1', 'r2', 'r3'];

const cfg = (self: string): ReplicaConfig => pbftConfig(self);
const rs = (self: string, over: Partial<ReplicaState> = {}): ReplicaState => pbftReplica(self, over);
const pp = (from: string, to: string, view: number, seq: number, request: PbftRequest): PrePrepareMsg => ({ type: 'pbft.pre-prepare', from, to, view, seq, request });

describe('acceptsPrePrepare: the view must be the replica’s own', () => {
  it('r1 in view 0 refuses a pre-prepare for view 1 even though it comes from r0, the primary of view 0', () => {
    // §4.2: a backup accepts a pre-prepare only "if it is in view v"; everything else holds (r0 leads view 0, seq 1 free, A held).
    const s = rs('r1', { requests: [A] });
    expect(acceptsPrePrepare(s, pp('r0', 'r1', 0, 1, A))).toBe(true);
    expect(acceptsPrePrepare(s, pp('r0', 'r1', 1, 1, A))).toBe(false);
  });
});

describe('registerValue', () => {
  it('finds an executed request past a committed null request', () => {
    // seq 1 committed the null request (a no-op, never executed); seq 2 wrote a: the register holds a.
    expect(registerValue(['c0.0'], [{ seq: 1, request: null }, { seq: 2, request: A }])).toBe('a');
  });
});

describe('execute: nothing newly committed', () => {
  it('returns at once, without replaying what the replica executed', () => {
    // committedPrefix = 1 (seq 1), already executed up to 1: nothing to do. The executed list names c9.9, which is not
    // among the committed entries: replaying it would throw (registerValue), so a correct early return is observable.
    const s = rs('r1', { committed: [{ seq: 1, request: A }], executed: ['c9.9'] });
    const out = execute(s, 1);
    expect(out.results).toEqual([]);
    expect(out.executed).toBe(s.executed);
  });
});

describe('advance: committed-local at exactly commitQuorum commits', () => {
  it('a tally that counts Q = 3 senders commits, executes and replies', () => {
    // r1 logged A at seq 1 and holds 2 prepares (prepared, §4.2), and commits from r1, r2, r3 for (1, c0.0): 3 >= Q = 3,
    // so A is committed-local; seq 1 is the committed prefix, so A executes (write a → ok) and r1 replies to the clients.
    const s = rs('r1', {
      requests: [A],
      log: [{ seq: 1, request: A }],
      prepares: [{ seq: 1, digest: 'c0.0', from: null }],
      commits: [{ seq: 1, digest: 'c0.0', from: ['r1', 'r2', 'r3'] }],
    });
    const { state, sent } = advance(s, s);
    expect(state.committed).toEqual([{ seq: 1, request: A }]);
    expect(state.executed).toEqual(['c0.0']);
    expect(sent).toEqual([{ type: 'pbft.reply', from: 'r1', to: 'clients', id: 'c0.0', result: 'ok' }]);
  });
});

describe('acceptPrePrepare keeps the log sorted by seq', () => {
  it('a pre-prepare for seq 2 goes after seq 1, and one for seq 1 arriving late goes before seq 2', () => {
    // r1 (backup of view 0) logged B at seq 1; r0's pre-prepare for A at seq 2 is logged after it (the log is by seq).
    const one = rs('r1', { requests: [A, B], log: [{ seq: 1, request: B }], prepares: [{ seq: 1, digest: 'c1.0', from: ['r1'] }] });
    expect(acceptPrePrepare(one, pp('r0', 'r1', 0, 2, A)).state.log).toEqual([
      { seq: 1, request: B },
      { seq: 2, request: A },
    ]);
    // The other way round: B logged at seq 2, A's pre-prepare for seq 1 arrives late and is logged first.
    const two = rs('r1', { requests: [A, B], log: [{ seq: 2, request: B }], prepares: [{ seq: 2, digest: 'c1.0', from: ['r1'] }] });
    expect(acceptPrePrepare(two, pp('r0', 'r1', 0, 1, A)).state.log).toEqual([
      { seq: 1, request: A },
      { seq: 2, request: B },
    ]);
  });
});
