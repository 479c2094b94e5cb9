/**
 * Laws of the Multi-Paxos slot arithmetic (`spec/multipaxos/log.ts`) on
 * random inputs, each checked against a brute-force reimplementation written
 * here from the rule it states (never from the code under test).
 * Sizes are small so that collisions (same slot, same ballot, same id) are common.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { assignRequests, decidedPrefix, executeLog, learn, recoverProposals, type Learning } from '../../../spec/multipaxos/log.js';
import { requestId, type AcceptedMsg, type Batch, type Entry, type SlotVote } from '../../../spec/multipaxos/messages.js';
import type { RegisterOp, RegisterResult } from '../../../spec/multipaxos/register.js';
import { compareEntry } from '../../../spec/multipaxos/state.js';

const MAX_SLOTS = 6;
const MAX_BALLOT = 6;

const arbOp: fc.Arbitrary<RegisterOp> = fc.oneof(
  fc.constant<RegisterOp>({ kind: 'read' }),
  fc.constantFrom('a', 'b', 'c').map((value): RegisterOp => ({ kind: 'write', value })),
);

/** A request id `c0.0`..`c2.2`. */
const arbId = fc.tuple(fc.nat({ max: 2 }), fc.nat({ max: 2 })).map(([c, j]) => requestId(c, j));

/** The one command of each id (an id names one command), as a run has it. */
const arbOps: fc.Arbitrary<Map<string, RegisterOp>> = fc
  .array(arbOp, { minLength: 9, maxLength: 9 })
  .map((ops) => new Map(ops.map((op, i) => [requestId(Math.floor(i / 3), i % 3), op])));

const entryOf = (ops: Map<string, RegisterOp>, id: string): Entry => ({ id, op: ops.get(id) as RegisterOp });

/** A batch of distinct ids (possibly the no-op). */
const arbBatchIds = fc.uniqueArray(arbId, { maxLength: 3 });

/** The batch proposed in each (slot, ballot): a ballot has one leader, who proposes one batch per slot. */
const arbBallotBatches = fc.array(fc.array(arbBatchIds, { minLength: MAX_BALLOT + 1, maxLength: MAX_BALLOT + 1 }), {
  minLength: MAX_SLOTS,
  maxLength: MAX_SLOTS,
});

/** Vote reports of a quorum: each acceptor reports at most one vote per slot; batches consistent per (slot, ballot). */
const arbRecovery = fc
  .record({ slots: fc.integer({ min: 1, max: MAX_SLOTS }), batches: arbBallotBatches, ops: arbOps })
  .chain(({ slots, batches, ops }) =>
    fc
      .array(
        fc.uniqueArray(fc.record({ slot: fc.nat({ max: slots - 1 }), ballot: fc.nat({ max: MAX_BALLOT }) }), {
          selector: (v) => v.slot,
          maxLength: slots,
        }),
        { maxLength: 5 },
      )
      .map((raw) => ({
        slots,
        reports: raw.map((votes) =>
          votes.map(({ slot, ballot }): SlotVote => ({ slot, ballot, batch: (batches[slot]?.[ballot] ?? []).map((id) => entryOf(ops, id)) })),
        ),
      })),
  );

/** Brute force: per slot, the highest ballot voted there and its batch; below the top voted slot a no-op; above, free. */
function recoverReference(reports: readonly (readonly SlotVote[])[], slots: number): (Batch | null)[] {
  const all = reports.flat();
  const top = Math.max(-1, ...all.map((v) => v.slot));
  const out: (Batch | null)[] = [];
  for (let s = 0; s < slots; s++) {
    const here = all.filter((v) => v.slot === s);
    if (here.length === 0) {
      out.push(s < top ? [] : null);
      continue;
    }
    const max = Math.max(...here.map((v) => v.ballot));
    out.push((here.find((v) => v.ballot === max) as SlotVote).batch);
  }
  return out;
}

