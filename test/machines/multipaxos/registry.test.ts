/**
 * Multi-Paxos's registry entry (machines/multipaxos/protocol.ts), its bug
 * and variant tables and showcase bounds (spec/multipaxos/bugs.ts,
 * machines/multipaxos/bugs.ts), its named configurations and the short form
 * of its sizes (spec/multipaxos/configs.ts). Expected texts are written by
 * hand; what each bug needs to show follows the reasons spec/multipaxos/bugs.ts
 * gives (two replicas, a second ballot, two commands ordered differently;
 * early-reply also three acceptors and a second value for the slot).
 */
import { describe, expect, it } from 'vitest';
import { MULTIPAXOS_BUG_PROPOSERS, multipaxosProposer } from '../../../machines/multipaxos/bugs.js';
import { multipaxosProtocol, REPLICATED_LOG_PROPERTIES } from '../../../machines/multipaxos/protocol.js';
import { proposerMachine } from '../../../machines/multipaxos/proposer.machine.js';
import type { RunBounds } from '../../../spec/core/registry.js';
import { isMultiPaxosBug, isVariant, MULTIPAXOS_BUG_SHOWCASES, MULTIPAXOS_BUGS, MULTIPAXOS_VARIANTS, variantOf, type MultiPaxosBug } from '../../../spec/multipaxos/bugs.js';
import { DEFAULT_MULTIPAXOS_CONFIG, describeMultiPaxosSizes, MULTIPAXOS_CONFIGS, MULTIPAXOS_PARAMETERS } from '../../../spec/multipaxos/configs.js';

const PARAMS = { clients: 1, commands: 1, proposers: 2, acceptors: 3, replicas: 2, slots: 1, rounds: 1 };
type Input = { decisionQuorum: number; variant: string; quorum: number };

describe('the registry entry builds the production system and each bug variant', () => {
  it('without a bug: the production proposer, quorums of a majority, the variant asked for', () => {
    const s = multipaxosProtocol.build(PARAMS, null, 'all');
    expect(s.protocol).toBe('multipaxos');
    expect(s.nodes.map((n) => n.name)).toEqual(['clients', 'p0', 'p1', 'a0', 'a1', 'a2', 'r0', 'r1']);
    expect(s.nodes[1]?.logic).toBe(proposerMachine);
    const p0 = s.nodes[1]?.input as Input;
    expect([p0.variant, p0.quorum, p0.decisionQuorum]).toEqual(['all', 2, 2]);
    expect((s.nodes[6]?.input as Input).decisionQuorum).toBe(2);
  });

  it('no variant named: 2b to the leader', () => {
    const s = multipaxosProtocol.build(PARAMS, null);
    expect((s.nodes[1]?.input as Input).variant).toBe('leader');
    expect(() => multipaxosProtocol.build(PARAMS, null, 'sideways')).toThrow(new RangeError('unknown variant sideways'));
  });

  it('no-recovery and skip-phase1: their own proposer; early-reply: the production proposer and a decision on one 2b', () => {
    for (const bug of ['no-recovery', 'skip-phase1'] as const) {
      const s = multipaxosProtocol.build(PARAMS, bug, 'leader');
      expect(s.nodes[1]?.logic).toBe(MULTIPAXOS_BUG_PROPOSERS[bug]);
      expect(s.nodes[2]?.logic).not.toBe(proposerMachine);
      expect((s.nodes[1]?.input as Input).decisionQuorum).toBe(2);
    }
    const e = multipaxosProtocol.build(PARAMS, 'early-reply', 'leader');
    expect(e.nodes[1]?.logic).toBe(proposerMachine);
    expect((e.nodes[1]?.input as Input).decisionQuorum).toBe(1);
    expect((e.nodes[1]?.input as Input).quorum).toBe(2);
    expect((e.nodes[7]?.input as Input).decisionQuorum).toBe(1);
  });

  it('an unknown bug, or a missing size, is refused', () => {
    expect(() => multipaxosProtocol.build(PARAMS, 'no-such-bug', 'leader')).toThrow(new RangeError('unknown bug no-such-bug'));
    const { slots: _slots, ...noSlots } = PARAMS;
    expect(() => multipaxosProtocol.build(noSlots, null, 'leader')).toThrow(new RangeError('missing parameter slots'));
  });

  it('multipaxosProposer: the production machine for null, each variant otherwise', () => {
    expect(multipaxosProposer(null)).toBe(proposerMachine);
    expect(multipaxosProposer('early-reply')).toBe(proposerMachine);
    expect(multipaxosProposer('no-recovery')).toBe(MULTIPAXOS_BUG_PROPOSERS['no-recovery']);
    expect(multipaxosProposer('no-recovery')).not.toBe(proposerMachine);
    expect(multipaxosProposer('skip-phase1')).not.toBe(proposerMachine);
    expect(multipaxosProposer('skip-phase1')).not.toBe(multipaxosProposer('no-recovery'));
  });
});

