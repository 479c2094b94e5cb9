/**
 * Small formatting helpers shared by the renderers: compact values, numbers
 * with thousands separators, byte sizes. No protocol knowledge.
 */

/** Compact, readable form of a context value: `[{acceptor: a0, votedBallot: 0}]`. */
export function compact(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(compact).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${k}: ${compact(v)}`).join(', ')}}`;
}

/** Context fields to print: every field but `cfg`, the constant configuration by convention. */
export function shownFields(context: unknown): [string, unknown][] {
  if (context === null || typeof context !== 'object') return [['context', context]];
  return Object.entries(context as Record<string, unknown>).filter(([k]) => k !== 'cfg');
}

/** A state value as text: `preparing`, or `a.b` for nested states. */
export function stateValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}.${stateValue(v)}`)
      .join(',');
  }
  return String(value);
}

export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function bytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(0)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)} kB`;
  return `${n} B`;
}

/** A rate such as `1.23M` or `45.6k`. */
export function rate(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(0);
}
