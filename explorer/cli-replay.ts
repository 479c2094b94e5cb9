/**
 * `agora replay FILE`: re-executes a saved trace (agora-trace/1 from
 * `--trace json` or `--json`, or ITF from `--trace itf`) against the
 * machines, without searching (`replay.ts`): every step must be enabled where
 * the trace takes it, and what it sends and changes must be what the
 * machines do; then the properties are evaluated in every state.
 * Exit codes: 0 a valid execution in which every property holds, 1 a
 * property fails in one of its states (the first is named), 2 bad usage, or
 * a trace that does not fit the protocol or configuration (one line naming
 * the first bad step).
 *
 * The system is the one the trace records (`system`; see trace-system.ts),
 * unless system options are given on the command line: then those alone
 * (with the defaults of `agora check`) name it. `--property` only selects
 * the properties evaluated.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { ActorModel } from './actor-system/actor-model.js';
import { checkedProperties, finalTest } from './check.js';
import type { Io } from './cli-io.js';
import { addSystemOptions, resolveRun, type RunFlags } from './cli-options.js';
import { canonicalKey } from './encode.js';
import { UsageError } from './registry.js';
import { itfStateVars, itfToPlain } from './render/itf.js';
import { TraceMismatch, replayClaims, type StepClaim } from './replay.js';
import { decodeState } from './trace.js';
import { systemFlags, type TraceSystem } from './trace-system.js';

export const REPLAY_EXIT = { valid: 0, violated: 1, usage: 2 } as const;

interface LoadedTrace {
  readonly kind: 'agora-trace/1' | 'ITF';
  readonly protocol: string;
  readonly property?: string;
  readonly system?: TraceSystem;
  readonly lasso?: { kind: 'cycle'; loopFrom: number } | { kind: 'terminal' };
  readonly claims: StepClaim[];
  /** The initial local states the trace shows (agora-trace/1), checked against the machines'. */
  readonly initial?: readonly { node: string; value: unknown; context: unknown }[];
  /** ITF: every state's vars, checked against the replayed states. */
  readonly itfStates?: readonly Record<string, unknown>[];
}

/** The fields read off a trace document (both formats), all unchecked. */
interface Doc {
  readonly [key: string]: unknown;
  readonly format?: unknown;
  readonly trace?: unknown;
  readonly protocol?: unknown;
  readonly property?: unknown;
  readonly system?: unknown;
  readonly lasso?: unknown;
  readonly initial?: unknown;
  readonly steps?: unknown;
  readonly vars?: unknown;
  readonly states?: unknown;
  readonly agora?: unknown;
  readonly loop?: unknown;
  readonly action?: unknown;
  readonly value?: unknown;
  readonly tag?: unknown;
  readonly node?: unknown;
  readonly kind?: unknown;
  readonly message?: unknown;
  readonly event?: unknown;
  readonly label?: unknown;
}

