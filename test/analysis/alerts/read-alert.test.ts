import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AlertFacts } from '../../../src/analysis/alerts/alert-facts.js';
import { readAlert, readOomAlert } from '../../../src/analysis/alerts/read-alert.js';

/** Fixtures and their sources: test/fixtures/alerts/SOURCES.md. */
const fixture = (name: string): unknown => {
  const text = readFileSync(new URL(`../../fixtures/alerts/${name}`, import.meta.url), 'utf8');
  return name.endsWith('.json') ? JSON.parse(text) : { text };
};

/** The facts of an OOM alert fixture, checked against the schema. */
const oomFacts = (name: string): AlertFacts => {
  const facts = readOomAlert(fixture(name));
  assert.ok(facts !== null, `${name} should read as an OOM alert`);
  assert.equal(AlertFacts.safeParse(facts).success, true);
  return facts;
};

const NO_MEMORY = { limitBytes: null, requestBytes: null, usageBytes: null, nodeAllocatableBytes: null };
const MiB = 2 ** 20;

test('Alertmanager with a *Description:* text template: container, pod, namespace, 3 kills in 10 minutes', () => {
  const f = oomFacts('alertmanager-description-template-oom-killer.txt');
  assert.equal(f.source, 'alertmanager');
  assert.equal(f.status, 'firing');
  assert.equal(f.alertName, 'KubernetesContainerOomKiller');
  assert.equal(f.oomKind, 'kubernetes-oomkilled');
  assert.deepEqual([f.namespace, f.pod, f.container], ['payments', 'api-7d9f8b6c5-x2x9q', 'api']);
  assert.equal(f.count, 3);
  assert.deepEqual(f.window, { text: '10 minutes', seconds: 600 });
  assert.equal(f.node, null);
});

test('Alertmanager with its default Slack config says only a title: the alert and the Deployment pod, nothing positional', () => {
  const f = oomFacts('alertmanager-default-title-group-by-namespace.json');
  assert.equal(f.source, 'alertmanager');
  assert.equal(f.status, 'firing');
  // Grouped by namespace, the title starts with "payments", not with the alert's name.
  assert.equal(f.alertName, 'KubernetesContainerOomKiller');
  assert.equal(f.pod, 'api-7d9f8b6c5-x2x9q');
  // "payments" and "api" are somewhere among the values, but nothing says which is which.
  assert.equal(f.namespace, null);
  assert.equal(f.container, null);
  assert.equal(f.oomKind, 'unspecified');
});

test('Alertmanager summary/description receiver: the description sentence and the printed label map', () => {
  const f = oomFacts('alertmanager-docs-receiver-oom-killer.json');
  assert.equal(f.status, 'firing');
  assert.equal(f.severity, 'warning');
  assert.deepEqual([f.namespace, f.pod, f.container], ['payments', 'api-7d9f8b6c5-x2x9q', 'api']);
  assert.equal(f.count, 2);
  assert.equal(f.window?.seconds, 600);
  assert.deepEqual(f.memory, NO_MEMORY);
});

test('Alertmanager [RESOLVED] reads as resolved, still about the OOM kill', () => {
  const f = oomFacts('alertmanager-docs-receiver-oom-killer-resolved.json');
  assert.equal(f.status, 'resolved');
  assert.equal(f.pod, 'api-7d9f8b6c5-x2x9q');
});

test("node-problem-detector's metric through Alertmanager: the node is the subject, the exporter's own pod is not the victim", () => {
  const f = oomFacts('alertmanager-details-template-node-problem-oomkilling.json');
  assert.equal(f.source, 'alertmanager');
  assert.equal(f.alertName, 'NodeProblemOOMKilling');
  assert.equal(f.reason, 'OOMKilling');
  assert.equal(f.oomKind, 'kernel-unknown');
  assert.equal(f.cluster, 'ankhmorpork');
  assert.equal(f.node, 'master01');
  // namespace/pod/container labels are node-problem-detector-bj27x's, the messenger.
  assert.deepEqual([f.namespace, f.pod, f.container], [null, null, null]);
  assert.equal(f.severity, 'warning');
});