describe('the bug and variant tables', () => {
  it('isMultiPaxosBug: the three names, and not an inherited property', () => {
    expect(['no-recovery', 'skip-phase1', 'early-reply'].map(isMultiPaxosBug)).toEqual([true, true, true]);
    expect(['toString', 'constructor', 'leader', ''].map(isMultiPaxosBug)).toEqual([false, false, false, false]);
    expect(Object.keys(MULTIPAXOS_BUGS)).toEqual(['no-recovery', 'skip-phase1', 'early-reply']);
  });

  it('each bug names the rule of "Paxos Made Simple" it breaks', () => {
    expect(MULTIPAXOS_BUGS['no-recovery']).toMatch(/breaks "Paxos Made Simple" §3 /);
    expect(MULTIPAXOS_BUGS['skip-phase1']).toMatch(/breaks "Paxos Made Simple" §2\.2 /);
    expect(MULTIPAXOS_BUGS['early-reply']).toMatch(/breaks "Paxos Made Simple" §2\.3 /);
  });

  it('isVariant and variantOf: leader and all; leader by default; anything else refused', () => {
    expect(Object.keys(MULTIPAXOS_VARIANTS)).toEqual(['leader', 'all']);
    expect(['leader', 'all', 'toString', 'none'].map(isVariant)).toEqual([true, true, false, false]);
    expect(variantOf(null)).toBe('leader');
    expect(variantOf(undefined)).toBe('leader');
    expect(variantOf('all')).toBe('all');
    expect(variantOf('leader')).toBe('leader');
    expect(() => variantOf('none')).toThrow(new RangeError('unknown variant none'));
    expect(() => variantOf('')).toThrow(new RangeError('unknown variant '));
  });
});