describe('recoverProposals', () => {
  test.prop([arbRecovery])('equals the brute-force recovery', ({ slots, reports }) => {
    expect(recoverProposals(reports, slots)).toEqual(recoverReference(reports, slots));
  });

  test.prop([arbRecovery.chain(({ slots, reports }) => fc.tuple(fc.constant(slots), fc.shuffledSubarray(reports, { minLength: reports.length })))])(
    'does not depend on the order in which promises arrived',
    ([slots, shuffled]) => {
      expect(recoverProposals(shuffled, slots)).toEqual(recoverReference(shuffled, slots));
      expect(recoverProposals(shuffled, slots)).toEqual(recoverProposals([...shuffled].reverse(), slots));
    },
  );

  test.prop([arbRecovery])('free slots form a suffix: everything below the highest voted slot gets a batch', ({ slots, reports }) => {
    const p = recoverProposals(reports, slots);
    expect(p).toHaveLength(slots);
    const firstFree = p.indexOf(null);
    if (firstFree >= 0) expect(p.slice(firstFree).every((b) => b === null)).toBe(true);
    const top = Math.max(-1, ...reports.flat().map((v) => v.slot));
    expect(firstFree === -1 ? slots : firstFree).toBe(top + 1);
  });

  test.prop([
    fc.integer({ min: 1, max: 4 }).chain((slots) =>
      fc.tuple(
        fc.constant(slots),
        fc.array(
          fc.array(
            fc.record({ slot: fc.nat({ max: slots - 1 }), ballot: fc.nat({ max: 3 }), batch: arbBatchIds.map((ids) => ids.map((id) => ({ id }))) }),
            { maxLength: 4 },
          ),
          { maxLength: 4 },
        ),
      ),
    ),
  ])('even for inconsistent votes, each slot gets the batch of some highest-ballot vote there', ([slots, reports]) => {
    const p = recoverProposals(reports, slots);
    const all = reports.flat();
    p.forEach((b, s) => {
      const here = all.filter((v) => v.slot === s);
      if (here.length === 0) return;
      const max = Math.max(...here.map((v) => v.ballot));
      expect(here.some((v) => v.ballot === max && v.batch === b)).toBe(true);
    });
  });
});

/** Proposals (some slots free, some with batches, requests possibly proposed twice) and sorted requests. */
const arbAssign = fc.record({
  ops: arbOps,
  proposalIds: fc.integer({ min: 1, max: MAX_SLOTS }).chain((slots) => fc.array(fc.option(arbBatchIds, { nil: null }), { minLength: slots, maxLength: slots })),
  requestIds: fc.uniqueArray(arbId, { maxLength: 9 }),
  batch: fc.integer({ min: 1, max: 3 }),
});

describe('assignRequests', () => {
  test.prop([arbAssign])('fills the first free slots after the last proposed one with the waiting requests, `batch` at a time, in id order', (a) => {
    const proposals = a.proposalIds.map((ids) => (ids === null ? null : ids.map((id) => entryOf(a.ops, id))));
    const requests = a.requestIds.map((id) => entryOf(a.ops, id)).sort(compareEntry);
    const before = structuredClone(proposals);
    const r = assignRequests(proposals, requests, a.batch);
    expect(proposals).toEqual(before);

    // Brute force.
    const proposed = new Set(proposals.flatMap((b) => (b ?? []).map((e) => e.id)));
    const waiting = requests.filter((e) => !proposed.has(e.id));
    let start = 0;
    proposals.forEach((b, s) => {
      if (b !== null) start = s + 1;
    });
    const count = Math.min(Math.floor(waiting.length / a.batch), proposals.length - start);
    const filled = Array.from({ length: count }, (_, i) => start + i);
    const expected = proposals.map((b, s) => (filled.includes(s) ? waiting.slice((s - start) * a.batch, (s - start + 1) * a.batch) : b));
    expect(r.filled).toEqual(filled);
    expect(r.proposals).toEqual(expected);
    if (count === 0) expect(r.proposals).toBe(proposals);
  });

  test.prop([arbAssign])('never proposes an id twice that was proposed at most once, and keeps every proposed slot', (a) => {
    const proposals = a.proposalIds.map((ids) => (ids === null ? null : ids.map((id) => entryOf(a.ops, id))));
    const requests = a.requestIds.map((id) => entryOf(a.ops, id)).sort(compareEntry);
    const r = assignRequests(proposals, requests, a.batch);
    const countIds = (ps: readonly (Batch | null)[]) => {
      const m = new Map<string, number>();
      for (const b of ps) for (const e of b ?? []) m.set(e.id, (m.get(e.id) ?? 0) + 1);
      return m;
    };
    const old = countIds(proposals);
    for (const [id, n] of countIds(r.proposals)) expect(n).toBe(Math.max(old.get(id) ?? 1, 1));
    proposals.forEach((b, s) => {
      if (b !== null) expect(r.proposals[s]).toBe(b);
    });
    // Applying it again with the same requests fills nothing more (it is idempotent).
    const again = assignRequests(r.proposals, requests, a.batch);
    expect(again.filled).toEqual([]);
    expect(again.proposals).toBe(r.proposals);
  });
});

