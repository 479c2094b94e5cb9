/**
 * `agora cost` output: per protocol variant, a table with one row per n
 * (network messages, the literature's closed form and the difference, the
 * leader host's messages and share, the delay of each milestone, with the
 * literature's delay until the client has its reply and the difference), the
 * messages per role and per type, and the local messages not counted; then
 * the leader's share of all messages handled, compared across protocols.
 * Also the same data as JSON. No protocol knowledge.
 */
import { CLIENT_REPLY } from '../../spec/core/cost.js';
import type { CostMeasurement, CostRow, CostTable } from '../cost.js';

/** The one line that says what is not counted. */
export const NOT_COUNTED =
  'Messages between roles on one host (self-addressed, e.g. a leader to its own acceptor) are not counted: they are local calls and add no message delay; the "local" figures show them.';

/** Left-aligned text columns with right-aligned numbers, two spaces apart, indented. */
function columns(header: readonly string[], rows: readonly (readonly string[])[], numeric: readonly boolean[], indent = '  '): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    indent +
    cells
      .map((c, i) => {
        const w = widths[i] ?? 0;
        return numeric[i] === true ? c.padStart(w) : i === cells.length - 1 ? c : c.padEnd(w);
      })
      .join('  ');
  return [line(header), ...rows.map(line)].map((l) => l.trimEnd());
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** A count, with at most one decimal (per-request figures of a batch). */
function num(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

function signed(d: number): string {
  return d > 0 ? `+${num(d)}` : num(d);
}

function literature(row: CostRow): [string, string] {
  const l = row.literature;
  return l === undefined ? ['—', '—'] : [`${l.formula} = ${l.value}`, signed(l.difference)];
}

function literatureDelay(row: CostRow): [string, string] {
  const l = row.literatureDelay;
  return l === undefined ? ['—', '—'] : [String(l.value), signed(l.difference)];
}

/** One variant of one protocol: the main table, per role, per type, and what is not counted. */
export function renderCostTable(table: CostTable, header: string): string {
  const lines: string[] = [header];
  if (table.formula !== undefined) {
    const per = table.batch > 1 ? `; per request, compared with the measured messages / ${table.batch}` : '';
    lines.push(`  literature: ${table.formula.text} (${table.formula.source})${per}`);
    if (table.formula.delays !== undefined) lines.push(`  literature delay until the ${CLIENT_REPLY}: ${table.formula.delays.text}`);
  }
  lines.push('');
  const milestones = table.rows[0]?.measured.delays.map((d) => d.name) ?? [];
  // With a batch, the closed form (one request) is compared with the messages per request.
  const batched = table.batch > 1;
  // The literature's client delay and the difference go right after the measured one.
  const delayed = table.formula?.delays !== undefined && milestones.includes(CLIENT_REPLY);
  const beside = (name: string) => (delayed && name === CLIENT_REPLY ? 2 : 0);
  lines.push(
    ...columns(
      [
        'n',
        'messages',
        ...(batched ? ['per request'] : []),
        'literature',
        'difference',
        'leader sent/recv',
        'leader share',
        ...milestones.flatMap((m) => [`delay: ${m}`, ...(beside(m) > 0 ? ['literature', 'difference'] : [])]),
      ],
      table.rows.map((r) => {
        const m = r.measured;
        return [
          String(r.n),
          String(m.messages),
          ...(batched ? [num(m.messages / table.batch)] : []),
          ...literature(r),
          `${m.leader.sent}/${m.leader.received}`,
          percent(m.leader.share),
          ...m.delays.flatMap((d) => [String(d.delay), ...(beside(d.name) > 0 ? literatureDelay(r) : [])]),
        ];
      }),
      [true, true, ...(batched ? [true] : []), false, true, true, true, ...milestones.flatMap((m) => [true, ...(beside(m) > 0 ? [true, true] : [])])],
    ),
  );
  lines.push('');
  lines.push('  network messages sent/received per role, and local messages (not counted):');
  const roles = table.rows[0]?.measured.roles.map((r) => r.role) ?? [];
  lines.push(
    ...columns(
      ['n', ...roles, 'local'],
      table.rows.map((r) => [String(r.n), ...roles.map((role) => roleCell(r.measured, role)), String(r.measured.localMessages)]),
      [true, ...roles.map(() => true), true],
    ),
  );
  lines.push('');
  lines.push('  network messages per type (+ local, not counted):');
  const types = [...new Set(table.rows.flatMap((r) => r.measured.types.map((t) => t.type)))];
  lines.push(
    ...columns(
      ['n', ...types],
      table.rows.map((r) => [
        String(r.n),
        ...types.map((type) => {
          const t = r.measured.types.find((x) => x.type === type);
          return t === undefined ? '0' : t.local > 0 ? `${t.network} (+${t.local})` : String(t.network);
        }),
      ]),
      [true, ...types.map(() => true)],
    ),
  );
  lines.push('');
  lines.push(`  ${NOT_COUNTED}`);
  return lines.join('\n');
}

function roleCell(m: CostMeasurement, role: string): string {
  const r = m.roles.find((x) => x.role === role);
  return r === undefined ? '—' : `${r.sent}/${r.received}`;
}

/** The leader's share of all messages handled, per protocol variant (rows) and n (columns). */
export function renderLeaderShares(tables: readonly CostTable[], ns: readonly number[], batch: number, title: (s: string) => string = (s) => s): string {
  const lines = [title(`leader's share of all messages handled (${batch} request${batch === 1 ? '' : 's'} per batch)`), ''];
  lines.push(
    ...columns(
      ['protocol', 'variant', ...ns.map((n) => `n=${n}`)],
      tables.map((t) => [
        t.protocol,
        t.variant ?? '—',
        ...ns.map((n) => {
          const row = t.rows.find((r) => r.n === n);
          return row === undefined ? '—' : percent(row.measured.leader.share);
        }),
      ]),
      [false, false, ...ns.map(() => true)],
    ),
  );
  lines.push('');
  lines.push("  share = (messages the leader's host sends + receives) / (2 × all network messages); 50% means every message starts or ends at the leader.");
  return lines.join('\n');
}

/** The JSON form of `agora cost`: the tables of the protocol asked for, and the leader-share comparison. */
export function costToJson(protocol: string, batch: number, ns: readonly number[], tables: readonly CostTable[], comparison: readonly CostTable[]): unknown {
  return {
    protocol,
    batch,
    ns,
    notCounted: NOT_COUNTED,
    variants: tables.map((t) => ({
      variant: t.variant,
      ...(t.formula !== undefined ? { formula: t.formula } : {}),
      rows: t.rows.map((r) => ({
        n: r.n,
        ...r.measured,
        ...(r.literature !== undefined ? { literature: r.literature } : {}),
        ...(r.literatureDelay !== undefined ? { literatureDelay: r.literatureDelay } : {}),
      })),
    })),
    leaderShare: comparison.map((t) => ({
      protocol: t.protocol,
      variant: t.variant,
      shares: t.rows.map((r) => ({ n: r.n, share: r.measured.leader.share })),
    })),
  };
}
