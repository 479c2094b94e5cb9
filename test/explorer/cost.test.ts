/**
 * `measureCost` (explorer/cost.ts): the synchronous schedule, the counts and
 * the delays, asserted against hand-counted figures, first on a toy protocol
 * defined here, then on the cost scenarios of Multi-Paxos and S-Paxos for
 * n = 3 and 5, with batches, and the literature's figures beside them.
 */
import { describe, expect, it } from 'vitest';
import { assign, enqueueActions, setup } from 'xstate';
import { costTable, measureCost, type CostMeasurement } from '../../explorer/cost.js';
import { ModelError } from '../../explorer/actor-system/step.js';
import { multipaxosCost } from '../../machines/multipaxos/cost.js';
import { raftCost } from '../../machines/raft/cost.js';
import { spaxosCost } from '../../machines/spaxos/cost.js';
import { synodCost } from '../../machines/synod/cost.js';
import { vrCost } from '../../machines/vr/cost.js';
import { CLIENT_REPLY, type CostScenario, type Milestone } from '../../spec/core/cost.js';
import type { Envelope, SendEvent } from '../../spec/core/envelope.js';
import { always } from '../../spec/core/property.js';
import type { SystemSpec } from '../../spec/core/system.js';

// ---------------------------------------------------------------------------
// A toy protocol. The client, on GO, pings the leader; the leader sends work
// to every worker; a worker answers the leader (done) and acks the client;
// once every worker is done the leader replies to the client.

type ToyMsg = Envelope & { readonly type: 'toy.ping' | 'toy.work' | 'toy.done' | 'toy.ack' | 'toy.reply' | 'toy.pong' };
type Go = { readonly type: 'GO' };

const clientMachine = setup({
  types: {
    input: {} as { self: string; leader: string },
    context: {} as { cfg: { self: string; leader: string }; asked: boolean; acks: number; replied: boolean },
    events: {} as ToyMsg | Go,
    emitted: {} as SendEvent<ToyMsg>,
  },
  guards: { notAsked: ({ context }) => !context.asked },
}).createMachine({
  context: ({ input }) => ({ cfg: input, asked: false, acks: 0, replied: false }),
  on: {
    GO: {
      guard: 'notAsked',
      actions: enqueueActions(({ context, enqueue }) => {
        enqueue.assign({ asked: true });
        enqueue.emit({ type: 'send', msg: { type: 'toy.ping', from: context.cfg.self, to: context.cfg.leader } });
      }),
    },
    'toy.ack': { actions: assign({ acks: ({ context }) => context.acks + 1 }) },
    'toy.reply': { actions: assign({ replied: true }) },
  },
});

const leaderMachine = setup({
  types: {
    input: {} as { self: string; workers: string[] },
    context: {} as { cfg: { self: string; workers: string[] }; dones: number; client: string },
    events: {} as ToyMsg,
    emitted: {} as SendEvent<ToyMsg>,
  },
}).createMachine({
  context: ({ input }) => ({ cfg: input, dones: 0, client: '' }),
  on: {
    'toy.ping': {
      actions: enqueueActions(({ context, event, enqueue }) => {
        enqueue.assign({ client: event.from });
        for (const to of context.cfg.workers) enqueue.emit({ type: 'send', msg: { type: 'toy.work', from: context.cfg.self, to } });
      }),
    },
    'toy.done': {
      actions: enqueueActions(({ context, enqueue }) => {
        const dones = context.dones + 1;
        enqueue.assign({ dones });
        if (dones === context.cfg.workers.length) {
          enqueue.emit({ type: 'send', msg: { type: 'toy.reply', from: context.cfg.self, to: context.client } });
        }
      }),
    },
  },
});

const workerMachine = setup({
  types: {
    input: {} as { self: string; client: string },
    context: {} as { cfg: { self: string; client: string }; worked: boolean },
    events: {} as ToyMsg,
    emitted: {} as SendEvent<ToyMsg>,
  },
}).createMachine({
  context: ({ input }) => ({ cfg: input, worked: false }),
  on: {
    'toy.work': {
      actions: enqueueActions(({ context, event, enqueue }) => {
        enqueue.assign({ worked: true });
        enqueue.emit({ type: 'send', msg: { type: 'toy.done', from: context.cfg.self, to: event.from } });
        enqueue.emit({ type: 'send', msg: { type: 'toy.ack', from: context.cfg.self, to: context.cfg.client } });
      }),
    },
  },
});

/** Two nodes that ping-pong forever once started. */
const echoMachine = setup({
  types: {
    input: {} as { self: string; peer: string },
    context: {} as { cfg: { self: string; peer: string } },
    events: {} as ToyMsg | Go,
    emitted: {} as SendEvent<ToyMsg>,
  },
}).createMachine({
  context: ({ input }) => ({ cfg: input }),
  on: {
    '*': { actions: enqueueActions(({ context, enqueue }) => enqueue.emit({ type: 'send', msg: { type: 'toy.pong', from: context.cfg.self, to: context.cfg.peer } })) },
  },
});

