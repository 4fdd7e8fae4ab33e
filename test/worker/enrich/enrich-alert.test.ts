/**
 * Alert enrichment against real parts: the official @kubernetes/client-node talking to a recording
 * Kubernetes API stand-in (test/helpers/fake-kubernetes.ts) through a kubeconfig with a bearer
 * token, and a real Prometheus loaded with an hour of cAdvisor history by promtool.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createLogger } from '../../../src/logger.js';
import { readOomAlert } from '../../../src/analysis/alerts/read-alert.js';
import type { AlertFacts } from '../../../src/analysis/alerts/alert-facts.js';
import { ClusterFacts } from '../../../src/analysis/report/report-schema.js';
import { createAlertEnricher, type EnrichConfig } from '../../../src/worker/enrich/enrich-alert.js';
import { startFakeKubernetes, type FakeKubernetes } from '../../helpers/fake-kubernetes.js';
import { startPrometheus, type Sample, type TestPrometheus } from '../../helpers/prometheus-harness.js';
import { apiPod, apiEvents, apiNode, MiB, workingSetHistory } from './cluster-objects.js';

const alertFacts = (): AlertFacts => {
  const text = readFileSync(new URL('../../fixtures/alerts/alertmanager-description-template-oom-killer.txt', import.meta.url), 'utf8');
  const facts = readOomAlert({ text });
  assert.ok(facts !== null);
  return facts;
};

describe('alert enrichment from the Kubernetes API and Prometheus', () => {
  let kube: FakeKubernetes;
  let prom: TestPrometheus;
  const killedAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 20 * 60_000);
  const logLines: string[] = [];
  const log = createLogger('debug', { write: (line: string) => void logLines.push(line) });

  before(async () => {
    kube = await startFakeKubernetes();
    kube.addPod(apiPod(killedAt));
    for (const e of apiEvents(killedAt)) kube.addEvent('payments', e);
    kube.addNode(apiNode());
    const samples: Sample[] = [
      ...workingSetHistory(killedAt),
      { series: 'kube_pod_container_resource_limits{namespace="batch",pod="report-worker-5f7c9d8b47-m2vtn",container="worker",resource="memory"}', t: killedAt.getTime() / 1000 - 60, value: 1024 * MiB },
      { series: 'container_memory_working_set_bytes{namespace="batch",pod="report-worker-5f7c9d8b47-m2vtn",container="worker"}', t: killedAt.getTime() / 1000 - 60, value: 900 * MiB },
    ];
    prom = await startPrometheus(samples);
  });
  after(async () => {
    await kube?.close();
    await prom?.stop();
  });

  const config = (over: Partial<EnrichConfig> = {}): EnrichConfig => ({
    kubernetes: { mode: 'kubeconfig', kubeconfig: kube.kubeconfig },
    prometheusUrl: prom.url,
    timeoutMs: 2000,
    ...over,
  });

  it('fills in the container’s request and limit, last termination, restarts, node, events and the hour of working set', async () => {
    kube.requests.length = 0;
    const enrich = createAlertEnricher(config(), log)!;
    const cluster = await enrich(alertFacts(), log);
    assert.equal(ClusterFacts.safeParse(cluster).success, true);
    assert.deepEqual(cluster.gaps, []);
    assert.deepEqual(cluster.pod, {
      namespace: 'payments',
      name: 'api-7d9f8b6c5-x2x9q',
      node: 'ip-10-0-3-17.eu-west-1.compute.internal',
      container: 'api',
      requestBytes: 256 * MiB,
      limitBytes: 512 * MiB,
      restartCount: 3,
      lastTerminated: { reason: 'OOMKilled', exitCode: 137, startedAt: new Date(killedAt.getTime() - 6 * 60_000).toISOString().replace('.000Z', 'Z'), finishedAt: killedAt.toISOString().replace('.000Z', 'Z') },
    });
    assert.deepEqual(cluster.node, { name: 'ip-10-0-3-17.eu-west-1.compute.internal', capacityBytes: 8 * 1024 * MiB, allocatableBytes: 7 * 1024 * MiB });
    assert.deepEqual(cluster.events.map((e) => e.reason), ['Pulled', 'BackOff']);
    // The hour before the kill, every 30 s, up to the kill itself; the limit drawn is the pod's.
    const memory = cluster.memory!;
    assert.equal(memory.metric, 'container_memory_working_set_bytes');
    assert.equal(memory.end, killedAt.toISOString());
    assert.equal(memory.points.length, 121);
    assert.equal(memory.peakBytes, 510 * MiB);
    assert.equal(memory.limitBytes, 512 * MiB);
    assert.ok(memory.points[0]![1] < memory.points[120]![1], 'it climbs to the limit');

    // Exactly the three reads the RBAC grants, each with the service account's token.
    assert.deepEqual(
      kube.requests.map((r) => `${r.method} ${r.path}`).sort(),
      ['GET /api/v1/namespaces/payments/events', 'GET /api/v1/namespaces/payments/pods/api-7d9f8b6c5-x2x9q', 'GET /api/v1/nodes/ip-10-0-3-17.eu-west-1.compute.internal'],
    );
    assert.equal(kube.requests.find((r) => r.path.endsWith('/events'))!.query['fieldSelector'], 'involvedObject.name=api-7d9f8b6c5-x2x9q');
    assert.ok(kube.requests.every((r) => r.authorization === `Bearer ${kube.token}`));
  });

  it('Prometheus alone: the limit comes from kube-state-metrics', async () => {
    const enrich = createAlertEnricher(config({ kubernetes: null }), log, { now: () => killedAt })!;
    const text = readFileSync(new URL('../../fixtures/alerts/grafana-default-template-oom-killer.json', import.meta.url), 'utf8');
    const facts = readOomAlert(JSON.parse(text))!;
    const cluster = await enrich({ ...facts, time: null }, log);
    assert.equal(cluster.pod, null);
    assert.equal(cluster.memory?.limitBytes, 1024 * MiB);
    assert.equal(cluster.memory?.peakBytes, 900 * MiB);
  });

  it('a slow or refusing API leaves its part out and says which and why; the rest still comes', async () => {
    kube.stall('/api/v1/nodes/');
    kube.forbid('/api/v1/namespaces/payments/events');
    const enrich = createAlertEnricher(config({ timeoutMs: 300 }), log)!;
    const cluster = await enrich(alertFacts(), log);
    assert.deepEqual(
      [...cluster.gaps].sort((a, b) => a.part.localeCompare(b.part)),
      [
        { part: 'events', reason: 'forbidden' },
        { part: 'node', reason: 'timeout' },
      ],
    );
    assert.equal(cluster.pod?.limitBytes, 512 * MiB);
    assert.equal(cluster.memory?.peakBytes, 510 * MiB);
  });

  it('no credentials reach the logs', () => {
    assert.ok(logLines.length > 0, 'the gaps were logged');
    for (const line of logLines) assert.ok(!line.includes(kube.token), line);
  });
});