describe('what each bug needs to show (MULTIPAXOS_BUG_SHOWCASES.unreachable)', () => {
  const bounds = (params: Record<string, number>): RunBounds => ({ params, faults: { lossy: false, duplicates: 0, crashes: 0, recoveries: 0 }, adversary: null });
  const why = (bug: MultiPaxosBug, params: Record<string, number>) => MULTIPAXOS_BUG_SHOWCASES[bug].unreachable?.(bounds(params));
  const REPLICAS = 'two replicas that decide differently (--replicas 2)';
  const BALLOTS = 'a second ballot, P×R ≥ 2 (e.g. --proposers 2)';
  const COMMANDS = 'two commands (e.g. --clients 2)';
  const ORDER = "two proposers or two clients: one proposer orders one client's commands the same way in every ballot (--proposers 2 or --clients 2)";
  const ACCEPTORS = 'three acceptors, so that a quorum can miss the one whose 2b was taken for a decision (--acceptors 3)';
  const SECOND_VALUE = 'a second value for the slot: with one proposer and one client, a second slot (a no-op fills the gap below a vote; --slots 2), or --proposers 2 or --clients 2';

  it('every bug shows on mp-s, the default configuration', () => {
    expect(Object.keys(MULTIPAXOS_BUG_SHOWCASES)).toEqual(['no-recovery', 'skip-phase1', 'early-reply']);
    for (const bug of ['no-recovery', 'skip-phase1', 'early-reply'] as const) expect(MULTIPAXOS_BUG_SHOWCASES[bug].config).toBe('mp-s');
    expect(multipaxosProtocol.bugShowcases).toBe(MULTIPAXOS_BUG_SHOWCASES);
  });

  for (const bug of ['no-recovery', 'skip-phase1'] as const) {
    it(`${bug}: two replicas, then a second ballot, then two commands from two proposers or clients`, () => {
      expect(why(bug, { ...PARAMS, replicas: 1 })).toBe(REPLICAS);
      expect(why(bug, {})).toBe(REPLICAS);
      expect(why(bug, { ...PARAMS, proposers: 1, rounds: 1 })).toBe(BALLOTS);
      expect(why(bug, { ...PARAMS, replicas: 1, proposers: 1 })).toBe(REPLICAS);
      // P×R, not P/R or P+R: one proposer with two rounds is a second ballot
      expect(why(bug, { ...PARAMS, proposers: 1, rounds: 2, clients: 2 })).toBeUndefined();
      expect(why(bug, { ...PARAMS, proposers: 2, rounds: 1, clients: 1, commands: 1 })).toBe(COMMANDS);
      // C×K: one client with two commands is two commands
      expect(why(bug, { ...PARAMS, proposers: 2, clients: 1, commands: 2 })).toBeUndefined();
      expect(why(bug, { ...PARAMS, proposers: 1, rounds: 2, clients: 1, commands: 2 })).toBe(ORDER);
      expect(why(bug, { ...PARAMS, proposers: 1, rounds: 2, clients: 2, commands: 1 })).toBeUndefined();
      expect(why(bug, { ...PARAMS, proposers: 2, rounds: 1, clients: 2, commands: 1 })).toBeUndefined();
      expect(why(bug, { clients: 2, commands: 1, proposers: 2, acceptors: 1, replicas: 2, slots: 1, rounds: 1 })).toBeUndefined();
    });
  }

  it('early-reply: three acceptors first, then two replicas and a second ballot, then two commands and a second value', () => {
    const base = { clients: 2, commands: 1, proposers: 2, acceptors: 3, replicas: 2, slots: 1, rounds: 1 };
    expect(why('early-reply', base)).toBeUndefined();
    expect(why('early-reply', { ...base, acceptors: 2 })).toBe(ACCEPTORS);
    expect(why('early-reply', { ...base, acceptors: 2, replicas: 1 })).toBe(ACCEPTORS);
    expect(why('early-reply', { ...base, acceptors: 4 })).toBeUndefined();
    expect(why('early-reply', { ...base, replicas: 1 })).toBe(REPLICAS);
    expect(why('early-reply', { ...base, proposers: 1 })).toBe(BALLOTS);
    expect(why('early-reply', { ...base, proposers: 1, rounds: 2 })).toBeUndefined();
    expect(why('early-reply', { ...base, proposers: 1, rounds: 1, clients: 1, commands: 1 })).toBe(BALLOTS);
    expect(why('early-reply', { ...base, clients: 1, commands: 1 })).toBe(COMMANDS);
    expect(why('early-reply', { ...base, clients: 1, commands: 2 })).toBeUndefined();
    // one proposer (two rounds) and one client with two commands: a second slot is needed
    expect(why('early-reply', { ...base, proposers: 1, rounds: 2, clients: 1, commands: 2, slots: 1 })).toBe(SECOND_VALUE);
    expect(why('early-reply', { ...base, proposers: 1, rounds: 2, clients: 1, commands: 2, slots: 2 })).toBeUndefined();
    expect(why('early-reply', { ...base, proposers: 2, rounds: 1, clients: 1, commands: 2, slots: 1 })).toBeUndefined();
    expect(why('early-reply', { ...base, proposers: 1, rounds: 2, clients: 2, commands: 1, slots: 1 })).toBeUndefined();
  });
});