// Nodes (slot: name, role, host): 0 client (client, host c), 1 leader
// (leader, h0), 2 w0 (worker, h0: the leader's host), 3 w1 (worker, h1),
// 4 w2 (worker, h2).
const toySystem: SystemSpec = {
  protocol: 'toy',
  nodes: [
    { name: 'client', role: 'client', logic: clientMachine, input: { self: 'client', leader: 'leader' }, environment: [{ type: 'GO' }] },
    { name: 'leader', role: 'leader', logic: leaderMachine, input: { self: 'leader', workers: ['w0', 'w1', 'w2'] }, environment: [] },
    ...['w0', 'w1', 'w2'].map((w) => ({ name: w, role: 'worker', logic: workerMachine, input: { self: w, client: 'client' }, environment: [] })),
  ],
  properties: [],
  describeMessage: (m) => m.type,
};

type ClientCtx = { asked: boolean; acks: number; replied: boolean };
const client = (locals: readonly unknown[]) => locals[0] as ClientCtx;
const toyMilestones: Milestone[] = [
  { name: 'asked', reached: (v) => client(v.locals).asked },
  { name: 'every worker acked', reached: (v) => client(v.locals).acks === 3 },
  { name: 'replied', reached: (v) => client(v.locals).replied },
];

function toyScenario(over: Partial<CostScenario> = {}): CostScenario {
  return {
    system: toySystem,
    hosts: ['c', 'h0', 'h0', 'h1', 'h2'],
    leaderHost: 'h0',
    workload: [{ node: 0, event: { type: 'GO' } }],
    milestones: toyMilestones,
    ...over,
  };
}

describe('measureCost on a toy protocol', () => {
  // The run, by hand (clock = the sender's clock + 1 over the network, + 0 locally):
  // time 0    client GO (clock 0): ping → leader                      network, carries 1
  //           milestone 'asked': reached by client's step, clock 0, round 0
  // round 1   leader ← ping (clock 1): work → w0 (local, carries 1), w1, w2 (network, carry 2)
  //           w0 ← work (local, same round, clock 1): done → leader (local, carries 1),
  //                                                   ack → client (network, carries 2)
  //           leader ← done from w0 (local, clock 1): dones 1
  // round 2   w1 ← work (clock 2): done → leader, ack → client   (network, carry 3)
  //           w2 ← work (clock 2): done → leader, ack → client   (network, carry 3)
  //           client ← ack from w0 (clock 2): acks 1
  // round 3   leader ← done w1 (clock 3): dones 2; client ← ack w1 (clock 3): acks 2
  //           leader ← done w2 (clock 3): dones 3 → reply → client (network, carries 4)
  //           client ← ack w2 (clock 3): acks 3 → 'every worker acked' at clock 3, round 3
  // round 4   client ← reply (clock 4) → 'replied' at clock 4, round 4
  // Network messages: ping 1 + work 2 + done 2 + ack 3 + reply 1 = 9.
  // Local (h0 to h0): work leader→w0, done w0→leader = 2, not counted.
  // Per role: client sent 1 (ping), received 4 (3 acks, reply);
  //   leader sent 3 (2 work, reply), received 3 (ping, 2 done);
  //   worker sent 5 (2 done from w1, w2; 3 acks), received 2 (work to w1, w2).
  // Leader host h0 (leader and w0): sent 3 + w0's ack = 4; received 3 (w0 receives only locally).
  // Leader share = (4 + 3) / (2 × 9) = 7/18.
  // Deliveries: 9 network + 2 local = 11.
  const m: CostMeasurement = measureCost(toyScenario());

  it('counts network messages, excluding local calls', () => {
    expect(m.messages).toBe(9);
    expect(m.localMessages).toBe(2);
    expect(m.deliveries).toBe(11);
    expect(m.rounds).toBe(4);
    expect(m.types).toEqual([
      { type: 'toy.ping', network: 1, local: 0 },
      { type: 'toy.work', network: 2, local: 1 },
      { type: 'toy.done', network: 2, local: 1 },
      { type: 'toy.ack', network: 3, local: 0 },
      { type: 'toy.reply', network: 1, local: 0 },
    ]);
  });

  it('counts per role and for the leader host', () => {
    expect(m.roles).toEqual([
      { role: 'client', sent: 1, received: 4 },
      { role: 'leader', sent: 3, received: 3 },
      { role: 'worker', sent: 5, received: 2 },
    ]);
    expect(m.leader).toEqual({ host: 'h0', sent: 4, received: 3, share: 7 / 18 });
  });

  it('measures the delays as the longest causal chain of network messages', () => {
    expect(m.delays).toEqual([
      { name: 'asked', delay: 0, node: 'client', round: 0 },
      { name: 'every worker acked', delay: 3, node: 'client', round: 3 },
      { name: 'replied', delay: 4, node: 'client', round: 4 },
    ]);
  });

  it('everything on one host: no network message, no delay', () => {
    // All 11 messages are local calls, delivered in round 0 with clock 0.
    const one = measureCost(toyScenario({ hosts: ['h0', 'h0', 'h0', 'h0', 'h0'] }));
    expect(one.messages).toBe(0);
    expect(one.localMessages).toBe(11);
    expect(one.rounds).toBe(0);
    expect(one.leader.share).toBe(0);
    expect(one.delays.map((d) => d.delay)).toEqual([0, 0, 0]);
  });

  it('costTable attaches no literature when the model has no formula', () => {
    const t = costTable('toy', { minN: 1, scenario: () => toyScenario(), formula: () => undefined }, null, [1, 2], 1);
    expect(t.rows.map((r) => [r.n, r.measured.messages, r.literature])).toEqual([
      [1, 9, undefined],
      [2, 9, undefined],
    ]);
    expect(() => costTable('toy', { minN: 3, scenario: () => toyScenario(), formula: () => undefined }, null, [2], 1)).toThrow(RangeError);
  });

  it('costTable compares the literature delay with the milestone named CLIENT_REPLY', () => {
    const formula = { text: '9', messages: () => 9, source: 'by hand', delays: { text: 'ping + work + done + reply = 4', clientReply: 5 } };
    // The toy milestones have no CLIENT_REPLY: a model error, not a silent omission.
    expect(() => costTable('toy', { minN: 1, scenario: () => toyScenario(), formula: () => formula }, null, [1], 1)).toThrow(ModelError);
    expect(() => costTable('toy', { minN: 1, scenario: () => toyScenario(), formula: () => formula }, null, [1], 1)).toThrow(
      /no such milestone/,
    );
    // Renamed, the 'replied' milestone (delay 4) is compared with 5.
    const milestones = toyMilestones.map((m) => (m.name === 'replied' ? { ...m, name: CLIENT_REPLY } : m));
    const t = costTable('toy', { minN: 1, scenario: () => toyScenario({ milestones }), formula: () => formula }, null, [1], 1);
    expect(t.formula).toEqual({ text: '9', source: 'by hand', delays: { text: 'ping + work + done + reply = 4', clientReply: 5 } });
    expect(t.rows[0]?.literature).toEqual({ formula: '9', value: 9, measured: 9, difference: 0 });
    expect(t.rows[0]?.literatureDelay).toEqual({ value: 5, measured: 4, difference: -1 });
  });
});