/** A log of batches of ids (consistent commands), some slots undecided. */
const arbLog = fc.record({
  ops: arbOps,
  ids: fc.array(fc.option(arbBatchIds, { nil: null, freq: 3 }), { maxLength: MAX_SLOTS }),
});

describe('decidedPrefix', () => {
  test.prop([arbLog])('counts the slots from 0 up to the first undecided one', ({ ids }) => {
    const n = decidedPrefix(ids.map((b) => (b === null ? null : b.map((id) => ({ id })))));
    expect(ids.slice(0, n).every((b) => b !== null)).toBe(true);
    expect(n === ids.length || ids[n] === null).toBe(true);
  });
});

/** Brute force of PMMC's perform on a register: every id once, in slot order, up to the first gap or unknown command. */
function executeReference(log: readonly (Batch | null)[], opOf: (e: Entry) => RegisterOp | undefined): { id: string; result: RegisterResult }[] {
  const seen = new Set<string>();
  const out: { id: string; result: RegisterResult }[] = [];
  let value: string | null = null;
  for (const b of log) {
    if (b === null) return out;
    for (const e of b) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      const op = opOf(e);
      if (op === undefined) return out;
      if (op.kind === 'write') {
        value = op.value;
        out.push({ id: e.id, result: 'ok' });
      } else out.push({ id: e.id, result: value });
    }
  }
  return out;
}

describe('executeLog', () => {
  const logOf = (ops: Map<string, RegisterOp>, ids: readonly (readonly string[] | null)[]) => ids.map((b) => (b === null ? null : b.map((id) => entryOf(ops, id))));

  test.prop([arbLog])('from nothing executed, equals the brute-force execution', ({ ops, ids }) => {
    const log = logOf(ops, ids);
    const expected = executeReference(log, (e) => e.op);
    const r = executeLog(log, [], (e) => e.op);
    expect(r.results).toEqual(expected);
    expect(r.executed).toEqual(expected.map((x) => x.id));
    expect(new Set(r.executed).size).toBe(r.executed.length);
  });

  test.prop([arbLog, fc.nat()])('from an executed prefix, extends it and reports exactly the rest', ({ ops, ids }, cut) => {
    const log = logOf(ops, ids);
    const all = executeReference(log, (e) => e.op);
    const k = all.length === 0 ? 0 : cut % (all.length + 1);
    const executed = all.slice(0, k).map((x) => x.id);
    const r = executeLog(log, executed, (e) => e.op);
    expect(r.executed).toEqual(all.map((x) => x.id));
    expect(r.results).toEqual(all.slice(k));
    if (k === all.length) expect(r.executed).toBe(executed);
  });

  test.prop([arbLog, fc.uniqueArray(arbId, { maxLength: 4 })])('stops at the first entry whose command is unknown', ({ ops, ids }, unknown) => {
    const log = logOf(ops, ids);
    const opOf = (e: Entry) => (unknown.includes(e.id) ? undefined : e.op);
    const r = executeLog(log, [], opOf);
    expect(r.results).toEqual(executeReference(log, opOf));
    expect(r.executed.some((id) => unknown.includes(id))).toBe(false);
  });

  test.prop([arbLog, fc.nat({ max: MAX_SLOTS })])('deciding more slots only extends what was executed (incremental = all at once)', ({ ops, ids }, more) => {
    // The log as it was earlier: the same decisions with some slots not yet known.
    const full = logOf(ops, ids);
    const earlier = full.map((b, s) => (s >= more ? null : b));
    const first = executeLog(earlier, [], (e) => e.op);
    const second = executeLog(full, first.executed, (e) => e.op);
    const once = executeLog(full, [], (e) => e.op);
    expect(second.executed).toEqual(once.executed);
    expect(second.executed.slice(0, first.executed.length)).toEqual(first.executed);
    expect([...first.results, ...second.results]).toEqual(once.results);
  });
});

