/**
 * Replaying a saved trace against the machines, without searching: from the
 * initial state, each step the trace claims (its kind, its node, and the
 * message or environment event it takes) must be one of the steps the
 * current state enables; the step is taken, and what the trace says it sent
 * and changed must be what the machines send and change. The first step that
 * does not fit is a `TraceMismatch` naming it. The result is the run as
 * states (for the properties and for ITF) and as the canonical `Trace`.
 */
import { STEP_KIND_NAMES, StepKind } from './actor-system/actions.js';
import type { ActorModel } from './actor-system/actor-model.js';
import { canonicalKey } from './encode.js';
import { buildTraceFromSteps, type Trace } from './trace.js';

/** One step as a saved trace states it (agora-trace/1 steps, or ITF `action`s). */
export interface StepClaim {
  readonly kind: string;
  readonly node: string;
  readonly message?: unknown;
  readonly event?: unknown;
  /** What the step sent; checked when present. */
  readonly sent?: readonly unknown[];
  /** The local states it changed; checked when present. */
  readonly changes?: readonly { readonly node: string; readonly after: { readonly value: unknown; readonly context: unknown } }[];
  /** How the trace names the step (for the error message only). */
  readonly label?: string;
}

/** A trace that is not a run of this system: `step` (1-based) is the first step that does not fit. */
export class TraceMismatch extends Error {
  constructor(
    readonly step: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ReplayedRun {
  /** The state vectors: the initial state, then the state after each step. */
  readonly states: readonly Int32Array[];
  /** Each step's number in its state's full (unreduced) order of steps. */
  readonly stepNumbers: readonly number[];
  /** The run as a trace, rebuilt by the explorer (labels, sent messages, changes). */
  readonly trace: Trace;
}

function describeClaim(c: StepClaim): string {
  if (c.label !== undefined) return c.label;
  const what = c.message !== undefined ? ` ${canonicalKey(c.message)}` : c.event !== undefined ? ` ${canonicalKey(c.event)}` : '';
  return `${c.kind} at ${c.node}${what}`;
}

/** Replays the claimed steps from the initial state of `sys` (reductions off); throws `TraceMismatch` at the first that does not fit. */
export function replayClaims(sys: ActorModel, claims: readonly StepClaim[], property = 'none'): ReplayedRun {
  const expander = sys.expanderWith(false, null);
  let cur = sys.initialVector();
  const states: Int32Array[] = [cur];
  const stepNumbers: number[] = [];
  const names = sys.spec.nodes.map((n) => n.name);
  // The first step that is not enabled, if any; a step before it whose content differs is reported first.
  let notEnabled: TraceMismatch | undefined;
  for (const [k, claim] of claims.entries()) {
    const at = k + 1;
    const where = `step ${at} (${describeClaim(claim)})`;
    const kind = (STEP_KIND_NAMES as readonly string[]).indexOf(claim.kind);
    const slot = names.indexOf(claim.node);
    const needsMessage = kind === StepKind.Deliver || kind === StepKind.Duplicate || kind === StepKind.Drop || kind === StepKind.Byzantine;
    const malformed =
      kind < 0
        ? `unknown step kind '${claim.kind}'; expected one of ${STEP_KIND_NAMES.join(', ')}`
        : slot < 0
          ? `no node '${claim.node}' in this system (${names.join(', ')})`
          : needsMessage && claim.message === undefined
            ? `a ${claim.kind} step must name its message`
            : kind === StepKind.Environment && claim.event === undefined
              ? 'an environment step must name its event'
              : undefined;
    if (malformed !== undefined) {
      notEnabled = new TraceMismatch(at, `${where}: ${malformed}`);
      break;
    }
    const want = needsMessage ? canonicalKey(claim.message) : kind === StepKind.Environment ? canonicalKey(claim.event) : undefined;
    let offered = -1;
    let found: { state: Int32Array; step: number } | undefined;
    expander.expand(cur, {
      offer: (_hi, _lo, step) => {
        offered = step;
        return found === undefined;
      },
      accept: (succ, len, kk, s, arg) => {
        if (found !== undefined || kk !== kind || s !== slot) return;
        if (want !== undefined) {
          const actual = kk === StepKind.Environment ? sys.node(s).environment[arg] : sys.interner.messages[arg];
          if (actual === undefined || canonicalKey(actual) !== want) return;
        }
        found = { state: succ.slice(0, len), step: offered };
      },
    });
    if (found === undefined) {
      const why = needsMessage ? 'that message is not in flight there, or the system does not allow that fault' : kind === StepKind.Environment ? `${claim.node} cannot take that event there` : `${claim.node} cannot ${claim.kind} there`;
      notEnabled = new TraceMismatch(at, `${where} is not enabled in ${k === 0 ? 'the initial state' : `the state after step ${k}`}: ${why}`);
      break;
    }
    stepNumbers.push(found.step);
    cur = found.state;
    states.push(cur);
  }
  const trace = buildTraceFromSteps(sys, stepNumbers, property);
  // What the trace says each step sent and changed must be what the machines did.
  claims.forEach((claim, k) => {
    const step = trace.steps[k];
    if (step === undefined) return;
    const where = `step ${k + 1} (${describeClaim(claim)})`;
    if (claim.sent !== undefined) {
      const a = claim.sent.map(canonicalKey).sort();
      const b = step.sent.map(canonicalKey).sort();
      if (a.join('\n') !== b.join('\n')) throw new TraceMismatch(k + 1, `${where}: the trace says it sent ${a.length} message(s), the machines send ${b.length}${a.length === b.length ? ' others' : ''}`);
    }
    if (claim.changes !== undefined) {
      for (const c of claim.changes) {
        const actual = step.changes.find((x) => x.node === c.node);
        const got = actual === undefined ? 'leaves it unchanged' : `gives ${canonicalKey(actual.after.value)}`;
        if (actual === undefined || canonicalKey({ value: actual.after.value, context: actual.after.context }) !== canonicalKey({ value: c.after.value, context: c.after.context })) {
          throw new TraceMismatch(k + 1, `${where}: the trace's state of ${c.node} after it differs from the machines' (the machine ${got})`);
        }
      }
      const claimed = new Set(claim.changes.map((c) => c.node));
      const missed = step.changes.find((x) => !claimed.has(x.node));
      if (missed !== undefined) throw new TraceMismatch(k + 1, `${where}: the machines change ${missed.node}, the trace does not say so`);
    }
  });
  if (notEnabled !== undefined) throw notEnabled;
  return { states, stepNumbers, trace };
}