describe('measureCost: a run that is not a correct, complete one is a ModelError', () => {
  it('a milestone never reached', () => {
    const never: Milestone = { name: 'never', reached: () => false };
    expect(() => measureCost(toyScenario({ milestones: [...toyMilestones, never] }))).toThrow(ModelError);
    expect(() => measureCost(toyScenario({ milestones: [never] }))).toThrow(/milestone 'never' was never reached/);
  });

  it('a workload event that is not enabled', () => {
    // The client asks once: its second GO fails the guard.
    const twice = toyScenario({ workload: [{ node: 0, event: { type: 'GO' } }, { node: 0, event: { type: 'GO' } }] });
    expect(() => measureCost(twice)).toThrow(ModelError);
    expect(() => measureCost(twice)).toThrow(/GO is not enabled at node client/);
    expect(() => measureCost(toyScenario({ workload: [{ node: 1, event: { type: 'GO' } }] }))).toThrow(/GO is not enabled at node leader/);
  });

  it('a property violated at the end', () => {
    const system = { ...toySystem, properties: [always('never replied', 'the client is never answered', (v) => !client(v.locals).replied)] };
    expect(() => measureCost(toyScenario({ system }))).toThrow(/property never replied does not hold/);
  });

  it('a run that never quiesces', () => {
    const system: SystemSpec = {
      protocol: 'echo',
      nodes: [
        { name: 'e0', role: 'echo', logic: echoMachine, input: { self: 'e0', peer: 'e1' }, environment: [{ type: 'GO' }] },
        { name: 'e1', role: 'echo', logic: echoMachine, input: { self: 'e1', peer: 'e0' }, environment: [] },
      ],
      properties: [],
      describeMessage: (m) => m.type,
    };
    const scenario = { system, hosts: ['x', 'y'], leaderHost: 'x', workload: [{ node: 0, event: { type: 'GO' } }], milestones: [] };
    expect(() => measureCost(scenario)).toThrow(/did not quiesce within 10000 rounds/);
  });

  it('hosts that do not match the nodes', () => {
    expect(() => measureCost(toyScenario({ hosts: ['c', 'h0'] }))).toThrow(/2 hosts for 5 nodes/);
    expect(() => measureCost(toyScenario({ leaderHost: 'h9' }))).toThrow(/leader host h9 runs no node/);
  });
});

// ---------------------------------------------------------------------------
// Multi-Paxos (machines/multipaxos/cost.ts): n hosts, host hi runs pi, ai, ri;
// the clients node is on its own host; p0 leads ballot 0 from the start
// (phase 1 is skipped), its 2a goes to every acceptor (a0 is local); r0 alone
// replies. Quorum q = floor(n/2) + 1.

function mp(n: number, variant: 'leader' | 'all', batch = 1): CostMeasurement {
  return measureCost(multipaxosCost.scenario(n, variant, batch));
}

const figures = (m: CostMeasurement) => ({
  messages: m.messages,
  local: m.localMessages,
  roles: Object.fromEntries(m.roles.map((r) => [r.role, [r.sent, r.received]])),
  leader: [m.leader.sent, m.leader.received],
  delays: m.delays.map((d) => d.delay),
});

