/**
 * `agora cost`: the JSON figures (hand-counted in test/explorer/cost.test.ts),
 * the text a user reads, the help, and one clear line with exit 2 for each
 * kind of bad input. Runs `(await main())` in-process.
 */
import { describe, expect, it } from 'vitest';
import { main, type Io } from '../../explorer/cli.js';
import { runCli as run } from '../helpers/cli.js';

interface Row {
  n: number;
  messages: number;
  localMessages: number;
  roles: { role: string; sent: number; received: number }[];
  leader: { host: string; sent: number; received: number; share: number };
  delays: { name: string; delay: number }[];
  literature: { formula: string; value: number; measured: number; difference: number };
  literatureDelay: { value: number; measured: number; difference: number };
}
interface CostJson {
  protocol: string;
  batch: number;
  ns: number[];
  notCounted: string;
  variants: { variant: string; formula: { text: string; source: string; delays: { text: string; clientReply: number } }; rows: Row[] }[];
  leaderShare: { protocol: string; variant: string; shares: { n: number; share: number }[] }[];
}

describe('agora cost multipaxos', () => {
  it('--n 3 --json: every variant, with the hand-counted figures', async () => {
    const r = (await run('cost', 'multipaxos', '--n', '3', '--json'));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as CostJson;
    expect(j.protocol).toBe('multipaxos');
    expect(j.batch).toBe(1);
    expect(j.ns).toEqual([3]);
    expect(j.notCounted).toMatch(/not counted/);
    expect(j.variants.map((v) => v.variant)).toEqual(['leader', 'all']);
    const [leader, all] = j.variants.map((v) => v.rows[0] as Row);
    // 2b to the leader: request + 2 × 2a + 2 × 2b + 2 × decide + reply (3n−1).
    expect(leader?.messages).toBe(8);
    expect(leader?.localMessages).toBe(3);
    expect(leader?.literature).toEqual({ formula: '2n+2', value: 8, measured: 8, difference: 0 });
    expect(leader?.roles.map((x) => [x.role, x.sent, x.received])).toEqual([
      ['clients', 1, 1],
      ['proposer', 4, 3],
      ['acceptor', 2, 2],
      ['replica', 1, 2],
    ]);
    expect(leader?.leader).toEqual({ host: 'h0', sent: 5, received: 3, share: 0.5 });
    expect(leader?.delays.map((d) => d.delay)).toEqual([4, 4]);
    // The literature's delay until the client has its reply: request + 2a + 2b + reply.
    expect(j.variants[0]?.formula.delays).toEqual({ text: expect.stringMatching(/request \+ 2a \+ 2b \+ reply = 4/), clientReply: 4 });
    expect(leader?.literatureDelay).toEqual({ value: 4, measured: 4, difference: 0 });
    // 2b to all: request + 2 × 2a + 3 × 2 × 2b + reply (n²+1).
    expect(all?.messages).toBe(10);
    expect(all?.localMessages).toBe(4);
    expect(all?.literature).toEqual({ formula: 'n²+n+2', value: 14, measured: 10, difference: -4 });
    expect(all?.leader).toEqual({ host: 'h0', sent: 5, received: 3, share: 0.4 });
    expect(all?.delays.map((d) => d.delay)).toEqual([4, 3]);
    expect(j.variants[1]?.formula.delays.clientReply).toBe(4);
    expect(all?.literatureDelay).toEqual({ value: 4, measured: 4, difference: 0 });
    const shares = j.leaderShare.filter((s) => s.protocol === 'multipaxos');
    expect(shares).toEqual([
      { protocol: 'multipaxos', variant: 'leader', shares: [{ n: 3, share: 0.5 }] },
      { protocol: 'multipaxos', variant: 'all', shares: [{ n: 3, share: 0.4 }] },
    ]);
  });

  it('--variant and --batch select one variant and the batch size', async () => {
    const j = JSON.parse((await run('cost', 'multipaxos', '--n', '3,5', '--variant', 'leader', '--batch', '2', '--json')).out) as CostJson;
    expect(j.batch).toBe(2);
    expect(j.variants.map((v) => v.variant)).toEqual(['leader']);
    // 2 requests + 3(n−1) + 2 replies.
    expect(j.variants[0]?.rows.map((x) => x.messages)).toEqual([10, 16]);
    // The closed form counts one request: compared with 10 / 2 and 16 / 2.
    expect(j.variants[0]?.rows.map((x) => x.literature)).toEqual([
      { formula: '2n+2', value: 8, measured: 5, difference: -3 },
      { formula: '2n+2', value: 12, measured: 8, difference: -4 },
    ]);
    // The comparison still covers every variant.
    expect(j.leaderShare.filter((s) => s.protocol === 'multipaxos').map((s) => s.variant)).toEqual(['leader', 'all']);
  });

  it('text: the table, the literature, the per-role figures and what is not counted', async () => {
    const r = (await run('cost', 'multipaxos', '--n', '3,5'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/multipaxos · variant leader/);
    expect(r.out).toMatch(/multipaxos · variant all/);
    expect(r.out).toMatch(/literature delay until the client has its reply: request \+ 2a \+ 2b \+ reply = 4/);
    // The literature's client delay and the difference sit right after the measured one.
    expect(r.out).toMatch(
      /^\s+n\s+messages\s+literature\s+difference\s+leader sent\/recv\s+leader share\s+delay: client has its reply\s+literature\s+difference\s+delay: every replica executed it$/m,
    );
    expect(r.out).toMatch(/^\s+3\s+8\s+2n\+2 = 8\s+0\s+5\/3\s+50\.0%\s+4\s+4\s+0\s+4$/m);
    expect(r.out).toMatch(/^\s+5\s+14\s+2n\+2 = 12\s+\+2\s+9\/5\s+50\.0%\s+4\s+4\s+0\s+4$/m);
    expect(r.out).toMatch(/^\s+3\s+10\s+n²\+n\+2 = 14\s+-4\s+5\/3\s+40\.0%\s+4\s+4\s+0\s+3$/m);
    expect(r.out).toMatch(/^\s+n\s+clients\s+proposer\s+acceptor\s+replica\s+local$/m);
    expect(r.out).toMatch(/^\s+3\s+1\/1\s+4\/3\s+2\/2\s+1\/2\s+3$/m);
    expect(r.out).toContain('Messages between roles on one host (self-addressed');
    expect(r.out).toContain('are not counted');
    expect(r.out).toMatch(/leader's share of all messages handled/);
    expect(r.out).toMatch(/^\s+multipaxos\s+all\s+40\.0%\s+26\.9%$/m);
  });

  it('text is bold only where colour is allowed, so a generated page never carries escapes', async () => {
    const withColour = async (colour: boolean): Promise<string> => {
      const out: string[] = [];
      const io: Io = { out: (t) => out.push(t), err: (t) => out.push(t), errIsTty: false, colour };
      expect((await main(['cost', 'multipaxos', '--n', '3'], io))).toBe(0);
      return out.join('\n');
    };
    expect(await withColour(true)).toContain('\u001b[1m');
    expect(await withColour(false)).not.toContain('\u001b');
  });

  it('text with a batch: a per-request column beside the literature', async () => {
    const r = (await run('cost', 'multipaxos', '--n', '3', '--variant', 'leader', '--batch', '2'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/2 requests ordered as one batch/);
    expect(r.out).toMatch(/^\s+n\s+messages\s+per request\s+literature/m);
    expect(r.out).toMatch(/^\s+3\s+10\s+5\s+2n\+2 = 8\s+-3\s+6\/4\s+50\.0%\s+4\s+4\s+0\s+4$/m);
    expect(r.out).toMatch(/leader's share of all messages handled \(2 requests per batch\)/);
  });

  it('help describes the command', async () => {
    const top = (await run('--help'));
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/cost .*messages and message delays/);
    const help = (await run('cost', '--help'));
    expect(help.code).toBe(0);
    for (const word of ['--n <sizes>', '--variant <name>', '--batch <k>', '--json', 'not counted', 'synchronous']) expect(help.out).toContain(word);
  });
});

describe('agora cost spaxos', () => {
  it('--n 3,5 --json: the hand-counted figures and the literature beside them', async () => {
    const r = (await run('cost', 'spaxos', '--n', '3,5', '--json'));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as CostJson;
    expect(j.protocol).toBe('spaxos');
    expect(j.variants.map((v) => v.variant)).toEqual(['leader', 'all']);
    const [leader, all] = j.variants;
    // 2b to the leader: request + (n−1) forwards + n(n−1) acks + 3(n−1) + reply = n²+3n−2.
    expect(leader?.rows.map((x) => [x.messages, x.localMessages])).toEqual([
      [16, 6],
      [38, 8],
    ]);
    expect(leader?.rows.map((x) => x.literature.difference)).toEqual([16 - 23, 38 - 47]);
    expect(leader?.rows.map((x) => x.leader)).toEqual([
      { host: 'h0', sent: 6, received: 5, share: 11 / 32 },
      { host: 'h0', sent: 12, received: 9, share: 21 / 76 },
    ]);
    expect(leader?.rows.map((x) => x.delays.map((d) => d.delay))).toEqual([
      [6, 5],
      [7, 6],
    ]);
    // request + forward + ack + 2a + 2b + commit + reply = 7; 6 at n = 3 (f+1 = 2).
    expect(leader?.formula.delays.clientReply).toBe(7);
    expect(leader?.formula.delays.text).toMatch(/request \+ forward \+ ack .*\+ 2a \+ 2b \+ commit \+ reply = 7/);
    expect(leader?.rows.map((x) => x.literatureDelay)).toEqual([
      { value: 7, measured: 6, difference: -1 },
      { value: 7, measured: 7, difference: 0 },
    ]);
    // 2b to all: 2n²; delays 4 at n = 3, 6 at n = 5; the literature: 6.
    expect(all?.rows.map((x) => x.messages)).toEqual([18, 50]);
    expect(all?.formula.delays.clientReply).toBe(6);
    expect(all?.rows.map((x) => x.literatureDelay)).toEqual([
      { value: 6, measured: 4, difference: -2 },
      { value: 6, measured: 6, difference: 0 },
    ]);
    expect(j.leaderShare.map((s) => [s.protocol, s.variant])).toEqual([
      ['synod', null],
      ['multipaxos', 'leader'],
      ['multipaxos', 'all'],
      ['spaxos', 'leader'],
      ['spaxos', 'all'],
      ['pbft', null],
      ['raft', null],
      ['vr', null],
    ]);
  });

  it('text: the literature delay and the difference beside the measured client delay', async () => {
    const r = (await run('cost', 'spaxos', '--n', '3,5', '--variant', 'leader'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/literature delay until the client has its reply: request \+ forward \+ ack/);
    expect(r.out).toMatch(/^\s+3\s+16\s+n²\+4n\+2 = 23\s+-7\s+6\/5\s+34\.4%\s+6\s+7\s+-1\s+5$/m);
    expect(r.out).toMatch(/^\s+5\s+38\s+n²\+4n\+2 = 47\s+-9\s+12\/9\s+27\.6%\s+7\s+7\s+0\s+6$/m);
  });
});

describe('agora cost --batch 4: the comparison covers both protocols at that batch', () => {
  // S-Paxos, n = 3, 4 clients (coordinators r1, r2, r0, r1), 2b to the leader:
  // 10 per request + 6 for the ordering = 46; leader host 15/14 → 29/92.
  // Multi-Paxos, n = 3, 2b to the leader: 4 requests + 6 + 4 replies = 14; 50%.
  for (const protocol of ['multipaxos', 'spaxos']) {
    it(`${protocol} --n 3,5 --batch 4`, async () => {
      const r = (await run('cost', protocol, '--n', '3,5', '--batch', '4'));
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`${protocol} · variant leader · 4 requests ordered as one batch`));
      expect(r.out).toMatch(/leader's share of all messages handled \(4 requests per batch\)/);
      expect(r.out).toMatch(/^\s+protocol\s+variant\s+n=3\s+n=5$/m);
      expect(r.out).toMatch(/^\s+multipaxos\s+leader\s+50\.0%\s+50\.0%$/m);
      expect(r.out).toMatch(/^\s+multipaxos\s+all\s+\d+\.\d%\s+\d+\.\d%$/m);
      expect(r.out).toMatch(/^\s+spaxos\s+leader\s+31\.5%\s+\d+\.\d%$/m);
      expect(r.out).toMatch(/^\s+spaxos\s+all\s+\d+\.\d%\s+\d+\.\d%$/m);
      const j = JSON.parse((await run('cost', protocol, '--n', '3,5', '--batch', '4', '--json')).out) as CostJson;
      expect(j.batch).toBe(4);
      const sp = j.leaderShare.find((s) => s.protocol === 'spaxos' && s.variant === 'leader');
      expect(sp?.shares[0]).toEqual({ n: 3, share: 29 / 92 });
      const mp = j.leaderShare.find((s) => s.protocol === 'multipaxos' && s.variant === 'leader');
      expect(mp?.shares).toEqual([
        { n: 3, share: 0.5 },
        { n: 5, share: 0.5 },
      ]);
    });
  }

  it('the batch reaches the measured tables too', async () => {
    const j = JSON.parse((await run('cost', 'spaxos', '--n', '3', '--variant', 'leader', '--batch', '4', '--json')).out) as CostJson;
    expect(j.variants[0]?.rows[0]?.messages).toBe(46);
    expect(j.variants[0]?.rows[0]?.literature).toEqual({ formula: 'n²+4n+2', value: 23, measured: 11.5, difference: -11.5 });
    const m = JSON.parse((await run('cost', 'multipaxos', '--n', '3', '--variant', 'leader', '--batch', '4', '--json')).out) as CostJson;
    expect(m.variants[0]?.rows[0]?.messages).toBe(14);
  });
});

describe('agora cost: bad input is one clear line and exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['cost', 'multipaxos', '--n', '0'], /--n takes comma-separated whole numbers from 1 to 99 for multipaxos, got '0'/],
    [['cost', 'multipaxos', '--n', 'x'], /--n takes .* got 'x'/],
    [['cost', 'multipaxos', '--n', '3,x'], /--n takes .* got 'x'/],
    [['cost', 'multipaxos', '--n', '3,,5'], /--n takes .* got ''/],
    [['cost', 'multipaxos', '--n', '2.5'], /--n takes .* got '2.5'/],
    [['cost', 'multipaxos', '--n', '100'], /--n takes .* to 99 .* got '100'/],
    [['cost', 'multipaxos', '--n', ''], /--n needs at least one cluster size/],
    [['cost', 'multipaxos', '--batch', '0'], /expected a whole number from 1 to 64/],
    [['cost', 'multipaxos', '--batch', '65'], /expected a whole number from 1 to 64/],
    [['cost', 'multipaxos', '--variant', 'some'], /unknown variant 'some' for multipaxos; choose one of: leader, all/],
    [['cost', 'spaxos', '--variant', 'some'], /unknown variant 'some' for spaxos; choose one of: leader, all/],
    [['cost', 'zab'], /unknown protocol 'zab'; agora cost measures: .*multipaxos/],
    [['cost', 'synod', '--batch', '2'], /synod measures at most --batch 1/],
    [['cost'], /missing required argument 'protocol'/],
  ];
  for (const [argv, message] of cases) {
    it(argv.map((a) => (a === '' ? "''" : a)).join(' '), async () => {
      const r = (await run(...argv));
      if (r.code !== 2) throw new Error(`exit ${r.code}; out: ${r.out}; err: ${r.err}`);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).not.toMatch(/\bat .*\.(ts|js):\d+/);
    });
  }
});
