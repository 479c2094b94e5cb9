/**
 * A small SVG line chart: axes with ticks and labels, one polyline per
 * series, a legend. No dependency; the output is deterministic text.
 */

export interface Series {
  readonly name: string;
  readonly color: string;
  readonly dash?: string;
  readonly points: readonly (readonly [number, number])[];
}

export interface Chart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  /** Log base-2 x axis (client counts). */
  readonly logX?: boolean;
  readonly width?: number;
  readonly height?: number;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** "Nice" tick step for a range: 1, 2 or 5 times a power of ten. */
function niceStep(range: number, ticks: number): number {
  const raw = range / ticks;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

export function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e3) return `${+(v / 1e3).toPrecision(3)}k`;
  return `${+v.toPrecision(3)}`;
}

function fmt(x: number): string {
  return x.toFixed(1);
}

export function lineChart(c: Chart): string {
  const width = c.width ?? 640;
  const height = c.height ?? 400;
  const left = 70;
  const right = 170;
  const top = 40;
  const bottom = 55;
  const pw = width - left - right;
  const ph = height - top - bottom;
  const xs = c.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = c.series.flatMap((s) => s.points.map((p) => p[1]));
  const tx = (x: number): number => (c.logX === true ? Math.log2(x) : x);
  const x0 = Math.min(...xs.map(tx));
  const x1 = Math.max(...xs.map(tx));
  const yStep = niceStep(Math.max(...ys, 1e-12), 5);
  const y1 = Math.ceil(Math.max(...ys, 1e-12) / yStep) * yStep;
  const px = (x: number): number => left + (x1 === x0 ? pw / 2 : ((tx(x) - x0) / (x1 - x0)) * pw);
  const py = (y: number): number => top + ph - (y / y1) * ph;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  out.push(`<text x="${left + pw / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${esc(c.title)}</text>`);
  // Grid and y ticks.
  for (let y = 0; y <= y1 + yStep / 2; y += yStep) {
    out.push(`<line x1="${left}" x2="${left + pw}" y1="${fmt(py(y))}" y2="${fmt(py(y))}" stroke="#ddd"/>`);
    out.push(`<text x="${left - 6}" y="${fmt(py(y) + 4)}" text-anchor="end">${formatTick(y)}</text>`);
  }
  // x ticks: every distinct x.
  for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
    out.push(`<line x1="${fmt(px(x))}" x2="${fmt(px(x))}" y1="${top + ph}" y2="${top + ph + 5}" stroke="black"/>`);
    out.push(`<text x="${fmt(px(x))}" y="${top + ph + 18}" text-anchor="middle">${formatTick(x)}</text>`);
  }
  out.push(`<line x1="${left}" x2="${left + pw}" y1="${top + ph}" y2="${top + ph}" stroke="black"/>`);
  out.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${top + ph}" stroke="black"/>`);
  out.push(`<text x="${left + pw / 2}" y="${height - 12}" text-anchor="middle">${esc(c.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(c.yLabel)}</text>`);
  // Series.
  c.series.forEach((s, i) => {
    const pts = s.points.map(([x, y]) => `${fmt(px(x))},${fmt(py(y))}`).join(' ');
    const dash = s.dash !== undefined ? ` stroke-dasharray="${s.dash}"` : '';
    out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${pts}"/>`);
    for (const [x, y] of s.points) out.push(`<circle cx="${fmt(px(x))}" cy="${fmt(py(y))}" r="2.5" fill="${s.color}"/>`);
    const ly = top + 10 + i * 18;
    out.push(`<line x1="${left + pw + 12}" x2="${left + pw + 40}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${left + pw + 46}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