describe('Multi-Paxos, 2b to the leader', () => {
  // Per request (batch 1), over the network:
  //   1 request (clients→p0) + (n−1) 2a (p0→a1..) + (n−1) 2b (a1..→p0; every acceptor
  //   answers, including those past the quorum, whose 2b p0 then ignores)
  //   + (n−1) decide (p0→r1..) + 1 reply (r0→clients) = 3n−1.
  // Local on h0: 2a p0→a0, 2b a0→p0, decide p0→r0 = 3.
  // Per role: clients 1/1; proposer sent 2(n−1) (2a, decide), received 1 + (n−1);
  //   acceptor (n−1)/(n−1); replica sent 1 (r0's reply), received n−1 decides.
  // Leader host h0: sent 2(n−1) + 1 (reply), received 1 + (n−1): every network
  //   message starts or ends on h0, so the share is exactly 1/2.
  // Delays: request (1), 2a (2), 2b (3): p0 has a0's local 2b from round 1 and
  //   the q−1 remote ones in round 3, decides at clock 3; r0's decide is local,
  //   its reply arrives at 4. r1.. get the decide at 4. So 4 and 4.
  it('n = 3: 8 messages = 2n+2 (the decide to r1, r2 offsets the local 2a and 2b)', () => {
    const m = mp(3, 'leader');
    expect(figures(m)).toEqual({
      messages: 8,
      local: 3,
      roles: { clients: [1, 1], proposer: [4, 3], acceptor: [2, 2], replica: [1, 2] },
      leader: [5, 3],
      delays: [4, 4],
    });
    expect(m.leader.share).toBe(0.5);
    expect(m.types).toEqual([
      { type: 'mp.request', network: 1, local: 0 },
      { type: 'mp.accept', network: 2, local: 1 },
      { type: 'mp.accepted', network: 2, local: 1 },
      { type: 'mp.decide', network: 2, local: 1 },
      { type: 'mp.reply', network: 1, local: 0 },
    ]);
  });

  it('n = 5: 14 messages', () => {
    const m = mp(5, 'leader');
    expect(figures(m)).toEqual({
      messages: 14,
      local: 3,
      roles: { clients: [1, 1], proposer: [8, 5], acceptor: [4, 4], replica: [1, 4] },
      leader: [9, 5],
      delays: [4, 4],
    });
    expect(m.leader.share).toBe(0.5);
  });

  // Batch 2 (two clients, one slot holding both requests): 2 requests, 2 replies;
  // 2a, 2b and decide as for one request: 2 + 3(n−1) + 2 = 10 for n = 3.
  // p0 proposes once the second request arrives (round 1, clock 1): same delays.
  it('n = 3, batch 2: 10 messages', () => {
    const m = mp(3, 'leader', 2);
    expect(figures(m)).toEqual({
      messages: 10,
      local: 3,
      roles: { clients: [2, 2], proposer: [4, 4], acceptor: [2, 2], replica: [2, 2] },
      leader: [6, 4],
      delays: [4, 4],
    });
    expect(m.leader.share).toBe(0.5);
  });
});

describe('Multi-Paxos, 2b to all', () => {
  // Per request (batch 1), over the network:
  //   1 request + (n−1) 2a + n(n−1) 2b (each acceptor ai to every replica but ri,
  //   which is local) + 1 reply = n² + 1. Local: 2a p0→a0, and 2b ai→ri for
  //   every i: n + 1. No decide.
  // Per role: clients 1/1; proposer (n−1)/1; acceptor n(n−1)/(n−1);
  //   replica 1/n(n−1).
  // Leader host h0: sent (n−1) 2a + (n−1) 2b from a0 + 1 reply = 2n−1;
  //   received 1 request + (n−1) 2b to r0 = n.
  //   Share = (3n−1) / (2(n²+1)): n = 3: 8/20; n = 5: 14/52.
  // Delays: a0 takes the local 2a in round 1 (clock 1), so its 2b reaches
  //   r1.. at clock 2; a1.. take the 2a at 2 and their 2b reach other replicas
  //   at 3, but ri has its own ai's 2b locally at 2. So r1.. hold 2 votes at
  //   clock 2 and the rest at 3 (n = 3, q = 2: r1, r2 decide at 2; n = 5,
  //   q = 3: at 3). r0 holds a0's local 2b at 1 and needs q−1 remote ones,
  //   which arrive at 3. Every replica has it at 3 (the last is r0); r0's
  //   reply reaches the clients at 4.
  it('n = 3: 10 messages', () => {
    const m = mp(3, 'all');
    expect(figures(m)).toEqual({
      messages: 10,
      local: 4,
      roles: { clients: [1, 1], proposer: [2, 1], acceptor: [6, 2], replica: [1, 6] },
      leader: [5, 3],
      delays: [4, 3],
    });
    expect(m.leader.share).toBe(8 / 20);
    expect(m.delays[1]).toEqual({ name: 'every replica executed it', delay: 3, node: 'r0', round: 3 });
    expect(m.types).toEqual([
      { type: 'mp.request', network: 1, local: 0 },
      { type: 'mp.accept', network: 2, local: 1 },
      { type: 'mp.accepted', network: 6, local: 3 },
      { type: 'mp.reply', network: 1, local: 0 },
    ]);
  });

  it('n = 5: 26 messages', () => {
    const m = mp(5, 'all');
    expect(figures(m)).toEqual({
      messages: 26,
      local: 6,
      roles: { clients: [1, 1], proposer: [4, 1], acceptor: [20, 4], replica: [1, 20] },
      leader: [9, 5],
      delays: [4, 3],
    });
    expect(m.leader.share).toBe(14 / 52);
  });

  // Batch 2: 2 requests + 2 replies, the rest as for one request: 2 + 2 + 6 + 2 = 12.
  // Leader host: sent 2 + 2 + 2 replies = 6, received 2 requests + 2 = 4: 10/24.
  it('n = 3, batch 2: 12 messages', () => {
    const m = mp(3, 'all', 2);
    expect(figures(m)).toEqual({
      messages: 12,
      local: 4,
      roles: { clients: [2, 2], proposer: [2, 2], acceptor: [6, 2], replica: [2, 6] },
      leader: [6, 4],
      delays: [4, 3],
    });
    expect(m.leader.share).toBe(10 / 24);
  });
});

