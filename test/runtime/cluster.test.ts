/**
 * Real clusters on loopback (one process per server, TCP), for every
 * protocol the runtime runs: a cluster serves puts and gets; under
 * closed-loop load the server of the first leader (Multi-Paxos's and
 * S-Paxos's proposer p0, PBFT's view-0 primary r0) is killed and restarted,
 * another node takes over by a timeout, the clients' history is linearizable
 * (no acknowledged write lost) and the logs validate.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { linearize } from '../../explorer/linearizability.js';
import { register } from '../../spec/multipaxos/register.js';
import { HistoryRecorder, KvClient, KvSession } from '../../runtime/client.js';
import type { Cluster } from '../../runtime/cluster.js';
import { readLog, type ServerRecord } from '../../runtime/log.js';
import { runLoad } from '../../runtime/load.js';
import { renderValidation, validateLogs } from '../../runtime/validate.js';
import { runtimeProtocol } from '../../runtime/protocols/index.js';
import type { ClusterShape } from '../../runtime/protocols/types.js';
import { startTestCluster, tempDir } from './helpers/cluster.js';

let running: Cluster | null = null;
let client: KvClient | null = null;

afterEach(async () => {
  client?.close();
  client = null;
  await running?.stop();
  running = null;
});

function expectLinearizable(recorder: HistoryRecorder): void {
  for (const [key, history] of recorder.all) {
    expect(linearize(history, register), `key ${key} is not linearizable`).not.toBeNull();
  }
}

/**
 * Per protocol: the cluster, its time-out (ms), and what a server other than 0 sends when it takes over after server 0 is
 * killed (a proposer's phase 1; PBFT's new primary's new-view). PBFT's time-out is longer: a view change started while every
 * replica is up, by a request that was merely slow on a loaded machine, can leave the replicas in different views for a while.
 */
const CASES: readonly { protocol: string; shape: ClusterShape; timeoutMs: number; takeover: RegExp }[] = [
  { protocol: 'multipaxos', shape: { servers: 3, slots: 64, rounds: 50, bug: null }, timeoutMs: 100, takeover: /^mp\.prepare$/ },
  { protocol: 'spaxos', shape: { servers: 3, slots: 64, rounds: 50, bug: null }, timeoutMs: 100, takeover: /^mp\.prepare$/ },
  { protocol: 'pbft', shape: { servers: 4, slots: 64, rounds: 20, bug: null }, timeoutMs: 300, takeover: /^pbft\.new-view$/ },
];

describe.each(CASES)('agora run $protocol on loopback', ({ protocol, shape, timeoutMs, takeover }) => {
  const adapter = runtimeProtocol(protocol);

  it(`serves put and get (${shape.servers} servers)`, async () => {
    const logDir = tempDir(protocol);
    const { cluster } = await startTestCluster({ protocol, shape, logDir, timeoutMs: Math.max(150, timeoutMs) });
    running = cluster;
    client = new KvClient(adapter, shape, cluster.addresses);
    const recorder = new HistoryRecorder(logDir);
    const s = new KvSession(client, recorder, 0);
    expect(await s.get('x')).toMatchObject({ ok: true, result: null });
    expect(await s.put('x', 'hello')).toMatchObject({ ok: true, result: 'ok' });
    expect(await s.get('x')).toMatchObject({ ok: true, result: 'hello' });
    expect(await s.get('y')).toMatchObject({ ok: true, result: null });
    recorder.close();
    expectLinearizable(recorder);
  });

  it('loses no acknowledged write while the first leader is killed and restarted, and the logs validate', async () => {
    const logDir = tempDir(`${protocol}-kill`);
    const { cluster } = await startTestCluster({ protocol, shape, logDir, timeoutMs });
    running = cluster;
    client = new KvClient(adapter, shape, cluster.addresses);
    const recorder = new HistoryRecorder(logDir);
    let phase = 0;
    const faults: Promise<void>[] = [];
    const report = await runLoad(client, recorder, {
      clients: 3,
      keys: 4,
      durationMs: 20_000,
      ops: 120,
      writeRatio: 0.5,
      seed: 7,
      timing: { retryMs: 150, giveUpMs: 3_000 },
      onOp: (done) => {
        if (phase === 0 && done >= 25) {
          phase = 1;
          faults.push(cluster.kill(0));
        } else if (phase === 1 && done >= 55) {
          phase = 2;
          faults.push(cluster.restart(0));
        }
      },
    });
    await Promise.all(faults);
    recorder.close();
    expect(phase).toBe(2);
    expect(report.ok).toBeGreaterThan(60);
    expectLinearizable(recorder);
    await cluster.stop();
    const v = validateLogs(logDir);
    expect(v.failure, renderValidation(v)).toBeNull();
    expect(v.steps).toBeGreaterThan(300);
    // The run did what it claims: server 0 restarted, and another server timed out and took over.
    const records = (k: number) => readLog<ServerRecord>(`${logDir}/server-${k}.jsonl`).map((l) => l.record);
    expect(records(0).filter((r) => r?.k === 'boot').map((r) => r?.k === 'boot' && r.restart)).toEqual([false, true]);
    const others = Array.from({ length: shape.servers - 1 }, (_, i) => i + 1);
    const steps = others.flatMap((k) => records(k).flatMap((r) => (r?.k === 'step' ? [r] : [])));
    expect(steps.filter((r) => r.ev.type === 'TIMEOUT').length).toBeGreaterThan(0);
    expect(steps.some((r) => r.sent.some((m) => takeover.test(m.type)))).toBe(true);
  });
});
