/**
 * Raft's and VR's log arithmetic over its whole input domain (issue 14):
 * arbitrary logs, match indices and acknowledgement vectors, with small
 * terms and views so that ties are common, compared with references
 * written from the rules the files quote (Raft Figure 2 and §5.3-§5.4;
 * VR Revisited §4.1-§4.2), not only the states a cluster reaches.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { advanceCommit, isUpToDate, lastLogIndex, lastLogTerm, matchesPrev, mergeEntries, termAt } from '../../spec/raft/log.js';
import type { LogEntry as RaftEntry } from '../../spec/raft/messages.js';
import { committedUpTo, doViewChangeQuorum, largestCommit, selectLog } from '../../spec/vr/log.js';
import type { DoViewChangeRecord } from '../../spec/vr/state.js';

const arbRaftEntry: fc.Arbitrary<RaftEntry> = fc.record({
  term: fc.integer({ min: 1, max: 3 }),
  id: fc.constantFrom('c0.0', 'c1.0', 'c0.1'),
  op: fc.constant({ kind: 'read' } as const),
});
const arbRaftLog = fc.array(arbRaftEntry, { maxLength: 5 });
const range = (lo: number, hi: number): number[] => Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i);

describe('raft log', () => {
  test.prop([arbRaftLog])('last index and term; term at each index, 0 before the first', (log) => {
    expect(lastLogIndex(log)).toBe(log.length);
    expect(lastLogTerm(log)).toBe(log.length === 0 ? 0 : log[log.length - 1]?.term);
    expect(termAt(log, 0)).toBe(0);
    for (let i = 1; i <= log.length; i++) expect(termAt(log, i)).toBe(log[i - 1]?.term);
    expect(termAt(log, log.length + 1)).toBeUndefined();
  });

  test.prop([fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 6 }), arbRaftLog])('up-to-date is (last term, last index) compared lexicographically', (lastTerm, lastIndex, log) => {
    const mine = [lastLogTerm(log), log.length] as const;
    const want = lastTerm > mine[0] || (lastTerm === mine[0] && lastIndex >= mine[1]);
    expect(isUpToDate(lastTerm, lastIndex, log)).toBe(want);
  });

  test.prop([arbRaftLog, fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 4 })])('matchesPrev: the term at prevLogIndex is prevLogTerm', (log, prev, term) => {
    expect(matchesPrev(log, prev, term)).toBe(prev === 0 ? term === 0 : log[prev - 1]?.term === term);
  });

  test.prop([arbRaftLog, fc.integer({ min: 0, max: 6 }), arbRaftLog])('mergeEntries: receiver rules 3 and 4', (log, prev, entries) => {
    const out = mergeEntries(log, prev, entries);
    const start = Math.min(prev, log.length);
    // Rule 3: the first index whose existing entry conflicts (different term), if any, cuts the log there.
    const conflict = entries.findIndex((e, k) => log[start + k] !== undefined && log[start + k]?.term !== e.term);
    const firstNew = entries.findIndex((_, k) => log[start + k] === undefined);
    const cut = conflict >= 0 ? conflict : firstNew;
    const want = cut < 0 ? log : [...log.slice(0, start + cut), ...entries.slice(cut)];
    expect(out).toEqual(want);
    if (cut < 0) expect(out).toBe(log); // nothing new: the very same log, not a copy
  });

  test.prop([arbRaftLog, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 5 }), fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 4 }), fc.integer({ min: 1, max: 4 }), fc.boolean()])(
    'advanceCommit: the largest N above commitIndex with a quorum at N (and, unless oldTerms, an entry of the current term)',
    (log, currentTerm, commitIndex, othersMatch, quorum, oldTerms) => {
      const ok = (n: number) => (oldTerms || log[n - 1]?.term === currentTerm) && 1 + othersMatch.filter((m) => m >= n).length >= quorum;
      const candidates = range(commitIndex + 1, log.length).filter(ok);
      const want = candidates.length === 0 ? commitIndex : Math.max(...candidates);
      expect(advanceCommit(log, currentTerm, commitIndex, othersMatch, quorum, oldTerms)).toBe(want);
      if (!oldTerms) expect(advanceCommit(log, currentTerm, commitIndex, othersMatch, quorum)).toBe(want);
    },
  );
});

const arbVrEntry = fc.record({ id: fc.constantFrom('c0.0', 'c1.0', 'c2.0'), op: fc.constant({ kind: 'read' } as const) });
const arbRecord: fc.Arbitrary<DoViewChangeRecord> = fc.record({
  from: fc.constantFrom('r0', 'r1', 'r2'),
  log: fc.array(arbVrEntry, { maxLength: 3 }),
  lastNormal: fc.integer({ min: 0, max: 2 }),
  commit: fc.integer({ min: 0, max: 3 }),
});

describe('vr log', () => {
  test.prop([fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 5 }), fc.nat(4), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 5 })])(
    'committedUpTo: the largest n above commit that f backups (not self) acknowledged',
    (acks, selfRaw, logLength, f, commit) => {
      const self = selfRaw % acks.length;
      const backups = (n: number) => acks.filter((a, i) => i !== self && a >= n).length;
      const candidates = range(commit + 1, logLength).filter((n) => backups(n) >= f);
      expect(committedUpTo(acks, self, logLength, f, commit)).toBe(candidates.length === 0 ? commit : Math.max(...candidates));
    },
  );

  test.prop([fc.array(arbRecord, { minLength: 1, maxLength: 4 }), fc.constantFrom(null, 'log-by-opnumber' as const)])(
    'selectLog: the largest (last normal view, log length), the first among ties; log-by-opnumber: the longest log',
    (records, bug) => {
      const key = (r: DoViewChangeRecord) => (bug === 'log-by-opnumber' ? [0, r.log.length] : [r.lastNormal, r.log.length]);
      const greater = (a: number[], b: number[]) => (a[0] as number) > (b[0] as number) || (a[0] === b[0] && (a[1] as number) > (b[1] as number));
      let want = records[0] as DoViewChangeRecord;
      for (const r of records) if (greater(key(r), key(want))) want = r;
      expect(selectLog(records, bug)).toBe(want);
    },
  );

  it('selectLog refuses an empty set', () => {
    expect(() => selectLog([], null)).toThrow(new RangeError('selectLog: no DoViewChange'));
  });

  test.prop([fc.array(arbRecord, { maxLength: 4 })])('largestCommit: the largest k, 0 for none', (records) => {
    expect(largestCommit(records)).toBe(Math.max(0, ...records.map((r) => r.commit)));
  });

  test.prop([fc.integer({ min: 0, max: 4 })])('the DoViewChange quorum is f + 1, f under view-change-quorum-f', (f) => {
    expect(doViewChangeQuorum({ f, bug: null })).toBe(f + 1);
    expect(doViewChangeQuorum({ f, bug: 'view-change-quorum-f' })).toBe(f);
  });
});