test('metalk8s KubeContainerOOMKillSurge: namespace/pod/container on Node, restarts in the last hour', () => {
  const f = oomFacts('alertmanager-docs-receiver-metalk8s-oomkill-surge.json');
  assert.equal(f.alertName, 'KubeContainerOOMKillSurge');
  assert.deepEqual(
    [f.namespace, f.pod, f.container, f.node],
    ['zenko', 'artesca-data-connector-s3api-6c9d8f7b5-qz7kp', 's3api', 'node-2'],
  );
  assert.equal(f.count, 2);
  assert.deepEqual(f.window, { text: 'hour', seconds: 3600 });
});

test('KubePodCrashLooping names no OOM kill: an alert, but not one to explain', () => {
  const message = fixture('alertmanager-docs-receiver-kube-pod-crash-looping.json');
  assert.equal(readOomAlert(message), null);
  const f = readAlert(message);
  assert.equal(f?.alertName, 'KubePodCrashLooping');
  assert.equal(f?.aboutOomKill, false);
  assert.equal(f?.oomEvidence, null);
  // What it does say is still read, for whoever wants it.
  assert.deepEqual([f?.namespace, f?.pod, f?.container], ['payments', 'api-7d9f8b6c5-x2x9q', 'api']);
});

test('Grafana default template: labels list, folder in the title, one kill in 10 minutes', () => {
  const f = oomFacts('grafana-default-template-oom-killer.json');
  assert.equal(f.source, 'grafana');
  assert.equal(f.status, 'firing');
  assert.equal(f.alertName, 'KubernetesContainerOomKiller');
  assert.equal(f.severity, 'warning');
  assert.deepEqual([f.namespace, f.pod, f.container], ['batch', 'report-worker-5f7c9d8b47-m2vtn', 'worker']);
  assert.equal(f.count, 1);
  assert.equal(f.window?.seconds, 600);
});

test('Grafana memory-usage alert names no OOM kill', () => {
  const message = fixture('grafana-default-template-high-memory.json');
  assert.equal(readOomAlert(message), null);
  assert.equal(readAlert(message)?.source, 'grafana');
  assert.equal(readAlert(message)?.aboutOomKill, false);
});

test("Datadog's recommended OOMKilled monitor: scope tags give cluster, namespace and pod", () => {
  const f = oomFacts('datadog-recommended-monitor-pod-oomkilled.json');
  assert.equal(f.source, 'datadog');
  assert.equal(f.status, 'firing');
  assert.equal(f.alertName, '[Kubernetes] Pod api-7d9f8b6c5-x2x9q is OOMKilled on namespace payments');
  assert.deepEqual([f.cluster, f.namespace, f.pod], ['prod-eu-1', 'payments', 'api-7d9f8b6c5-x2x9q']);
  // The monitor groups by pod, not container, and counts "at least one".
  assert.equal(f.container, null);
  assert.equal(f.count, null);
  assert.deepEqual(f.window, { text: '10 minutes', seconds: 600 });
  assert.equal(f.oomKind, 'kubernetes-oomkilled');
});

test('Datadog [Recovered on {…}] reads as resolved', () => {
  const message = fixture('datadog-recommended-monitor-pod-oomkilled.json') as { attachments: Array<{ title: string; fallback: string }> };
  for (const a of message.attachments) {
    a.title = a.title.replace('[Triggered on', '[Recovered on');
    a.fallback = a.fallback.replace('[Triggered on', '[Recovered on');
  }
  assert.equal(readOomAlert(message)?.status, 'resolved');
});

test("kube-eventer relaying node-problem-detector's OOMKilling: node from the event name, the kernel's victim, the time", () => {
  const f = oomFacts('kube-eventer-npd-oomkilling.txt');
  assert.equal(f.source, 'node-problem-detector');
  assert.equal(f.status, null);
  assert.equal(f.reason, 'OOMKilling');
  assert.equal(f.oomKind, 'kernel-memcg');
  assert.equal(f.node, 'cn-shanghai.10.68.68.84');
  // "Kill process 302951 (AsyncLogger-1) … or sacrifice child" chose; "Killed process 300907 (java)" died.
  assert.deepEqual(f.killedProcess, { pid: 300907, comm: 'java', anonRssBytes: 101048 * 1024 });
  // Node events live in "default"; no workload is named.
  assert.deepEqual([f.namespace, f.pod, f.container], [null, null, null]);
  assert.equal(f.time, '2020-07-01 10:04:39 +0800 CST');
});