describe('costTable on Multi-Paxos', () => {
  it('attaches the literature and the difference', () => {
    const leader = costTable('multipaxos', multipaxosCost, 'leader', [3, 5], 1);
    expect(leader.formula?.text).toBe('2n+2');
    expect(leader.rows.map((r) => r.literature)).toEqual([
      { formula: '2n+2', value: 8, measured: 8, difference: 0 },
      { formula: '2n+2', value: 12, measured: 14, difference: 2 },
    ]);
    const all = costTable('multipaxos', multipaxosCost, 'all', [3, 5], 1);
    expect(all.rows.map((r) => r.literature?.difference)).toEqual([10 - 14, 26 - 32]);
  });

  it('attaches the literature delay: 4 in both variants, as measured', () => {
    // 2b to the leader: request + 2a + 2b + reply (the decide to r0 is local).
    // 2b to all: request + 2a + 2b + reply (r0 counts the 2b itself).
    for (const variant of ['leader', 'all']) {
      const t = costTable('multipaxos', multipaxosCost, variant, [3, 5], 1);
      expect(t.formula?.delays?.clientReply).toBe(4);
      expect(t.formula?.delays?.text).toMatch(/request \+ 2a \+ 2b \+ reply = 4/);
      expect(t.rows.map((r) => r.literatureDelay)).toEqual([
        { value: 4, measured: 4, difference: 0 },
        { value: 4, measured: 4, difference: 0 },
      ]);
    }
  });

  it('with a batch, compares the messages per request', () => {
    // n = 3, batch 2: 10 messages (2b to the leader), 5 per request; 2n+2 = 8.
    const t = costTable('multipaxos', multipaxosCost, 'leader', [3], 2);
    expect(t.batch).toBe(2);
    expect(t.rows[0]?.measured.messages).toBe(10);
    expect(t.rows[0]?.literature).toEqual({ formula: '2n+2', value: 8, measured: 5, difference: -3 });
  });
});

// ---------------------------------------------------------------------------
// S-Paxos (machines/spaxos/cost.ts): n hosts, host hi runs ri, ai, pi; the
// clients node is on its own host; p0 leads ballot 0 from the start; client c
// sends its request to its coordinator r((c+1) mod n) alone, which forwards it
// to every other replica; every replica that holds the request (coordinator
// included) acks its id to every other replica (spaxos/replica.machine.ts:
// `hold`); at f+1 holders, its own hold included, the id is stable at a
// replica, which hands it to its own proposer (local); only p0 proposes (the
// others record the id and stay idle). The ordering layer is Multi-Paxos's:
// 2a from p0 to every acceptor (a0 local), 2b to p0 (leader) or to every
// replica (all). The coordinator alone replies. f = floor((n−1)/2); quorum
// q = floor(n/2) + 1.

function sp(n: number, variant: 'leader' | 'all', batch = 1): CostMeasurement {
  return measureCost(spaxosCost.scenario(n, variant, batch));
}

describe('S-Paxos, 2b to the leader', () => {
  // Per request (batch 1), over the network:
  //   1 request (clients→r1) + (n−1) forwards (r1→others) + n(n−1) acks (each of
  //   the n holders to the n−1 others) + (n−1) 2a (p0→a1..) + (n−1) 2b (a1..→p0,
  //   every acceptor answers; those past the quorum are ignored)
  //   + (n−1) decides (p0→r1..) + 1 reply (r1→clients) = n²+3n−2.
  // Local: n hand-overs ri→pi (every replica sees the id become stable once) +
  //   2a p0→a0 + 2b a0→p0 + decide p0→r0 = n+3.
  // Per role: clients 1/1; proposer sent 2(n−1) (2a, decide), received n−1 (2b;
  //   the ids reach the proposers locally); acceptor (n−1)/(n−1); replica sent
  //   (n−1) + n(n−1) + 1 = n², received 1 + (n−1) + n(n−1) + (n−1) = n²+n−1.
  // Leader host h0 (r0 is not the coordinator): sent (n−1) acks + (n−1) 2a +
  //   (n−1) decides = 3(n−1); received 1 forward + (n−1) acks + (n−1) 2b = 2n−1.
  //   Share = (5n−4) / (2(n²+3n−2)): n = 3: 11/32; n = 5: 21/76.
  // Delays: the request reaches r1 at 1; its forwards and acks reach the others
  //   at 2; their acks reach everyone at 3. At r0, f+1 holders are r0 itself
  //   (the forward, 2), r1 (its ack, 2), then f−1 more acks at 3. So the id is
  //   stable at p0 at 2 for n = 3 (f = 1), at 3 for n = 5 (f = 2). Then 2a (+1),
  //   2b (+2), decide (+3): r0 (local decide) executes at +2, r1.. at +3; r1's
  //   reply reaches the clients at +4.
  //   n = 3: client 6 (request, forward, 2a, 2b, decide, reply), every replica 5.
  //   n = 5: client 7 (request, forward, ack, 2a, 2b, decide, reply), every replica 6.
  it('n = 3: 16 messages = n²+3n−2', () => {
    const m = sp(3, 'leader');
    expect(figures(m)).toEqual({
      messages: 16,
      local: 6,
      roles: { clients: [1, 1], proposer: [4, 2], acceptor: [2, 2], replica: [9, 11] },
      leader: [6, 5],
      delays: [6, 5],
    });
    expect(m.leader.share).toBe(11 / 32);
    expect(m.delays).toEqual([
      { name: CLIENT_REPLY, delay: 6, node: 'clients', round: 6 },
      { name: 'every replica executed it', delay: 5, node: 'r2', round: 5 },
    ]);
    expect(m.types).toEqual([
      { type: 'mp.request', network: 1, local: 3 },
      { type: 'sp.forward', network: 2, local: 0 },
      { type: 'sp.ack', network: 6, local: 0 },
      { type: 'mp.accept', network: 2, local: 1 },
      { type: 'mp.accepted', network: 2, local: 1 },
      { type: 'mp.decide', network: 2, local: 1 },
      { type: 'mp.reply', network: 1, local: 0 },
    ]);
  });

  it('n = 5: 38 messages = n²+3n−2', () => {
    const m = sp(5, 'leader');
    expect(figures(m)).toEqual({
      messages: 38,
      local: 8,
      roles: { clients: [1, 1], proposer: [8, 4], acceptor: [4, 4], replica: [25, 29] },
      leader: [12, 9],
      delays: [7, 6],
    });
    expect(m.leader.share).toBe(21 / 76);
    expect(m.types).toEqual([
      { type: 'mp.request', network: 1, local: 5 },
      { type: 'sp.forward', network: 4, local: 0 },
      { type: 'sp.ack', network: 20, local: 0 },
      { type: 'mp.accept', network: 4, local: 1 },
      { type: 'mp.accepted', network: 4, local: 1 },
      { type: 'mp.decide', network: 4, local: 1 },
      { type: 'mp.reply', network: 1, local: 0 },
    ]);
  });
});

