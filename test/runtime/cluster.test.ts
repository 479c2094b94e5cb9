/**
 * A real 3-server Multi-Paxos cluster on loopback (one process per server,
 * TCP): it serves puts and gets while a server is killed and restarted, and
 * the clients' history is linearizable (no acknowledged write lost).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { linearize } from '../../explorer/linearizability.js';
import { register } from '../../spec/multipaxos/register.js';
import { HistoryRecorder, KvClient, KvSession } from '../../runtime/client.js';
import type { Cluster } from '../../runtime/cluster.js';
import { readLog, type ServerRecord } from '../../runtime/log.js';
import { runLoad } from '../../runtime/load.js';
import { renderValidation, validateLogs } from '../../runtime/validate.js';
import { multipaxosRuntime } from '../../runtime/protocols/multipaxos.js';
import type { ClusterShape } from '../../runtime/protocols/types.js';
import { startTestCluster, tempDir } from './helpers/cluster.js';

const shape: ClusterShape = { servers: 3, slots: 64, rounds: 50, bug: null };
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

describe('agora run multipaxos (3 servers on loopback)', () => {
  it('serves put and get', async () => {
    const logDir = tempDir('mp');
    const { cluster } = await startTestCluster({ protocol: 'multipaxos', shape, logDir, timeoutMs: 150 });
    running = cluster;
    client = new KvClient(multipaxosRuntime, shape, cluster.addresses);
    const recorder = new HistoryRecorder(logDir);
    const s = new KvSession(client, recorder, 0);
    expect(await s.get('x')).toMatchObject({ ok: true, result: null });
    expect(await s.put('x', 'hello')).toMatchObject({ ok: true, result: 'ok' });
    expect(await s.get('x')).toMatchObject({ ok: true, result: 'hello' });
    expect(await s.get('y')).toMatchObject({ ok: true, result: null });
    recorder.close();
    expectLinearizable(recorder);
  });

  it('loses no acknowledged write while the leader is killed and restarted', async () => {
    const logDir = tempDir('mp-kill');
    const { cluster } = await startTestCluster({ protocol: 'multipaxos', shape, logDir, timeoutMs: 100 });
    running = cluster;
    client = new KvClient(multipaxosRuntime, shape, cluster.addresses);
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
    // The run did what it claims: server 0 (p0, the first leader) restarted, and another proposer took over by a timeout.
    const records = (k: number) => readLog<ServerRecord>(`${logDir}/server-${k}.jsonl`).map((l) => l.record);
    expect(records(0).filter((r) => r?.k === 'boot').map((r) => r?.k === 'boot' && r.restart)).toEqual([false, true]);
    const timeouts = [1, 2].flatMap((k) => records(k).filter((r) => r?.k === 'step' && r.ev.type === 'TIMEOUT'));
    expect(timeouts.length).toBeGreaterThan(0);
  });
});
