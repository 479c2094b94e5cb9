/**
 * A trace as one self-contained HTML page, the trace viewer (`agora check
 * --html FILE`, `agora view TRACE.json -o FILE`): a message sequence diagram
 * (SVG: one lifeline per node, an arrow per delivered message from its sender
 * at the step that sent it to its receiver at the step that delivers it,
 * marks for drops, crashes, restarts, environment events such as timeouts,
 * and Byzantine sends), a step slider with keyboard navigation (←/→,
 * Home/End), and for the selected step every node's local state with what
 * changed since the previous step highlighted, the messages in flight and
 * each property's value in that state.
 *
 * Everything is computed here, in Node, and embedded as data (`ViewerData`,
 * in a `<script type="application/json">`): the page's own script only
 * selects a step and shows what the data says about it. The page loads
 * nothing (inline CSS and script, system fonts), so it works from file://
 * and offline.
 * NOTE: copies of one message are indistinguishable; a delivery is drawn from
 * the oldest copy still in flight (first sent, first drawn).
 */
import type { Envelope } from '../../spec/core/envelope.js';
import type { Property, SystemView } from '../../spec/core/property.js';
import { canonicalKey } from '../encode.js';
import type { DecodedState, LassoShape, Trace } from '../trace.js';
import { compact, stateValue } from './format.js';

/** Pseudo-keys of a node's change list: its XState state value, and its crash flag. */
export const VALUE_KEY = '$value';
export const CRASHED_KEY = '$crashed';

/** One node in one state of the run. */
export interface ViewerNode {
  readonly node: string;
  /** The XState state value, as the text trace writes it (`preparing`). */
  readonly value: string;
  /** The context's fields, each value as the text trace writes it (`[{acceptor: a0, votedBallot: 0}]`). */
  readonly fields: readonly (readonly [string, string])[];
  readonly crashed: boolean;
  /** The context fields (and `$value`, `$crashed`) that differ from the previous state. */
  readonly changed: readonly string[];
}

/** One state of the run: the initial state, then the state after each step. */
export interface ViewerState {
  readonly nodes: readonly ViewerNode[];
  /** The messages in flight, as the protocol describes them; `fresh`: sent by the step that led here. */
  readonly inFlight: readonly { readonly text: string; readonly fresh: boolean }[];
  readonly properties: readonly { readonly name: string; readonly holds: boolean }[];
}

/** One step, as the diagram draws it. */
export interface ViewerStep {
  readonly index: number;
  readonly kind: string;
  readonly node: string;
  readonly label: string;
  /** The sender of the message delivered, duplicated, dropped or sent by a Byzantine node. */
  readonly from?: string;
  /** The step that sent that message (0: it was in flight in the initial state). */
  readonly sentAt?: number;
  /** The environment event's type (e.g. `TIMEOUT`). */
  readonly event?: string;
}

/** Everything the page shows, embedded in it as JSON. */
export interface ViewerData {
  readonly format: 'agora-viewer/1';
  readonly title: string;
  readonly verdict: string;
  readonly property: string;
  readonly nodes: readonly string[];
  readonly byzantine: readonly string[];
  /** Per node, the context fields that never change in the run (shown folded). */
  readonly constant: readonly (readonly string[])[];
  readonly descriptions: Readonly<Record<string, string>>;
  readonly lasso?: LassoShape;
  readonly steps: readonly ViewerStep[];
  readonly states: readonly ViewerState[];
}

export interface ViewerInput {
  /** The run: its steps, and `states[0]` the initial state, `states[k]` the state after step k. */
  readonly trace: Trace;
  readonly states: readonly DecodedState[];
  readonly properties: readonly Property<SystemView>[];
  readonly describeMessage: (m: Envelope) => string;
  /** The page's heading: which system the run is of. */
  readonly title: string;
  readonly byzantine?: readonly string[];
}

const fieldsOf = (context: unknown): Record<string, unknown> =>
  typeof context === 'object' && context !== null && !Array.isArray(context) ? (context as Record<string, unknown>) : { $context: context };