describe('the named configurations and sizes', () => {
  it('mp-tiny, mp-s (the default) and mp-m, with their sizes', () => {
    expect(DEFAULT_MULTIPAXOS_CONFIG).toBe('mp-s');
    expect(multipaxosProtocol.defaultConfig).toBe('mp-s');
    expect(MULTIPAXOS_CONFIGS.map((c) => c.name)).toEqual(['mp-tiny', 'mp-s', 'mp-m']);
    expect(multipaxosProtocol.configs.map((c) => [c.name, describeMultiPaxosSizes(c.params)])).toEqual([
      ['mp-tiny', 'C=1 K=1 P=1 A=3 L=1 S=1 R=2'],
      ['mp-s', 'C=2 K=1 P=2 A=3 L=2 S=1 R=1'],
      ['mp-m', 'C=2 K=1 P=2 A=3 L=2 S=2 R=1'],
    ]);
    expect(multipaxosProtocol.configs[0]?.params).toStrictEqual({ clients: 1, commands: 1, proposers: 1, acceptors: 3, replicas: 1, slots: 1, rounds: 2 });
    expect(multipaxosProtocol.configs.map((c) => c.description)).toEqual(MULTIPAXOS_CONFIGS.map((c) => c.description));
    expect(MULTIPAXOS_CONFIGS[0]?.description).toBe('one leader that may restart, for tests');
    expect(MULTIPAXOS_CONFIGS[2]?.expected).toBeUndefined();
  });

  it('the seven parameters, in the order of the short form, with their bounds', () => {
    expect(MULTIPAXOS_PARAMETERS.map((p) => [p.name, p.min, p.max])).toEqual([
      ['clients', 1, 4],
      ['commands', 1, 4],
      ['proposers', 1, 5],
      ['acceptors', 1, 9],
      ['replicas', 1, 9],
      ['slots', 1, 8],
      ['rounds', 1, 4],
    ]);
    expect(multipaxosProtocol.parameters).toBe(MULTIPAXOS_PARAMETERS);
    expect(multipaxosProtocol.describeParams?.({ clients: 3, commands: 4, proposers: 5, acceptors: 7, replicas: 2, slots: 6, rounds: 1 })).toBe('C=3 K=4 P=5 A=7 L=2 S=6 R=1');
  });
});

describe('the entry’s texts', () => {
  it('name, summary, source, variants and the default variant', () => {
    expect(multipaxosProtocol.name).toBe('multipaxos');
    expect(multipaxosProtocol.summary).toBe('Multi-Paxos: a leader orders client commands into a log of slots; replicas execute them on a register');
    expect(multipaxosProtocol.source).toBe('Lamport, "Paxos Made Simple" §3; van Renesse & Altinbuken, "Paxos Made Moderately Complex"');
    expect(multipaxosProtocol.variants).toBe(MULTIPAXOS_VARIANTS);
    expect(multipaxosProtocol.defaultVariant).toBe('leader');
    expect(multipaxosProtocol.bugs).toBe(MULTIPAXOS_BUGS);
  });

  it('the properties: the four replicated-log ones and linearizability, then liveness and the witnesses', () => {
    expect(REPLICATED_LOG_PROPERTIES.map((p) => p.name)).toEqual(['agreement', 'validity', 'at-most-once', 'prefix', 'linearizable']);
    expect(REPLICATED_LOG_PROPERTIES.map((p) => p.description)).toEqual([
      'no two replicas decide different values for one slot',
      'every decided value belongs to a client request, or is a no-op',
      'no replica executes a request twice',
      "replicas' executed sequences are prefixes of one another",
      "the clients' history is linearizable to a register",
    ]);
    expect(multipaxosProtocol.properties.map((p) => p.name)).toEqual(['agreement', 'validity', 'at-most-once', 'prefix', 'linearizable', 'decided', 'client-answered', 'decides-ci, answers-ci']);
    expect(multipaxosProtocol.properties.slice(5).map((p) => p.description)).toEqual([
      'liveness: eventually some replica decides a slot (--property decided; see docs/impossibility.md)',
      'liveness: every client request is eventually answered',
      'witnesses, per client: its request can be decided, and answered (looked for by every check)',
    ]);
  });

  it('the examples and the showcase of early-reply through linearizability alone', () => {
    expect(multipaxosProtocol.examples).toEqual([
      { args: '--config mp-tiny', what: 'one leader that may restart: every property holds' },
      { args: '--variant all --bug skip-phase1', what: 'a known bug, with 2b sent to every replica' },
      { args: '--bug early-reply --property linearizable', what: 'what clients see of a bug: a stale read' },
    ]);
    const sc = multipaxosProtocol.showcases ?? [];
    expect(sc).toHaveLength(1);
    expect(sc[0]?.title).toBe('Linearizability alone catches `--bug early-reply`');
    expect(sc[0]?.bug).toBe('early-reply');
    expect(sc[0]?.properties).toEqual(['linearizable']);
    expect(sc[0]?.intro).toMatch(/^With the per-slot properties left out, the generic linearizability checker finds what clients see of the bug: .* misses it\.$/);
    expect(multipaxosProtocol.cost).toBeDefined();
    expect(multipaxosProtocol.cost?.formula?.('leader')?.text).toBe('2n+2');
  });
});
