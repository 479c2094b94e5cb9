/**
 * The trace viewer page (render/html.ts), from the CLI: `agora view TRACE -o
 * FILE` for a saved trace (agora-trace/1 from `--trace json` or `--json`, or
 * ITF from `--trace itf`), and `agora check ... --html FILE` for the
 * counterexample just found. Either way the trace is replayed on the machines
 * (replay.ts), so that the page holds every state whole and each property's
 * value in it; a trace that does not fit its system is refused (exit 2), as
 * `agora replay` refuses it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import type { NetworkKind } from '../spec/core/system.js';
import { ActorModel } from './actor-system/actor-model.js';
import { checkedProperties } from './check.js';
import type { Io, SetCode } from './cli-io.js';
import { resolveRun, type ResolvedRun } from './cli-options.js';
import { faultsText, runHeader } from './cli-report.js';
import { loadTrace } from './cli-replay.js';
import { UsageError } from './registry.js';
import { buildViewerData, renderHtmlTrace } from './render/html.js';
import { TraceMismatch, replayClaims, type StepClaim } from './replay.js';
import { decodeState, type LassoShape } from './trace.js';
import { systemFlags } from './trace-system.js';

/** The viewer page of the run that takes `claims` on the system `run` resolved (steps replayed on the machines). */
export function viewerPage(run: ResolvedRun, claims: readonly StepClaim[], property: string, options: { network?: NetworkKind; lasso?: LassoShape; name?: string } = {}): string {
  const { spec, faults } = run;
  const sys = new ActorModel(spec, { faults, ...(options.network !== undefined ? { network: options.network } : {}), properties: checkedProperties(spec) });
  let replayed;
  try {
    replayed = replayClaims(sys, claims, property);
  } catch (e) {
    if (e instanceof TraceMismatch) throw new UsageError(`${options.name ?? 'the trace'} is not a run of ${run.protocol.name} ${run.label}: ${e.message}`);
    throw e;
  }
  const trace = { ...replayed.trace, ...(options.lasso !== undefined ? { lasso: options.lasso } : {}) };
  const data = buildViewerData({
    trace,
    states: replayed.states.map((v) => decodeState(sys, v)),
    properties: sys.checker.properties,
    describeMessage: (m) => spec.describeMessage(m as never),
    title: runHeader(run, faultsText(faults, spec), sys.network.kind, `${trace.steps.length} steps`),
    byzantine: spec.nodes.filter((_, i) => sys.adversary.byzantine[i] === 1).map((n) => n.name),
  });
  return renderHtmlTrace(data);
}

/** `agora view FILE -o PAGE`: the viewer page of a saved trace, on the system the trace records. */
export function runView(file: string, out: string, io: Io): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const loaded = loadTrace(text, file);
  const run = resolveRun(loaded.protocol, loaded.system !== undefined ? systemFlags(loaded.system) : {});
  const page = viewerPage(run, loaded.claims, loaded.property ?? 'none', {
    ...(loaded.system !== undefined ? { network: loaded.system.network } : {}),
    ...(loaded.lasso !== undefined ? { lasso: loaded.lasso } : {}),
    name: file,
  });
  writeFileSync(out, page);
  io.err(`wrote ${out}: the trace viewer of ${file} (${loaded.claims.length} steps); open it in a browser`);
  return 0;
}

export function viewCommand(io: Io, setCode: SetCode): Command {
  return new Command('view')
    .description('write a saved trace (--trace json or itf) as one self-contained HTML page: the message sequence diagram, a step slider, and every state with its changes, messages in flight and property values')
    .argument('<file>', 'the trace: agora-trace/1 JSON (--trace json, or the report of --json) or ITF (--trace itf)')
    .addOption(new Option('-o, --out <page>', 'the HTML file to write').makeOptionMandatory())
    .action((file: string, flags: { out: string }) => {
      setCode(runView(file, flags.out, io));
    });
}
