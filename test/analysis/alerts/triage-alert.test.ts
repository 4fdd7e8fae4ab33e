/**
 * Every OOM alert format (test/fixtures/alerts, sources in SOURCES.md) → the Report's `alert`: the
 * sentence a reader sees first, the cause, and the read-only next steps with the names filled in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readOomAlert } from '../../../src/analysis/alerts/read-alert.js';
import { triageAlert, withAlert } from '../../../src/analysis/alerts/triage-alert.js';
import { alertSentence } from '../../../src/analysis/alerts/alert-sentence.js';
import { analyzeText } from '../../../src/analysis/analyze.js';
import { AlertReport, Report, type ClusterFacts } from '../../../src/analysis/report/report-schema.js';

const fixture = (name: string): unknown => {
  const text = readFileSync(new URL(`../../fixtures/alerts/${name}`, import.meta.url), 'utf8');
  return name.endsWith('.json') ? JSON.parse(text) : { text };
};

const triage = (name: string, cluster: ClusterFacts | null = null): AlertReport => {
  const facts = readOomAlert(fixture(name));
  assert.ok(facts !== null, `${name} reads as an OOM alert`);
  const alert = triageAlert(facts, cluster);
  assert.equal(AlertReport.safeParse(alert).success, true);
  return alert;
};

const runs = (a: AlertReport): string[] => a.suggestions.flatMap((s) => s.commands.map((c) => c.run));

const cases: Array<[file: string, sentence: string, cause: string, commands: string[]]> = [
  [
    'alertmanager-description-template-oom-killer.txt',
    'Container api in payments/api-7d9f8b6c5-x2x9q was OOM-killed 3 times in 10 minutes — it hit its container memory limit (exit 137)',
    'cgroup_limit',
    [
      'kubectl describe pod api-7d9f8b6c5-x2x9q -n payments',
      'kubectl logs api-7d9f8b6c5-x2x9q -n payments -c api --previous',
      'kubectl top pod api-7d9f8b6c5-x2x9q -n payments --containers',
      "kubectl get pod api-7d9f8b6c5-x2x9q -n payments -o jsonpath='{.spec.nodeName}'",
    ],
  ],
  [
    'alertmanager-docs-receiver-metalk8s-oomkill-surge.json',
    'Container s3api in zenko/artesca-data-connector-s3api-6c9d8f7b5-qz7kp was OOM-killed 2 times in the last hour — it hit its container memory limit (exit 137)',
    'cgroup_limit',
    [
      'kubectl describe pod artesca-data-connector-s3api-6c9d8f7b5-qz7kp -n zenko',
      'kubectl logs artesca-data-connector-s3api-6c9d8f7b5-qz7kp -n zenko -c s3api --previous',
      'kubectl top pod artesca-data-connector-s3api-6c9d8f7b5-qz7kp -n zenko --containers',
      'kubectl debug node/node-2 -it --image=busybox -- chroot /host dmesg -T',
    ],
  ],
  [
    'alertmanager-details-template-node-problem-oomkilling.json',
    'A process on node master01 was OOM-killed — the alert does not say which limit was hit',
    'unknown',
    ['kubectl describe node master01', 'kubectl get events -A --field-selector involvedObject.name=master01', 'kubectl debug node/master01 -it --image=busybox -- chroot /host dmesg -T'],
  ],
  [
    'datadog-recommended-monitor-pod-oomkilled.json',
    'Pod payments/api-7d9f8b6c5-x2x9q was OOM-killed in the last 10 minutes — it hit its container memory limit (exit 137)',
    'cgroup_limit',
    [
      'kubectl describe pod api-7d9f8b6c5-x2x9q -n payments',
      'kubectl logs api-7d9f8b6c5-x2x9q -n payments --previous',
      'kubectl top pod api-7d9f8b6c5-x2x9q -n payments --containers',
      "kubectl get pod api-7d9f8b6c5-x2x9q -n payments -o jsonpath='{.spec.nodeName}'",
    ],
  ],
  [
    'grafana-default-template-oom-killer.json',
    'Container worker in batch/report-worker-5f7c9d8b47-m2vtn was OOM-killed in the last 10 minutes — it hit its container memory limit (exit 137)',
    'cgroup_limit',
    [
      'kubectl describe pod report-worker-5f7c9d8b47-m2vtn -n batch',
      'kubectl logs report-worker-5f7c9d8b47-m2vtn -n batch -c worker --previous',
      'kubectl top pod report-worker-5f7c9d8b47-m2vtn -n batch --containers',
      "kubectl get pod report-worker-5f7c9d8b47-m2vtn -n batch -o jsonpath='{.spec.nodeName}'",
    ],
  ],
  [
    'kube-eventer-npd-oomkilling.txt',
    'Process java (pid 300907) on node cn-shanghai.10.68.68.84 was OOM-killed — its memory cgroup hit its limit',
    'cgroup_limit',
    [
      'kubectl describe node cn-shanghai.10.68.68.84',
      'kubectl get events -A --field-selector involvedObject.name=cn-shanghai.10.68.68.84',
      'kubectl debug node/cn-shanghai.10.68.68.84 -it --image=busybox -- chroot /host dmesg -T',
    ],
  ],
  [
    'kubernetes-event-exporter-previous-container-was-oomkilled.json',
    'Container api was OOM-killed — it hit its container memory limit (exit 137)',
    'cgroup_limit',
    ['kubectl get events -A --field-selector reason=OOMKilling', "kubectl get pods -A -o wide | grep -E 'OOMKilled|CrashLoopBackOff'"],
  ],
  [
    'kwatch-oomkilled.json',
    'Container api in payments/api-7d9f8b6c5-x2x9q was OOM-killed — it hit its container memory limit (exit 137)',
    'cgroup_limit',
    [
      'kubectl describe pod api-7d9f8b6c5-x2x9q -n payments',
      'kubectl logs api-7d9f8b6c5-x2x9q -n payments -c api --previous',
      'kubectl top pod api-7d9f8b6c5-x2x9q -n payments --containers',
      'kubectl debug node/ip-10-0-3-17.eu-west-1.compute.internal -it --image=busybox -- chroot /host dmesg -T',
    ],
  ],
  [
    'robusta-oomkill-current-sender.json',
    'Container api in payments/api-7d9f8b6c5-x2x9q was OOM-killed — it hit its container memory limit of 512 MiB (exit 137)',
    'cgroup_limit',
    [
      'kubectl describe pod api-7d9f8b6c5-x2x9q -n payments',
      'kubectl logs api-7d9f8b6c5-x2x9q -n payments -c api --previous',
      'kubectl top pod api-7d9f8b6c5-x2x9q -n payments --containers',
      'kubectl debug node/ip-10-0-3-17.eu-west-1.compute.internal -it --image=busybox -- chroot /host dmesg -T',
    ],
  ],
  [
    'robusta-oomkill-docs-2023-screenshot.json',
    'Container memory-eater in default/oom-kill-job3-mxxjg was OOM-killed — it hit its container memory limit of 100 MiB (exit 137)',
    'cgroup_limit',
    [
      'kubectl describe pod oom-kill-job3-mxxjg -n default',
      'kubectl logs oom-kill-job3-mxxjg -n default -c memory-eater --previous',
      'kubectl top pod oom-kill-job3-mxxjg -n default --containers',
      'kubectl debug node/gke-pavan-dev-default-pool-0630351c-2jjt -it --image=busybox -- chroot /host dmesg -T',
    ],
  ],
];

for (const [file, sentence, cause, commands] of cases) {
  test(`${file}: "${sentence.slice(0, 60)}…", its next steps named and read-only`, () => {
    const alert = triage(file);
    assert.equal(alertSentence(alert), sentence);
    assert.equal(alert.cause, cause);
    assert.deepEqual(runs(alert), commands);
    for (const s of alert.suggestions) for (const c of s.commands) assert.equal(c.effect, 'read', c.run);
  });
}

test('a name the alert does not give stays a placeholder, and the command is still labelled read-only', () => {
  const alert = triage('alertmanager-default-title-group-by-namespace.json');
  assert.equal(alert.cause, 'unknown');
  assert.equal(alert.exitCode, null);
  assert.deepEqual(runs(alert).slice(0, 1), ['kubectl describe pod api-7d9f8b6c5-x2x9q -n <namespace>']);
  assert.ok(alert.suggestions.every((s) => s.commands.every((c) => c.effect === 'read')));
});

test('the cluster fills in what the alert left out, and a container without a memory limit means the node ran out', () => {
  const cluster: ClusterFacts = {
    pod: {
      namespace: 'payments',
      name: 'api-7d9f8b6c5-x2x9q',
      node: 'node-a',
      container: 'api',
      requestBytes: 256 * 2 ** 20,
      limitBytes: null,
      restartCount: 3,
      lastTerminated: { reason: 'OOMKilled', exitCode: 137, startedAt: null, finishedAt: '2024-07-18T15:03:59Z' },
    },
    node: null,
    events: [],
    memory: null,
    gaps: [],
  };
  const alert = triage('alertmanager-description-template-oom-killer.txt', cluster);
  assert.equal(alert.cause, 'system_memory_exhausted');
  assert.match(alertSentence(alert), /it has no memory limit, so the node ran out of memory \(exit 137\)$/);
  assert.ok(runs(alert).includes('kubectl debug node/node-a -it --image=busybox -- chroot /host dmesg -T'));
});

test('withAlert: with no kill in the text the alert is the summary; a kill in the text keeps its own', () => {
  const alert = triage('alertmanager-description-template-oom-killer.txt');
  const empty = withAlert(analyzeText('[FIRING:1] KubernetesContainerOomKiller'), alert);
  assert.equal(Report.safeParse(empty).success, true);
  assert.match(empty.summary, /^Container api in payments\/api-7d9f8b6c5-x2x9q was OOM-killed 3 times/);
  const log = readFileSync(new URL('../../../examples/cgroup-v1-parent-limit.log', import.meta.url), 'utf8');
  const withKill = analyzeText(log);
  assert.equal(withAlert(withKill, alert).summary, withKill.summary);
});