/** The fields (and pseudo-keys) of a node that differ between two states. */
function changedFields(before: DecodedState, after: DecodedState, i: number): string[] {
  const b = before.locals[i];
  const a = after.locals[i];
  if (a === undefined || b === undefined) return [];
  const out: string[] = [];
  if (canonicalKey(a.value) !== canonicalKey(b.value)) out.push(VALUE_KEY);
  if (before.crashed[i] !== after.crashed[i]) out.push(CRASHED_KEY);
  const bf = fieldsOf(b.context);
  const af = fieldsOf(a.context);
  for (const key of new Set([...Object.keys(bf), ...Object.keys(af)])) if (canonicalKey(bf[key]) !== canonicalKey(af[key])) out.push(key);
  return out;
}

/** The verdict the page states under its title. */
function verdictOf(trace: Trace): string {
  const n = trace.steps.length;
  const lasso = trace.lasso;
  if (lasso === undefined) return `✗ ${trace.property} fails in the state after step ${n}`;
  if (lasso.kind === 'cycle') return `✗ ${trace.property} never holds: steps ${lasso.loopFrom}–${n} repeat forever`;
  return trace.property === 'deadlock' ? `✗ deadlock: no step after step ${n}, and the state is not final` : `✗ ${trace.property} never holds: no step is enabled after step ${n}`;
}

/** Builds the page's data: per state, the nodes with their changes, the messages in flight, the property values. */
export function buildViewerData(input: ViewerInput): ViewerData {
  const { trace, states, properties, describeMessage } = input;
  if (states.length !== trace.steps.length + 1) throw new Error(`viewer: ${trace.steps.length} steps need ${trace.steps.length + 1} states, got ${states.length}`);
  const nodes = trace.initial.map((l) => l.node);
  const viewStates: ViewerState[] = states.map((s, k) => {
    const prev = k > 0 ? states[k - 1] : undefined;
    const view: SystemView = { locals: s.locals.map((l) => l.context), crashed: s.crashed, messages: () => s.messages };
    // Messages this state's step sent, by key and count: those copies are shown as fresh.
    const fresh = new Map<string, number>();
    for (const m of k > 0 ? (trace.steps[k - 1]?.sent ?? []) : []) fresh.set(canonicalKey(m), (fresh.get(canonicalKey(m)) ?? 0) + 1);
    return {
      nodes: s.locals.map((l, i) => ({
        node: l.node,
        value: stateValue(l.value),
        fields: Object.entries(fieldsOf(l.context)).map(([key, v]) => [key, compact(v)] as const),
        crashed: s.crashed[i] === true, changed: prev !== undefined ? changedFields(prev, s, i) : [],
      })),
      inFlight: s.messages.map((m) => {
        const key = canonicalKey(m);
        const left = fresh.get(key) ?? 0;
        if (left > 0) fresh.set(key, left - 1);
        return { text: describeMessage(m), fresh: left > 0 };
      }),
      properties: properties.map((p) => ({ name: p.name, holds: p.holds(view) })),
    };
  });
  const constant = nodes.map((_, i) => {
    const varying = new Set(viewStates.flatMap((s) => s.nodes[i]?.changed ?? []));
    return Object.keys(fieldsOf(states[0]?.locals[i]?.context)).filter((key) => !varying.has(key));
  });
  // Which step sent each copy in flight: oldest first, per message key.
  const pending = new Map<string, number[]>();
  const lastSent = new Map<string, number>();
  const record = (m: Envelope, at: number): void => {
    const key = canonicalKey(m);
    pending.set(key, [...(pending.get(key) ?? []), at]);
    lastSent.set(key, at);
  };
  for (const m of states[0]?.messages ?? []) record(m, 0);
  const steps: ViewerStep[] = trace.steps.map((s) => {
    const base = { index: s.index, kind: s.kind, node: s.node, label: s.label };
    let entry: ViewerStep = base;
    if (s.message !== undefined) {
      const key = canonicalKey(s.message);
      const queue = pending.get(key) ?? [];
      // A delivery or a drop consumes a copy; a duplicate (and a Byzantine send) leaves it where it was.
      const sentAt = s.kind === 'byzantine' ? s.index : (queue[0] ?? lastSent.get(key) ?? 0);
      if ((s.kind === 'deliver' || s.kind === 'drop') && queue.length > 0) pending.set(key, queue.slice(1));
      entry = { ...base, from: s.message.from, sentAt };
    } else if (s.event !== undefined) entry = { ...base, event: s.event.type };
    for (const m of s.sent) record(m, s.index);
    return entry;
  });
  return {
    format: 'agora-viewer/1',
    title: input.title,
    verdict: verdictOf(trace),
    property: trace.property,
    nodes,
    byzantine: input.byzantine ?? [],
    constant,
    descriptions: Object.fromEntries(properties.map((p) => [p.name, p.description])),
    ...(trace.lasso !== undefined ? { lasso: trace.lasso } : {}),
    steps,
    states: viewStates,
  };
}