test("kubernetes-event-exporter relaying node-problem-detector's OOMKilling: the kernel line, no node printed", () => {
  const f = oomFacts('kubernetes-event-exporter-npd-oomkilling.json');
  assert.equal(f.source, 'node-problem-detector');
  assert.equal(f.oomKind, 'kernel-memcg');
  assert.deepEqual(f.killedProcess, { pid: 3504804, comm: 'kubectl', anonRssBytes: 58776 * 1024 });
  assert.equal(f.node, null);
  assert.equal(f.namespace, null);
});

test('kubernetes-event-exporter with a PreviousContainerWasOOMKilled event: container and namespace, no pod', () => {
  const f = oomFacts('kubernetes-event-exporter-previous-container-was-oomkilled.json');
  assert.equal(f.source, 'kubernetes-event');
  assert.equal(f.reason, 'PreviousContainerWasOOMKilled');
  assert.equal(f.container, 'api');
  assert.equal(f.namespace, 'payments');
  assert.equal(f.pod, null);
  assert.equal(f.oomKind, 'kubernetes-oomkilled');
});

test('kwatch OOMKilled: every field, the pod under "Name"', () => {
  const f = oomFacts('kwatch-oomkilled.json');
  assert.equal(f.source, 'kubernetes-event');
  assert.equal(f.reason, 'OOMKilled');
  assert.deepEqual(
    [f.cluster, f.namespace, f.pod, f.container, f.node],
    ['prod-eu-1', 'payments', 'api-7d9f8b6c5-x2x9q', 'api', 'ip-10-0-3-17.eu-west-1.compute.internal'],
  );
});

test("kwatch's own screenshot, an image pull failure, names no OOM kill", () => {
  const message = fixture('kwatch-errimagepull-screenshot.json');
  assert.equal(readOomAlert(message), null);
  const f = readAlert(message);
  assert.equal(f?.reason, 'ErrImagePull');
  assert.equal(f?.pod, 'mytest');
});

test('Robusta today: finding title, Node Info and Container Info tables, MiB printed as MB', () => {
  const f = oomFacts('robusta-oomkill-current-sender.json');
  assert.equal(f.source, 'robusta');
  // An OOM kill seen by the API server is an event: it neither fires nor resolves.
  assert.equal(f.status, null);
  assert.equal(f.alertName, 'Pod api-7d9f8b6c5-x2x9q in namespace payments OOMKilled results');
  assert.equal(f.severity, 'high');
  assert.deepEqual(
    [f.cluster, f.namespace, f.pod, f.container, f.node],
    ['prod-eu-1', 'payments', 'api-7d9f8b6c5-x2x9q', 'api', 'ip-10-0-3-17.eu-west-1.compute.internal'],
  );
  assert.equal(f.time, '2026-03-02T09:40:58Z');
  assert.deepEqual(f.memory, { limitBytes: 512 * MiB, requestBytes: 256 * MiB, usageBytes: null, nodeAllocatableBytes: 15232 * MiB });
});

test("Robusta's 2023 docs screenshot: ● rows, \"100MB request, 100MB limit\", the cluster in Source", () => {
  const f = oomFacts('robusta-oomkill-docs-2023-screenshot.json');
  assert.deepEqual(
    [f.cluster, f.namespace, f.pod, f.container, f.node],
    ['robustaUI', 'default', 'oom-kill-job3-mxxjg', 'memory-eater', 'gke-pavan-dev-default-pool-0630351c-2jjt'],
  );
  assert.equal(f.time, '2023-04-07T08:05:07Z');
  assert.deepEqual(f.memory, { limitBytes: 100 * MiB, requestBytes: 100 * MiB, usageBytes: null, nodeAllocatableBytes: 2812 * MiB });
});

