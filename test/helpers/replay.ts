/**
 * Replays an explorer trace on the machines with xstate directly (no explorer
 * code), checking every step: the event is enabled, the messages sent and
 * the local states changed are the ones the trace shows.
 */
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { expect } from 'vitest';
import type { Envelope } from '../../spec/core/envelope.js';
import type { SystemSpec } from '../../spec/core/system.js';
import type { Trace } from '../../explorer/trace.js';
import { canonicalJson } from './naive-explorer.js';
import { sentMessages } from './machines.js';

/** Replays a trace on the machines with xstate directly, checking every step against the trace. */
export function replay(spec: SystemSpec, trace: Trace): Record<string, AnyMachineSnapshot> {
  const snaps: Record<string, AnyMachineSnapshot> = {};
  const logic: Record<string, AnyStateMachine> = {};
  for (const node of spec.nodes) {
    logic[node.name] = node.logic as AnyStateMachine;
    snaps[node.name] = initialTransition(node.logic as AnyStateMachine, node.input)[0];
  }
  const inFlight: string[] = [];
  const crashed = new Set<string>();
  // What the adversary has learned (\`SystemSpec.byzantine.learn\`): it may send these too.
  const known = new Set<string>();
  const byzantine = new Set((spec.byzantine?.nodes ?? []).map((i) => spec.nodes[i]?.name));
  const take = (m: Envelope) => {
    const i = inFlight.indexOf(canonicalJson(m));
    expect(i, `message ${canonicalJson(m)} must be in flight`).toBeGreaterThanOrEqual(0);
    return i;
  };
  for (const step of trace.steps) {
    const before = { ...snaps };
    if (step.kind !== 'drop' && step.kind !== 'restart') expect(crashed.has(step.node), `${step.node} acts after crashing`).toBe(false);
    let sent: Envelope[] = [];
    const apply = (event: { type: string }) => {
      const [next, actions] = transition(logic[step.node] as AnyStateMachine, snaps[step.node] as AnyMachineSnapshot, event);
      snaps[step.node] = next;
      sent = sentMessages(actions);
    };
    switch (step.kind) {
      case 'environment':
        expect((snaps[step.node] as AnyMachineSnapshot).can(step.event as { type: string })).toBe(true);
        apply(step.event as { type: string });
        break;
      case 'deliver':
        inFlight.splice(take(step.message as Envelope), 1);
        apply(step.message as Envelope);
        break;
      case 'duplicate':
        take(step.message as Envelope);
        apply(step.message as Envelope);
        break;
      case 'drop':
        inFlight.splice(take(step.message as Envelope), 1);
        break;
      case 'crash':
        crashed.add(step.node);
        break;
      case 'restart': {
        // Crash-recovery: a fresh start from the input, keeping the declared stable fields.
        expect(crashed.has(step.node), `${step.node} restarts without having crashed`).toBe(true);
        crashed.delete(step.node);
        const node = spec.nodes.find((n) => n.name === step.node);
        const fresh = initialTransition(logic[step.node] as AnyStateMachine, node?.restartInput !== undefined ? node.restartInput : node?.input)[0];
        const kept = Object.fromEntries((node?.stable ?? []).map((f) => [f, ((snaps[step.node] as AnyMachineSnapshot).context as Record<string, unknown>)[f]]));
        snaps[step.node] = (logic[step.node] as AnyStateMachine).resolveState({ value: fresh.value, context: { ...(fresh.context as object), ...kept } });
        break;
      }
      case 'byzantine': {
        // The adversary's message: never in flight, never used up; it must come from a Byzantine node.
        const m = step.message as Envelope;
        const from = spec.nodes.findIndex((n) => n.name === m.from);
        expect(spec.byzantine?.nodes.includes(from), `${m.from} is Byzantine`).toBe(true);
        const key = canonicalJson(m);
        expect(spec.byzantine?.messages.some((u) => canonicalJson(u) === key) || known.has(key), `the adversary may send ${key}`).toBe(true);
        apply(m);
        break;
      }
    }
    // Messages to Byzantine nodes never go in flight (their machines do not run); a learning adversary learns them.
    const universe = new Set((spec.byzantine?.messages ?? []).map(canonicalJson));
    const fresh = new Set<string>();
    for (const m of sent.filter((x) => byzantine.has(x.to))) {
      for (const l of spec.byzantine?.learn?.(m) ?? []) {
        const key = canonicalJson(l);
        if (!known.has(key) && !universe.has(key)) fresh.add(key);
        known.add(key);
      }
    }
    expect([...fresh].sort(), `what the adversary learned at step ${step.index}`).toEqual((step.learned ?? []).map(canonicalJson).sort());
    sent = sent.filter((m) => !byzantine.has(m.to));
    inFlight.push(...sent.map((m) => canonicalJson(m)));
    expect(sent.map((m) => canonicalJson(m)).sort()).toEqual(step.sent.map((m) => canonicalJson(m)).sort());
    for (const name of Object.keys(snaps)) {
      const changed = step.changes.find((c) => c.node === name);
      const now = snaps[name] as AnyMachineSnapshot;
      if (changed === undefined) expect(canonicalJson(now.context)).toBe(canonicalJson((before[name] as AnyMachineSnapshot).context));
      else expect(canonicalJson({ value: now.value, context: now.context })).toBe(canonicalJson({ value: changed.after.value, context: changed.after.context }));
    }
  }
  return snaps;
}