const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Geometry of the diagram, in SVG units. */
const G = { left: 44, top: 46, col: 84, row: 26, labels: 440 } as const;

/** Is this environment event a timer firing? */
const isTimeout = (event: string | undefined): boolean => event !== undefined && /time/i.test(event);

/** The message sequence diagram: every element of a step carries `data-step`, for the page's script. */
export function renderSequenceSvg(data: ViewerData): string {
  const n = data.steps.length;
  const x = (node: string): number => G.left + G.col * Math.max(0, data.nodes.indexOf(node)) + G.col / 2;
  const y = (k: number): number => G.top + G.row * k + G.row / 2;
  const width = G.left + G.col * data.nodes.length + G.labels;
  const height = G.top + G.row * (n + 1) + 12;
  const labelsAt = G.left + G.col * data.nodes.length + 8;
  const out: string[] = [
    `<svg id="diagram" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="message sequence diagram">`,
    '<defs>',
    '<marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="head"/></marker>',
    '<marker id="head-byz" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="head-byz"/></marker>',
    '</defs>',
  ];
  // One band per state: the initial state (0), then each step; a click selects it.
  for (let k = 0; k <= n; k++) {
    const step = data.steps[k - 1];
    out.push(`<g class="row" data-step="${k}"><rect x="0" y="${G.top + G.row * k}" width="${width}" height="${G.row}"/>`);
    out.push(`<text class="num" x="${G.left - 8}" y="${y(k) + 4}" text-anchor="end">${k === 0 ? 'init' : k}</text>`);
    out.push(`<text class="label" x="${labelsAt}" y="${y(k) + 4}">${esc(step === undefined ? 'initial state' : step.label)}</text></g>`);
  }
  if (data.lasso?.kind === 'cycle') {
    const top = G.top + G.row * data.lasso.loopFrom + 3;
    const bottom = G.top + G.row * (n + 1) - 3;
    out.push(`<path class="loop" d="M${width - 14},${top} h8 V${bottom} h-8"/><text class="loop-text" x="${width - 18}" y="${top + 10}" text-anchor="end">repeats forever</text>`);
  }
  // Lifelines, broken while the node is crashed.
  data.nodes.forEach((node, i) => {
    const byz = data.byzantine.includes(node) ? ' byzantine' : '';
    out.push(`<g class="node-head${byz}"><rect x="${x(node) - 32}" y="8" width="64" height="24" rx="4"/><text x="${x(node)}" y="25" text-anchor="middle">${esc(node)}</text></g>`);
    for (let k = 0; k <= n; k++) {
      const down = data.states[k]?.nodes[i]?.crashed === true;
      const y0 = k === 0 ? 32 : G.top + G.row * k;
      out.push(`<line class="lifeline${down ? ' down' : ''}${byz}" x1="${x(node)}" y1="${y0}" x2="${x(node)}" y2="${G.top + G.row * (k + 1)}"/>`);
    }
  });
  for (const s of data.steps) {
    const k = s.index;
    const at = `data-step="${k}"`;
    const title = `<title>${esc(`${k}. ${s.label}`)}</title>`;
    const from = s.from ?? s.node;
    const x1 = x(from);
    const x2 = x(s.node);
    const y1 = y(s.sentAt ?? k);
    const y2 = y(k);
    switch (s.kind) {
      case 'deliver':
      case 'duplicate':
        out.push(`<g class="arrow ${s.kind}" ${at}>${title}<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" marker-end="url(#head)"/></g>`);
        break;
      case 'byzantine':
        // Sent and delivered within the step: a short slanted arrow from the Byzantine sender.
        out.push(`<g class="arrow byzantine" ${at}>${title}<line x1="${x1}" y1="${y2 - G.row * 0.45}" x2="${x2}" y2="${y2}" marker-end="url(#head-byz)"/><circle class="mark byz-mark" cx="${x1}" cy="${y2 - G.row * 0.45}" r="4"/></g>`);
        break;
      case 'drop': {
        const mx = x2 - (x2 - x1) * 0.25;
        const my = y2 - (y2 - y1) * 0.25;
        out.push(`<g class="mark drop" ${at}>${title}<line x1="${x1}" y1="${y1}" x2="${mx}" y2="${my}"/><path d="M${mx - 5},${my - 5} l10,10 M${mx + 5},${my - 5} l-10,10"/></g>`);
        break;
      }
      case 'crash':
        out.push(`<g class="mark crash" ${at}>${title}<path d="M${x2 - 7},${y2 - 7} l14,14 M${x2 + 7},${y2 - 7} l-14,14"/></g>`);
        break;
      case 'restart':
        out.push(`<g class="mark restart" ${at}>${title}<circle cx="${x2}" cy="${y2}" r="7"/><path d="M${x2 - 3},${y2 - 3} l3,3 l3,-3"/></g>`);
        break;
      case 'environment':
        if (isTimeout(s.event)) {
          out.push(`<g class="mark timeout" ${at}>${title}<circle cx="${x2}" cy="${y2}" r="7"/><path d="M${x2},${y2 - 4} V${y2} H${x2 + 4}"/></g>`);
        } else {
          out.push(`<g class="mark env" ${at}>${title}<path d="M${x2},${y2 - 7} l7,7 l-7,7 l-7,-7 z"/></g>`);
        }
        break;
      default:
        out.push(`<g class="mark other" ${at}>${title}<rect x="${x2 - 5}" y="${y2 - 5}" width="10" height="10"/></g>`);
    }
  }
  out.push('</svg>');
  return out.join('\n');
}