const isObject = (x: unknown): x is Doc => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Parses a trace document (either format); a usage error for anything else. */
export function loadTrace(text: string, name: string): LoadedTrace {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${name} is not JSON: ${(e as Error).message}`);
  }
  // `agora check --json` embeds the trace under `trace`...
  if (isObject(doc) && doc.format === undefined && isObject(doc.trace)) doc = doc.trace;
  // ... and `agora simulate --json` under `violation.trace`.
  if (isObject(doc) && doc.format === undefined && isObject(doc['violation']) && isObject(doc['violation'].trace)) doc = doc['violation'].trace;
  if (isObject(doc) && doc.format === 'agora-trace/1') {
    if (typeof doc.protocol !== 'string' || !Array.isArray(doc.steps)) throw new UsageError(`${name}: an agora-trace/1 document needs 'protocol' and 'steps'`);
    const claims = (doc.steps as unknown[]).map((s, i) => {
      if (!isObject(s) || typeof s.kind !== 'string' || typeof s.node !== 'string') throw new UsageError(`${name}: step ${i + 1} needs 'kind' and 'node'`);
      return s as unknown as StepClaim;
    });
    return {
      kind: 'agora-trace/1',
      protocol: doc.protocol,
      ...(typeof doc.property === 'string' ? { property: doc.property } : {}),
      ...(isObject(doc.system) ? { system: doc.system as unknown as TraceSystem } : {}),
      ...(isObject(doc.lasso) ? { lasso: doc.lasso as unknown as NonNullable<LoadedTrace['lasso']> } : {}),
      claims,
      ...(Array.isArray(doc.initial) ? { initial: doc.initial as LoadedTrace['initial'] & object } : {}),
    };
  }
  if (isObject(doc) && Array.isArray(doc.vars) && Array.isArray(doc.states)) {
    const meta = isObject(doc['#meta']) && isObject(doc['#meta'].agora) ? doc['#meta'].agora : undefined;
    if (meta === undefined || typeof meta.protocol !== 'string') throw new UsageError(`${name}: an ITF trace that names no Agora protocol (#meta.agora.protocol): agora replays its own traces only`);
    const states = doc.states as unknown[];
    const claims = states.slice(1).map((s, i) => {
      const action = isObject(s) ? s.action : undefined;
      const value = isObject(action) ? action.value : undefined;
      if (!isObject(action) || typeof action.tag !== 'string' || !isObject(value) || typeof value.node !== 'string') {
        throw new UsageError(`${name}: state ${i + 1} has no action { tag, value: { node, ... } }`);
      }
      return {
        kind: action.tag,
        node: value.node,
        ...(value.message !== undefined ? { message: itfToPlain(value.message) } : {}),
        ...(value.event !== undefined ? { event: itfToPlain(value.event) } : {}),
        ...(typeof value.label === 'string' ? { label: value.label } : {}),
      };
    });
    const loop = typeof doc.loop === 'number' ? { kind: 'cycle' as const, loopFrom: doc.loop + 1 } : isObject(meta.lasso) ? (meta.lasso as unknown as LoadedTrace['lasso']) : undefined;
    return {
      kind: 'ITF',
      protocol: meta.protocol,
      ...(typeof meta.property === 'string' ? { property: meta.property } : {}),
      ...(isObject(meta.system) ? { system: meta.system as unknown as TraceSystem } : {}),
      ...(loop !== undefined ? { lasso: loop } : {}),
      claims,
      itfStates: states.map((s) => (isObject(s) ? s : {})),
    };
  }
  throw new UsageError(`${name} is neither an agora-trace/1 document (--trace json) nor an ITF trace (--trace itf)`);
}

/** The system options commander sets (anything but --property). */
function givenSystemFlags(flags: RunFlags): boolean {
  return Object.entries(flags).some(([k, v]) => k !== 'property' && v !== undefined);
}

