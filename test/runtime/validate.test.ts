/**
 * `agora validate` on real logs: a bug-variant cluster (Multi-Paxos's leader
 * decides on a single 2b, `--bug early-reply`; S-Paxos's replicas hand ids to
 * be ordered before they are stable, `order-unstable`; PBFT's replicas are
 * prepared on f prepares, `weak-prepare`) runs fine to its clients but its
 * logs are not an execution of the correct model; checked against the bug
 * variant's own model they are. Faults (loss, delay) do not make a correct
 * run invalid.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryRecorder, KvClient } from '../../runtime/client.js';
import type { Cluster } from '../../runtime/cluster.js';
import { runLoad } from '../../runtime/load.js';
import { runtimeProtocol } from '../../runtime/protocols/index.js';
import type { ClusterShape } from '../../runtime/protocols/types.js';
import { renderValidation, validateLogs } from '../../runtime/validate.js';
import { validateDir } from '../../runtime/cli-run.js';
import { startTestCluster, tempDir } from './helpers/cluster.js';

let running: Cluster | null = null;
let client: KvClient | null = null;

afterEach(async () => {
  client?.close();
  client = null;
  await running?.stop();
  running = null;
});

async function run(shape: ClusterShape, faults = { drop: 0, delayMs: 0, jitterMs: 0 }, protocol = 'multipaxos'): Promise<string> {
  const logDir = tempDir(`${protocol}-validate`);
  const { cluster } = await startTestCluster({ protocol, shape, logDir, timeoutMs: 150, faults, seed: 3 });
  running = cluster;
  client = new KvClient(runtimeProtocol(protocol), shape, cluster.addresses);
  const recorder = new HistoryRecorder(logDir);
  const report = await runLoad(client, recorder, { clients: 2, keys: 3, durationMs: 8_000, ops: 40, writeRatio: 0.5, seed: 11, timing: { retryMs: 100, giveUpMs: 3_000 } });
  recorder.close();
  expect(report.ok).toBeGreaterThan(20);
  client.close();
  client = null;
  await cluster.stop();
  running = null;
  return logDir;
}

describe('agora validate', () => {
  it('rejects the logs of a cluster built with --bug early-reply, and accepts them against that variant', async () => {
    const dir = await run({ servers: 3, slots: 32, rounds: 20, bug: 'early-reply' });
    const v = validateLogs(dir);
    expect(v.failure, renderValidation(v)).not.toBeNull();
    expect(v.failure?.kind).toBe('not-allowed');
    expect(v.failure?.message).toMatch(/^p0 sent 3 message\(s\), the model sends 0 here; not in the model: Decide/);
    expect(renderValidation(v)).toMatch(/^INVALID: key k\d, step \d+ \(server-0\.jsonl:\d+\)/);
    const asBuilt = validateLogs(dir, { bug: 'early-reply' });
    expect(asBuilt.failure, renderValidation(asBuilt)).toBeNull();
    // The command's exit codes: 1 invalid, 0 valid.
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
    expect(validateDir(dir, null, io)).toBe(1);
    expect(validateDir(dir, 'early-reply', io)).toBe(0);
    expect(out[1]).toMatch(/^valid: every step is one the multipaxos model allows/);
  });

  it('accepts a correct cluster run with 10% loss and jittered delay', async () => {
    const dir = await run({ servers: 3, slots: 32, rounds: 20, bug: null }, { drop: 0.1, delayMs: 1, jitterMs: 5 });
    const v = validateLogs(dir);
    expect(v.failure, renderValidation(v)).toBeNull();
    expect(v.steps).toBeGreaterThan(100);
  });

  /**
   * Per variant: the first step that the correct model does not take (who takes it and what it sent that the model does not),
   * and the property the variant's own model may find violated on the same logs (null: none; the steps are all its own).
   * S-Paxos's leader orders an id that only its coordinator holds whenever the forward to a second replica is slower than the
   * 2a: `durability` fails, in most short runs.
   */
  const VARIANTS = [
    { protocol: 'spaxos', servers: 3, bug: 'order-unstable', first: /^r\d sent \d+ message\(s\), the model sends \d+ here; not in the model: Request\(c\d+\.\d+, r\d→p\d\)/, violates: 'durability' },
    { protocol: 'pbft', servers: 4, bug: 'weak-prepare', first: /^r\d sent \d+ message\(s\), the model sends \d+ here; not in the model: Commit\(v=0, n=1/, violates: null },
  ];

  it.each(VARIANTS)('rejects the logs of a $protocol cluster built with --bug $bug; its own model allows the steps and catches any property they break', async ({ protocol, servers, bug, first, violates }) => {
    const dir = await run({ servers, slots: 32, rounds: 20, bug }, undefined, protocol);
    const v = validateLogs(dir);
    expect(v.failure, renderValidation(v)).not.toBeNull();
    expect(v.failure?.kind).toBe('not-allowed');
    expect(v.failure?.message).toMatch(first);
    const asBuilt = validateLogs(dir, { bug });
    if (violates === null || asBuilt.failure === null) expect(asBuilt.failure, renderValidation(asBuilt)).toBeNull();
    else expect(asBuilt.failure, renderValidation(asBuilt)).toMatchObject({ kind: 'property', message: expect.stringMatching(new RegExp(`^property ${violates} fails`)) as unknown });
  });
});