describe('S-Paxos, 2b to all', () => {
  // Per request (batch 1), over the network:
  //   1 request + (n−1) forwards + n(n−1) acks + (n−1) 2a + n(n−1) 2b (each ai
  //   to every replica but ri, which is local) + 1 reply = 2n². No decide.
  // Local: n hand-overs + 2a p0→a0 + n 2b ai→ri = 2n+1.
  // Per role: clients 1/1; proposer (n−1)/0; acceptor n(n−1)/(n−1); replica
  //   sent n² (as with 2b to the leader), received 1 + (n−1) + 2n(n−1) = 2n²−n.
  // Leader host h0: sent (n−1) acks + (n−1) 2a + (n−1) 2b from a0 = 3(n−1);
  //   received 1 forward + (n−1) acks + (n−1) 2b to r0 = 2n−1.
  //   Share = (5n−4) / (2 · 2n²): n = 3: 11/36; n = 5: 21/100.
  // Delays: the id is stable at p0 at 2 (n = 3) or 3 (n = 5), as above; call it
  //   t. a0 takes the 2a locally at t, a1.. at t+1. A replica ri (i ≥ 1) has
  //   a0's 2b at t+1 and its own ai's, locally, at t+1; the others' at t+2.
  //   n = 3, q = 2: r1 (the coordinator) decides at t+1 = 3 and its reply
  //   reaches the clients at 4 (request, forward, a0's 2b, reply: the 2a to a0
  //   and the 2b a1→r1 are local); r0 has a0's 2b at 2 but needs a remote one,
  //   at t+2 = 4: every replica at 4 (r0 last).
  //   n = 5, q = 3: r1 decides at t+2 = 5, reply at 6 (request, forward, ack,
  //   2a, 2b, reply); r0 and the others at 5 too: every replica at 5.
  it('n = 3: 18 messages = 2n²', () => {
    const m = sp(3, 'all');
    expect(figures(m)).toEqual({
      messages: 18,
      local: 7,
      roles: { clients: [1, 1], proposer: [2, 0], acceptor: [6, 2], replica: [9, 15] },
      leader: [6, 5],
      delays: [4, 4],
    });
    expect(m.leader.share).toBe(11 / 36);
    expect(m.delays[1]).toEqual({ name: 'every replica executed it', delay: 4, node: 'r0', round: 4 });
    expect(m.types).toEqual([
      { type: 'mp.request', network: 1, local: 3 },
      { type: 'sp.forward', network: 2, local: 0 },
      { type: 'sp.ack', network: 6, local: 0 },
      { type: 'mp.accept', network: 2, local: 1 },
      { type: 'mp.accepted', network: 6, local: 3 },
      { type: 'mp.reply', network: 1, local: 0 },
    ]);
  });

  it('n = 5: 50 messages = 2n²', () => {
    const m = sp(5, 'all');
    expect(figures(m)).toEqual({
      messages: 50,
      local: 11,
      roles: { clients: [1, 1], proposer: [4, 0], acceptor: [20, 4], replica: [25, 45] },
      leader: [12, 9],
      delays: [6, 5],
    });
    expect(m.leader.share).toBe(21 / 100);
    expect(m.types).toEqual([
      { type: 'mp.request', network: 1, local: 5 },
      { type: 'sp.forward', network: 4, local: 0 },
      { type: 'sp.ack', network: 20, local: 0 },
      { type: 'mp.accept', network: 4, local: 1 },
      { type: 'mp.accepted', network: 20, local: 5 },
      { type: 'mp.reply', network: 1, local: 0 },
    ]);
  });
});