const STYLE = `
:root { --fg: #1d2430; --muted: #6b7380; --line: #c9ced6; --accent: #2f6fde; --bad: #c62f2f; --good: #1f8a4c; --hl: #fff1b8; --byz: #b4267a; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #f6f7f9; }
header { padding: 12px 18px 8px; background: #fff; border-bottom: 1px solid var(--line); }
h1 { font-size: 17px; margin: 0 0 2px; }
.verdict { color: var(--bad); font-weight: 600; }
.controls { display: flex; align-items: center; gap: 10px; margin-top: 8px; }
.controls input[type=range] { flex: 1; max-width: 640px; }
.controls button { font: inherit; padding: 2px 10px; }
#position { font-variant-numeric: tabular-nums; min-width: 7em; }
#step-label { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: 13px; }
.keys { color: var(--muted); font-size: 12px; }
main { display: grid; grid-template-columns: minmax(0, 1.25fr) minmax(340px, 1fr); gap: 12px; padding: 12px 18px; height: calc(100vh - 96px); }
.pane { background: #fff; border: 1px solid var(--line); border-radius: 6px; overflow: auto; }
#diagram-pane { padding: 4px; }
#state-pane { padding: 10px 12px; }
h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 10px 0 6px; }
svg text { font: 12px system-ui, sans-serif; fill: var(--fg); }
svg .label { font-family: ui-monospace, Menlo, monospace; font-size: 11.5px; }
svg .num { fill: var(--muted); font-size: 11px; }
svg .row rect { fill: transparent; cursor: pointer; }
svg .row:hover rect { fill: #f0f3f8; }
svg .row.current rect { fill: #e3ecfd; }
svg .row.current .label { font-weight: 700; }
svg .node-head rect { fill: #eef2f8; stroke: #8a94a6; }
svg .node-head.byzantine rect { fill: #f9e6f1; stroke: var(--byz); }
svg .lifeline { stroke: #9aa3b2; stroke-width: 1.2; }
svg .lifeline.byzantine { stroke: var(--byz); }
svg .lifeline.down { stroke-dasharray: 3 4; stroke: #d0a0a0; }
svg .arrow line { stroke: var(--accent); stroke-width: 1.6; }
svg .arrow.duplicate line { stroke-dasharray: 6 3; }
svg .arrow.byzantine line { stroke: var(--byz); stroke-dasharray: 4 3; }
svg .head { fill: var(--accent); }
svg .head-byz { fill: var(--byz); }
svg .byz-mark { fill: var(--byz); }
svg .mark.drop line { stroke: var(--bad); stroke-width: 1.4; stroke-dasharray: 3 3; }
svg .mark.drop path, svg .mark.crash path { stroke: var(--bad); stroke-width: 2.6; fill: none; }
svg .mark.restart circle { fill: #e4f5ea; stroke: var(--good); stroke-width: 2; }
svg .mark.restart path { stroke: var(--good); stroke-width: 2; fill: none; }
svg .mark.timeout circle { fill: #fff; stroke: #c07a00; stroke-width: 2; }
svg .mark.timeout path { stroke: #c07a00; stroke-width: 1.6; fill: none; }
svg .mark.env path, svg .mark.other rect { fill: #c07a00; }
svg .loop { fill: none; stroke: var(--muted); stroke-width: 1.5; }
svg .loop-text { fill: var(--muted); font-size: 11px; }
svg .future { opacity: .18; }
svg .now line { stroke-width: 2.6; }
.nodes { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 8px; }
.node { border: 1px solid var(--line); border-radius: 5px; padding: 6px 8px; background: #fbfcfd; }
.node.acted { border-color: var(--accent); box-shadow: 0 0 0 1px var(--accent); }
.node.crashed { background: #f8eeee; }
.node h3 { margin: 0 0 4px; font-size: 14px; display: flex; gap: 8px; align-items: baseline; }
.node .value { font-family: ui-monospace, Menlo, monospace; font-size: 12px; color: var(--muted); font-weight: 400; }
.node .down-badge { color: var(--bad); font-size: 12px; }
.field { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 6px; font-family: ui-monospace, Menlo, monospace; font-size: 12px; padding: 1px 2px; border-radius: 3px; }
.field .k { color: var(--muted); }
.field .v, .field .was { overflow-wrap: anywhere; }
.changed { background: var(--hl); }
.field .was { grid-column: 2; color: var(--muted); text-decoration: line-through; }
details { margin-top: 3px; font-size: 12px; color: var(--muted); }
ul { list-style: none; margin: 0; padding: 0; }
.flight li { font-family: ui-monospace, Menlo, monospace; font-size: 12px; padding: 1px 2px; }
.flight li.fresh { background: #e3ecfd; }
.flight li.fresh::after { content: "  new"; color: var(--accent); font-family: system-ui, sans-serif; font-size: 11px; }
.props li { padding: 1px 2px; }
.props li.holds::before { content: "✔ "; color: var(--good); }
.props li.fails { color: var(--bad); font-weight: 600; }
.props li.fails::before { content: "✗ "; }
.empty { color: var(--muted); font-style: italic; }
`;