/** All of stdin (a pipe may be non-blocking: read it as a stream). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function runReplay(file: string, flags: RunFlags, io: Io): Promise<number> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  return replayText(text, file === '-' ? 'the trace on stdin' : file, flags, io);
}

/** Replays the trace document `text` (named `file` in messages); the exit code. */
export function replayText(text: string, file: string, flags: RunFlags, io: Io): number {
  const loaded = loadTrace(text, file);
  const runFlags: RunFlags = givenSystemFlags(flags) || loaded.system === undefined ? flags : { ...systemFlags(loaded.system), ...(flags.property !== undefined ? { property: flags.property } : {}) };
  const { protocol, spec, faults, source, label } = resolveRun(loaded.protocol, runFlags);
  const sys = new ActorModel(spec, { faults, ...(runFlags.network !== undefined ? { network: runFlags.network } : {}), properties: checkedProperties(spec) });
  const what = `${protocol.name} ${label}: ${protocol.describeParams(source.params)}${source.bug !== null ? ` · bug ${source.bug}` : ''} · network ${sys.network.kind}`;
  const misfit = (detail: string): never => {
    throw new UsageError(`${file} is not a run of ${what}: ${detail}`);
  };
  // The initial state the trace shows must be the machines'.
  const initial = decodeState(sys, sys.initialVector());
  for (const l of loaded.initial ?? []) {
    const mine = initial.locals.find((x) => x.node === l.node);
    if (mine === undefined) misfit(`the initial state names no node ${l.node}`);
    else if (canonicalKey({ value: mine.value, context: mine.context }) !== canonicalKey({ value: l.value, context: l.context })) misfit(`the initial state of ${l.node} differs from the machine's`);
  }
  let run;
  try {
    run = replayClaims(sys, loaded.claims, loaded.property);
  } catch (e) {
    if (e instanceof TraceMismatch) misfit(e.message);
    throw e;
  }
  // ITF: every var of every state must be what the replay reaches.
  if (loaded.itfStates !== undefined) {
    run.states.forEach((state, i) => {
      const want = itfStateVars(sys, state);
      const got = loaded.itfStates?.[i] ?? {};
      for (const [k, v] of Object.entries(want)) {
        if (canonicalKey(got[k]) !== canonicalKey(v)) misfit(i === 0 ? `var ${k} of the initial state differs from the machines'` : `step ${i} (${run.trace.steps[i - 1]?.label}): var ${k} of the state after it differs from the machines'`);
      }
    });
  }
  const n = run.states.length;
  const lines = [`replay ${what} · ${loaded.kind}: ${loaded.claims.length} steps, each enabled where the trace takes it`];
  const stepName = (i: number): string => (i === 0 ? 'the initial state' : `the state after step ${i} (${run.trace.steps[i - 1]?.label})`);
  let code: number = REPLAY_EXIT.valid;
  const violated = run.states.findIndex((s) => sys.check(s) >= 0);
  if (violated >= 0) {
    const name = sys.checker.properties[sys.check(run.states[violated] as Int32Array)]?.name ?? '?';
    lines.push(`✗ ${name} fails in ${stepName(violated)}`);
    code = REPLAY_EXIT.violated;
  } else if (loaded.lasso?.kind === 'terminal' || loaded.property === 'deadlock') {
    // A run that stops: a deadlock, or a liveness counterexample that ends where no step is enabled.
    const last = run.states[n - 1] as Int32Array;
    let enabled = 0;
    sys.expanderWith(false, null).expand(last, { offer: () => (enabled++, false), accept: () => {} });
    if (enabled > 0) misfit(`the trace says the run stops after step ${n - 1}, but ${enabled} step(s) are enabled there`);
    const isFinal = finalTest(spec, sys);
    if (loaded.property === 'deadlock' && isFinal !== undefined && isFinal(last)) misfit(`the trace says the run deadlocks after step ${n - 1}, but that state is final`);
    lines.push(
      loaded.property === 'deadlock'
        ? `✗ deadlock: ${stepName(n - 1)} has no step and is not a final state of ${protocol.name}`
        : `✗ ${loaded.property ?? 'the liveness property'}: the run stops in ${stepName(n - 1)}, where no step is enabled; the invariants hold in all ${n} states`,
    );
    code = REPLAY_EXIT.violated;
  } else if (loaded.lasso?.kind === 'cycle') {
    const key = (v: Int32Array): string => canonicalKey(decodeState(sys, v));
    const from = loaded.lasso.loopFrom;
    if (from >= 1 && from < n && key(run.states[n - 1] as Int32Array) === key(run.states[from - 1] as Int32Array)) {
      lines.push(`✗ ${loaded.property ?? 'the liveness property'}: the run can repeat steps ${from}..${n - 1} forever (the state after the last step is the state before step ${from}); the invariants hold in all ${n} states`);
      code = REPLAY_EXIT.violated;
    } else misfit(`the lasso does not close: the state after the last step is not the state before step ${from}`);
  }
  if (code === REPLAY_EXIT.valid) {
    lines.push(`✔ a valid execution: ${sys.checker.properties.map((p) => p.name).join(', ') || 'no property'} hold${sys.checker.properties.length === 1 ? 's' : ''} in all ${n} states`);
    if (loaded.property !== undefined && loaded.property !== 'none') lines.push(`  note: the trace says ${loaded.property} fails; replayed, it does not`);
  }
  io.out(lines.join('\n'));
  return code;
}

export function replayCommand(io: Io, setCode: (code: Promise<number> | number) => void): Command {
  const cmd = new Command('replay')
    .description('re-execute a saved trace (--trace json or itf) against the machines without searching: every step must be allowed; the properties are evaluated in every state')
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.out(t.trimEnd()), writeErr: (t) => io.err(t.trimEnd()) })
    .argument('<file>', 'the trace: agora-trace/1 JSON (--trace json, or the report of --json) or ITF (--trace itf); - reads stdin');
  addSystemOptions(cmd)
    .addHelpText(
      'after',
      [
        '',
        'The system is the one the trace records; system options given here replace it.',
        'Exit codes: 0 a valid execution in which every property holds, 1 a property fails (the first',
        'state where one does is named), 2 bad usage or a trace that does not fit the protocol or',
        'configuration (one line naming the first bad step).',
      ].join('\n'),
    )
    .action((file: string, flags: RunFlags) => {
      setCode(runReplay(file, flags, io));
    });
  return cmd;
}