describe('S-Paxos with a batch, n = 3', () => {
  // With k clients, client c's coordinator is r((c+1) mod 3): r1, r2, r0, r1, …
  // Dissemination costs 1 request + 2 forwards + 6 acks + 1 reply = 10 network
  // messages per request whoever coordinates; the ordering is one slot for the
  // batch: 2a + 2b + decide = 6 (2b to the leader) or 2a + 2b = 8 (2b to all).
  // Total: 10k + 6, or 10k + 8.
  // The leader host's part of one request's dissemination:
  //   coordinator r1 or r2: sent 2 (r0's acks), received 3 (forward, 2 acks);
  //   coordinator r0:       sent 5 (2 forwards, 2 acks, the reply), received
  //                         3 (the request, 2 acks).
  // Of the ordering: sent 4, received 2 (2a and decide or a0's 2b out; 2b in).

  // k = 2 (coordinators r1, r2), 2b to the leader: 26 messages = 2 requests
  //   + 4 forwards + 12 acks + 2 2a + 2 2b + 2 decides + 2 replies.
  //   Local: 3 replicas × 2 hand-overs + 3 = 9.
  //   Per role: proposer 4/2, acceptor 2/2, replica sent 4 + 12 + 2 = 18,
  //   received 2 + 4 + 12 + 2 = 20.
  //   Leader host: sent 2 + 2 + 4 = 8, received 3 + 3 + 2 = 8: share 16/52.
  //   Delays as for one request: both ids are stable at r0 at 2 (each has its
  //   forward and its coordinator's ack at 2), so p0 proposes the batch at 2.
  it('k = 2, 2b to the leader: 26 messages', () => {
    const m = sp(3, 'leader', 2);
    expect(figures(m)).toEqual({
      messages: 26,
      local: 9,
      roles: { clients: [2, 2], proposer: [4, 2], acceptor: [2, 2], replica: [18, 20] },
      leader: [8, 8],
      delays: [6, 5],
    });
    expect(m.leader.share).toBe(16 / 52);
  });

  // k = 2, 2b to all: 28 messages = 2 + 4 + 12 + 2 2a + 6 2b + 2 replies.
  //   Local: 6 hand-overs + 2a p0→a0 + 3 2b ai→ri = 10.
  //   Per role: proposer 2/0, acceptor 6/2, replica 18/(2 + 4 + 12 + 6 = 24).
  //   Leader host: sent 2 + 2 + 4 = 8, received 3 + 3 + 2 = 8: share 16/56.
  //   Delays as for one request: c0's reply from r1 at 4, c1's from r2 at 4
  //   (r2 too has a0's 2b at 3 and its own a2's locally).
  it('k = 2, 2b to all: 28 messages', () => {
    const m = sp(3, 'all', 2);
    expect(figures(m)).toEqual({
      messages: 28,
      local: 10,
      roles: { clients: [2, 2], proposer: [2, 0], acceptor: [6, 2], replica: [18, 24] },
      leader: [8, 8],
      delays: [4, 4],
    });
    expect(m.leader.share).toBe(16 / 56);
  });

  // k = 4 (coordinators r1, r2, r0, r1): 46 messages (2b to the leader).
  //   Leader host: sent 2 + 2 + 5 + 2 + 4 = 15, received 3 · 4 + 2 = 14: 29/92.
  // So the share is not monotone in k: 11/32 (34.4%) at k = 1, 16/52 (30.8%) at
  // k = 2, 29/92 (31.5%) at k = 4. The batch spreads the ordering over more
  // requests (at k = 1 the ordering alone is 6 of 16 messages, all handled by
  // h0), but from k = 3 on some clients have r0 as coordinator, whose request,
  // forwards and reply are all h0's: per request, dissemination alone puts
  // 5 (r1, r2) or 8 (r0) of its 20 handlings on h0, 6 on average.
  // With every coordinator equally loaded (k = 3m: m clients each), the share
  // strictly decreases as k grows: (18m + 6) / (60m + 12) = 1/3, 7/22, 5/16 for
  // m = 1, 2, 3, towards 18/60 = 30%.
  it("the leader's share falls with the batch, except where r0 starts coordinating", () => {
    const share = (k: number) => sp(3, 'leader', k).leader.share;
    expect(sp(3, 'leader', 4).messages).toBe(46);
    expect([1, 2, 4].map(share)).toEqual([11 / 32, 16 / 52, 29 / 92]);
    expect(share(2)).toBeLessThan(share(1));
    expect(share(4)).toBeLessThan(share(1));
    expect(share(4)).toBeGreaterThan(share(2));
    const even = [3, 6, 9].map(share);
    expect(even).toEqual([1 / 3, 7 / 22, 5 / 16]);
    expect(even[1]).toBeLessThan(even[0] as number);
    expect(even[2]).toBeLessThan(even[1] as number);
  });

  // k = 4 with 2b to all: 48 = 10 · 4 + 8. Leader host: sent 11 + 4 = 15,
  // received 12 + 2 = 14: 29/96. Same pattern: 11/36, 16/56, 29/96.
  it("2b to all: the same pattern of the leader's share", () => {
    const ms = [1, 2, 4].map((k) => sp(3, 'all', k));
    expect(ms.map((m) => m.messages)).toEqual([18, 28, 48]);
    expect(ms.map((m) => m.leader.share)).toEqual([11 / 36, 16 / 56, 29 / 96]);
  });

  // With c2 coordinated by r0, its id is stable at r0 only once another holder
  // acks it, after r0's forward: at 3. The batch is proposed at 3, and with 2b
  // to the leader c2's reply (from r0, whose decide is local) reaches the
  // clients at 3 + 2a + 2b + reply = 6, c0's and c3's (from r1) at 7; with
  // 2b to all, r0 needs a remote 2b (at 5) and replies at 6.
  it('k = 4: a request coordinated by r0 delays the batch', () => {
    expect(sp(3, 'leader', 4).delays.map((d) => d.delay)).toEqual([7, 6]);
    expect(sp(3, 'all', 4).delays.map((d) => d.delay)).toEqual([6, 5]);
  });
});