/** 2b messages of one run: the batch of (slot, ballot) fixed; acceptors a0..a3. */
const arbAccepted = fc
  .record({ slots: fc.integer({ min: 1, max: 3 }), batches: arbBallotBatches, quorum: fc.integer({ min: 1, max: 3 }) })
  .chain(({ slots, batches, quorum }) =>
    fc.record({
      slots: fc.constant(slots),
      quorum: fc.constant(quorum),
      msgs: fc.array(
        fc.record({ from: fc.nat({ max: 3 }).map((i) => `a${i}`), slot: fc.nat({ max: slots - 1 }), ballot: fc.nat({ max: 2 }) }).map(
          ({ from, slot, ballot }): AcceptedMsg => ({
            type: 'mp.accepted',
            from,
            to: 'r0',
            slot,
            ballot,
            batch: (batches[slot]?.[ballot] ?? []).map((id) => ({ id })),
          }),
        ),
        { maxLength: 14 },
      ),
    }),
  );

describe('learn (2b to all)', () => {
  test.prop([arbAccepted])('a slot is decided by the first (slot, ballot) that `quorum` distinct acceptors accepted; tallies are the rest', ({ slots, quorum, msgs }) => {
    let k: Learning = { log: new Array<Batch | null>(slots).fill(null), tallies: [] };
    for (const m of msgs) k = learn(k, m, quorum);

    // Brute force: replay with a map (slot, ballot) -> acceptors.
    const log: (Batch | null)[] = new Array<Batch | null>(slots).fill(null);
    const votes = new Map<string, { slot: number; ballot: number; batch: Batch; acceptors: Set<string> }>();
    for (const m of msgs) {
      if (log[m.slot] !== null) continue;
      const key = `${m.slot}/${m.ballot}`;
      const t = votes.get(key) ?? { slot: m.slot, ballot: m.ballot, batch: m.batch, acceptors: new Set<string>() };
      t.acceptors.add(m.from);
      votes.set(key, t);
      if (t.acceptors.size >= quorum) log[m.slot] = m.batch;
    }
    const tallies = [...votes.values()]
      .filter((t) => log[t.slot] === null)
      .sort((a, b) => a.slot - b.slot || a.ballot - b.ballot)
      .map((t) => ({ slot: t.slot, ballot: t.ballot, batch: t.batch, acceptors: [...t.acceptors].sort() }));
    expect(k.log).toEqual(log);
    expect(k.tallies).toEqual(tallies);
  });

  test.prop([arbAccepted])('a decided slot never changes and keeps no tally', ({ slots, quorum, msgs }) => {
    let k: Learning = { log: new Array<Batch | null>(slots).fill(null), tallies: [] };
    for (const m of msgs) {
      const next = learn(k, m, quorum);
      k.log.forEach((b, s) => {
        if (b !== null) expect(next.log[s]).toBe(b);
      });
      if (k.log[m.slot] !== null) expect(next).toBe(k);
      expect(next.tallies.every((t) => next.log[t.slot] === null)).toBe(true);
      expect(next.tallies.every((t) => t.acceptors.length < quorum)).toBe(true);
      k = next;
    }
  });
});