/** The page's script: selects a step (slider, keys, clicks) and shows that state from the embedded data. */
const SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('agora-trace-data').textContent);
  var n = data.steps.length;
  var slider = document.getElementById('slider');
  var position = document.getElementById('position');
  var stepLabel = document.getElementById('step-label');
  var stepped = document.querySelectorAll('#diagram [data-step]');
  var current = -1;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function field(key, value, changed, before) {
    var row = el('div', 'field' + (changed ? ' changed' : ''));
    row.setAttribute('data-key', key);
    row.appendChild(el('span', 'k', key));
    row.appendChild(el('span', 'v', value));
    if (changed && before !== undefined) row.appendChild(el('span', 'was', before));
    return row;
  }
  function byKey(fields) {
    var out = {};
    fields.forEach(function (f) { out[f[0]] = f[1]; });
    return out;
  }

  function renderNodes(k) {
    var box = document.getElementById('nodes');
    box.textContent = '';
    var state = data.states[k];
    var prev = k > 0 ? data.states[k - 1] : null;
    var step = k > 0 ? data.steps[k - 1] : null;
    state.nodes.forEach(function (nd, i) {
      var card = el('div', 'node' + (nd.crashed ? ' crashed' : '') + (step && step.node === nd.node ? ' acted' : ''));
      card.setAttribute('data-node', nd.node);
      var h = el('h3');
      h.appendChild(el('span', 'name', nd.node));
      var value = el('span', 'value' + (nd.changed.indexOf('$value') >= 0 ? ' changed' : ''), nd.value);
      value.setAttribute('data-key', '$value');
      h.appendChild(value);
      var flipped = nd.changed.indexOf('$crashed') >= 0;
      if (nd.crashed || flipped) {
        var badge = el('span', 'down-badge' + (flipped ? ' changed' : ''), nd.crashed ? 'crashed' : 'restarted');
        badge.setAttribute('data-key', '$crashed');
        h.appendChild(badge);
      }
      card.appendChild(h);
      var before = prev ? byKey(prev.nodes[i].fields) : {};
      var constant = data.constant[i] || [];
      var folded = el('details');
      nd.fields.forEach(function (f) {
        var key = f[0];
        var changed = nd.changed.indexOf(key) >= 0;
        var row = field(key, f[1], changed, before[key]);
        if (constant.indexOf(key) >= 0) folded.appendChild(row);
        else card.appendChild(row);
      });
      if (folded.childNodes.length > 0) {
        folded.insertBefore(el('summary', null, folded.childNodes.length + ' field(s) that never change'), folded.firstChild);
        card.appendChild(folded);
      }
      box.appendChild(card);
    });
  }

  function renderFlight(k) {
    var list = document.getElementById('flight');
    list.textContent = '';
    var msgs = data.states[k].inFlight;
    document.getElementById('flight-count').textContent = String(msgs.length);
    if (msgs.length === 0) list.appendChild(el('li', 'empty', 'none'));
    msgs.forEach(function (m) { list.appendChild(el('li', m.fresh ? 'fresh' : '', m.text)); });
  }

  function renderProps(k) {
    var list = document.getElementById('props');
    list.textContent = '';
    var props = data.states[k].properties;
    if (props.length === 0) list.appendChild(el('li', 'empty', 'no invariant is checked'));
    props.forEach(function (p) {
      var li = el('li', p.holds ? 'holds' : 'fails', p.name + (p.holds ? '' : ' fails'));
      li.setAttribute('data-property', p.name);
      li.title = data.descriptions[p.name] || '';
      list.appendChild(li);
    });
  }

  function select(k) {
    k = Math.max(0, Math.min(n, k));
    if (k === current) return;
    current = k;
    slider.value = String(k);
    document.body.setAttribute('data-step', String(k));
    position.textContent = k === 0 ? 'initial state' : 'step ' + k + ' / ' + n;
    var step = k > 0 ? data.steps[k - 1] : null;
    stepLabel.textContent = step ? step.label : 'before any step';
    for (var i = 0; i < stepped.length; i++) {
      var e = stepped[i];
      var s = Number(e.getAttribute('data-step'));
      e.classList.toggle('future', s > k);
      e.classList.toggle('now', s === k);
      e.classList.toggle('current', s === k && e.classList.contains('row'));
    }
    renderNodes(k);
    renderFlight(k);
    renderProps(k);
    var row = document.querySelector('#diagram .row[data-step="' + k + '"]');
    if (row && row.scrollIntoView) row.scrollIntoView({ block: 'nearest' });
    if (history.replaceState) history.replaceState(null, '', '#' + k);
  }

  slider.addEventListener('input', function () { select(Number(slider.value)); });
  document.getElementById('prev').addEventListener('click', function () { select(current - 1); });
  document.getElementById('next').addEventListener('click', function () { select(current + 1); });
  document.querySelectorAll('#diagram .row').forEach(function (r) {
    r.addEventListener('click', function () { select(Number(r.getAttribute('data-step'))); });
  });
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var to = e.key === 'ArrowRight' ? current + 1 : e.key === 'ArrowLeft' ? current - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? n : null;
    if (to === null) return;
    e.preventDefault();
    select(to);
  });
  var fromHash = Number(location.hash.slice(1));
  select(location.hash.length > 1 && Number.isInteger(fromHash) ? fromHash : 0);
})();
`;

/** JSON safe inside a `<script>` element (no `</script>`, no `<!--`). */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** The whole page: one file, inline CSS and script, no network access. */
export function renderHtmlTrace(data: ViewerData): string {
  const n = data.steps.length;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${esc(`${data.property}: ${data.title}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(data.title)}</h1>
<div class="verdict">${esc(data.verdict)}</div>
<div class="controls">
<button id="prev" type="button" title="previous step (←)">◀</button>
<input id="slider" type="range" min="0" max="${n}" step="1" value="0" aria-label="step">
<button id="next" type="button" title="next step (→)">▶</button>
<span id="position"></span>
<span id="step-label"></span>
</div>
<div class="keys">← → step · Home: initial state · End: last step · click a row of the diagram to select it</div>
</header>
<main>
<section class="pane" id="diagram-pane">
${renderSequenceSvg(data)}
</section>
<section class="pane" id="state-pane">
<h2>Nodes</h2>
<div class="nodes" id="nodes"></div>
<h2>In flight (<span id="flight-count">0</span>)</h2>
<ul class="flight" id="flight"></ul>
<h2>Properties</h2>
<ul class="props" id="props"></ul>
</section>
</main>
<script id="agora-trace-data" type="application/json">${scriptJson(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