describe('costTable on S-Paxos', () => {
  it("attaches the literature's counts and delays", () => {
    const leader = costTable('spaxos', spaxosCost, 'leader', [3, 5], 1);
    expect(leader.formula?.text).toBe('n²+4n+2');
    expect(leader.rows.map((r) => r.literature)).toEqual([
      { formula: 'n²+4n+2', value: 23, measured: 16, difference: -7 },
      { formula: 'n²+4n+2', value: 47, measured: 38, difference: -9 },
    ]);
    // request + forward + ack + 2a + 2b + commit + reply = 7; at n = 3 the
    // forward alone makes the id stable at the leader (f+1 = 2): 6.
    expect(leader.formula?.delays?.clientReply).toBe(7);
    expect(leader.rows.map((r) => r.literatureDelay)).toEqual([
      { value: 7, measured: 6, difference: -1 },
      { value: 7, measured: 7, difference: 0 },
    ]);
    const all = costTable('spaxos', spaxosCost, 'all', [3, 5], 1);
    expect(all.rows.map((r) => r.literature?.difference)).toEqual([18 - 26, 50 - 62]);
    // request + forward + ack + 2a + 2b + reply = 6; 4 at n = 3 (see above).
    expect(all.formula?.delays?.clientReply).toBe(6);
    expect(all.rows.map((r) => r.literatureDelay)).toEqual([
      { value: 6, measured: 4, difference: -2 },
      { value: 6, measured: 6, difference: 0 },
    ]);
  });

  it('with a batch, compares the messages per request and the delay of the whole batch', () => {
    // n = 3, batch 2, 2b to the leader: 26 messages, 13 per request; n²+4n+2 = 23.
    const t = costTable('spaxos', spaxosCost, 'leader', [3], 2);
    expect(t.rows[0]?.literature).toEqual({ formula: 'n²+4n+2', value: 23, measured: 13, difference: -10 });
    expect(t.rows[0]?.literatureDelay).toEqual({ value: 7, measured: 6, difference: -1 });
  });
});

describe('Raft and VR, the leader (primary) in its term (view), no election', () => {
  // Per request, over the network: 1 request (clients→s0) + (n−1) AppendEntries
  //   (s0→others) + (n−1) responses + 1 reply (s0→clients) = 2n, the literature's count.
  // No local messages: a server is alone on its host.
  // Leader host h0: sent (n−1) + 1, received 1 + (n−1): share exactly 1/2.
  // Delays: request (1), AppendEntries (2), responses (3): s0 commits and applies
  //   at 3 and answers; the reply arrives at 4. Only s0 knows the commit.
  // VR the same, with Prepare and PrepareOK (every backup answers, past the f the primary needs too).
  for (const [protocol, model, role, n, messages] of [
    ['raft', raftCost, 'server', 3, 6],
    ['raft', raftCost, 'server', 5, 10],
    ['vr', vrCost, 'replica', 3, 6],
    ['vr', vrCost, 'replica', 5, 10],
  ] as const) {
    it(`${protocol}, n = ${n}: ${messages} messages = 2n, 4 delays to the client, the leader knows at 3`, () => {
      const m = measureCost(model.scenario(n, 'none', 1));
      expect(figures(m)).toEqual({
        messages,
        local: 0,
        roles: { clients: [1, 1], [role]: [n + n - 1, n + n - 1] },
        leader: [n, n],
        delays: [4, 3],
      });
      expect(m.leader.share).toBe(0.5);
      const row = costTable(protocol, model, null, [n], 1).rows[0];
      expect(row?.literature?.difference).toBe(0);
      expect(row?.literatureDelay?.difference).toBe(0);
    });
  }
});

describe('the synod, leaderless: p0 runs both phases', () => {
  // n = 3, host hi runs pi and ai, the learner l0 runs on h0:
  //   Prepare p0→a1,a2 (2) + Promise back (2) + Accept p0→a1,a2 (2) + Accepted a1,a2→l0 (2) = 8 = 4(n−1);
  //   p0→a0, a0→p0 (twice) and a0→l0 are local: 4, so with them 4n = 12, the literature's count.
  // Delays: Prepare (1), Promise (2), Accept (3), Accepted (4): two round trips.
  it('n = 3: 8 network messages + 4 local = 4n, decided after 4 delays', () => {
    const m = measureCost(synodCost.scenario(3, 'none', 1));
    expect(figures(m)).toEqual({
      messages: 8,
      local: 4,
      roles: { proposer: [4, 2], acceptor: [4, 4], learner: [0, 2] },
      leader: [4, 4],
      delays: [4],
    });
    expect(costTable('synod', synodCost, null, [3], 1).rows[0]?.literature).toMatchObject({ value: 12, measured: 8, difference: -4 });
  });
});