test("Robusta's 2022 docs screenshot: a label | value table in a code block", () => {
  const f = oomFacts('robusta-oomkill-docs-2022-screenshot.json');
  assert.equal(f.cluster, 'clean-install-tests-cluster');
  assert.deepEqual([f.namespace, f.pod, f.node], ['default', 'oom-kill-by-pod2', 'gke-avi-tests-default-pool-c8735992-1pc7']);
  assert.equal(f.container, null);
  assert.equal(f.time, '2022-07-18T07:04:33Z');
  assert.deepEqual(f.memory, { limitBytes: 300 * MiB, requestBytes: 300 * MiB, usageBytes: null, nodeAllocatableBytes: 2813 * MiB });
  // The pod's name contains "oom-kill"; the evidence is Robusta's "OOMKilled", not the name.
  assert.equal(f.oomEvidence, 'OOMKilled');
});

test('a person writing about an OOM kill is not an alert', () => {
  assert.equal(readAlert({ text: 'the api pod in payments got OOMKilled again, anyone looking?' }), null);
});

test('a pasted kernel kill line is not an alert: the log analyser reads it', () => {
  const line =
    '[4021.551234] Memory cgroup out of memory: Killed process 1234 (java) total-vm:4932196kB, anon-rss:1041196kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:2380kB oom_score_adj:936';
  assert.equal(readAlert({ text: line }), null);
});

test('a pasted kubectl describe is not an alert, though it names a namespace, a node and OOMKilled', () => {
  const describe = readFileSync(new URL('../../fixtures/kubectl/describe-pod-two-oomkilled-containers-node.txt', import.meta.url), 'utf8');
  assert.equal(readAlert({ text: describe }), null);
});

test('messages that are not Slack messages are not alerts', () => {
  assert.equal(readAlert(null), null);
  assert.equal(readAlert('[FIRING:1] KubernetesContainerOomKiller'), null);
  assert.equal(readAlert({ attachments: 'x' }), null);
  assert.equal(readAlert({}), null);
});

test('an unknown template shaped like an alert is read as source "unknown"', () => {
  const f = readOomAlert({
    text: '[FIRING:1] ContainerOOMKilled\nnamespace: payments\npod: api-7d9f8b6c5-x2x9q\ncontainer: api\nreason: OOMKilled',
    username: 'ops-bot',
  });
  // A [FIRING:n] title is Alertmanager's; without one, the labels alone make it an alert.
  assert.equal(f?.source, 'alertmanager');
  const g = readOomAlert({ text: 'namespace: payments\npod: api-7d9f8b6c5-x2x9q\nreason: OOMKilled' });
  assert.equal(g?.source, 'unknown');
  assert.deepEqual([g?.namespace, g?.pod, g?.reason, g?.oomKind], ['payments', 'api-7d9f8b6c5-x2x9q', 'OOMKilled', 'kubernetes-oomkilled']);
});

test("kube-state-metrics scraped without honor_labels: the subject's labels are the exported_ ones", () => {
  const f = readOomAlert({
    username: 'Grafana',
    attachments: [
      {
        title: '[FIRING:1] KubernetesContainerOomKiller Kubernetes (…)',
        text: [
          '**Firing**',
          '',
          'Value: B=1, C=1',
          'Labels:',
          ' - alertname = KubernetesContainerOomKiller',
          ' - container = kube-state-metrics',
          ' - exported_container = api',
          ' - exported_namespace = payments',
          ' - exported_pod = api-7d9f8b6c5-x2x9q',
          ' - job = kube-state-metrics',
          ' - namespace = monitoring',
          ' - pod = kube-state-metrics-6d5b7c9f84-qz2lm',
          'Annotations:',
          ' - summary = Kubernetes container oom killer',
        ].join('\n'),
        footer: 'Grafana v11.4.0',
      },
    ],
  });
  assert.deepEqual([f?.namespace, f?.pod, f?.container], ['payments', 'api-7d9f8b6c5-x2x9q', 'api']);
});

test("a pod told by its shape in the title gives way to one a sentence names", () => {
  const f = readOomAlert({
    attachments: [
      {
        title: '[FIRING:1] KubernetesContainerOomKiller (api kube-state-metrics payments web-6c9d8f7b5-qz7kp warning)',
        text: 'description: Container api in pod payments/api-7d9f8b6c5-x2x9q has been OOMKilled 1 times in the last 10 minutes.',
        fallback: '[FIRING:1] KubernetesContainerOomKiller (…) | http://alertmanager:9093/#/alerts',
      },
    ],
  });
  assert.equal(f?.pod, 'api-7d9f8b6c5-x2x9q');
});
