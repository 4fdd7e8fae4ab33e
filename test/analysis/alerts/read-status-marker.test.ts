import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readStatusMarker } from '../../../src/analysis/alerts/read-status-marker.js';
import { subjectAlertName, subjectPod } from '../../../src/analysis/alerts/read-subject-title.js';

test('Alertmanager and Grafana subjects, Grafana legacy titles, Datadog transitions', () => {
  assert.deepEqual(readStatusMarker('[FIRING:2] KubePodCrashLooping (a b)'), { family: 'alertmanager', status: 'firing', rest: 'KubePodCrashLooping (a b)', scope: null });
  assert.equal(readStatusMarker('[FIRING:1, RESOLVED:1] X')?.status, 'firing');
  assert.equal(readStatusMarker('[RESOLVED] X')?.status, 'resolved');
  assert.deepEqual(readStatusMarker('[Alerting] Search indexer lag'), { family: 'grafana-legacy', status: 'firing', rest: 'Search indexer lag', scope: null });
  assert.equal(readStatusMarker('[OK] Search indexer lag')?.status, 'resolved');
  assert.deepEqual(readStatusMarker('[Recovered on {kube_namespace:payments}] Pod is OOMKilled'), {
    family: 'datadog',
    status: 'resolved',
    rest: 'Pod is OOMKilled',
    scope: 'kube_namespace:payments',
  });
  assert.equal(readStatusMarker('[Re-Triggered on {pod_name:x}] y')?.status, 'firing');
  assert.equal(readStatusMarker('[Warn] y')?.status, 'firing');
});

test('brackets that are not a status', () => {
  assert.equal(readStatusMarker('[4021.551234] Memory cgroup out of memory'), null);
  assert.equal(readStatusMarker('[Kubernetes] Pod x is OOMKilled'), null);
  assert.equal(readStatusMarker('no bracket'), null);
});

test("the default subject's values: an alert name wherever grouping put it, and a Deployment pod by its hash", () => {
  const rest = 'payments (KubernetesContainerOomKiller api http 10.42.3.17:8080 kube-state-metrics api-7d9f8b6c5-x2x9q warning)';
  assert.equal(subjectAlertName(rest), 'KubernetesContainerOomKiller');
  assert.equal(subjectPod(rest), 'api-7d9f8b6c5-x2x9q');
  // A StatefulSet pod, a node and an exporter's service are not Deployment pods.
  assert.equal(subjectPod('(db-0 ip-10-0-3-17 kube-prometheus-stack-kube-state-metrics node-problem-detector)'), null);
  // "aeiou" and "0", "1", "3" never occur in a pod-template hash.
  assert.equal(subjectPod('(web-abcdef123-x2x9q)'), null);
});
