import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readLabelPairs } from '../../../src/analysis/alerts/read-label-pairs.js';

const pairsOf = (...lines: string[]): Record<string, string> => Object.fromEntries(readLabelPairs(lines, []));

test('Alertmanager and Grafana label lists: " - key = value"', () => {
  assert.deepEqual(pairsOf('Labels:', ' - alertname = KubernetesContainerOomKiller', ' - namespace = payments'), {
    alertname: 'KubernetesContainerOomKiller',
    namespace: 'payments',
  });
});

test('the *Details:* template, folded onto one line by a `>-` YAML scalar', () => {
  assert.deepEqual(pairsOf('Details:  • node: master01  • pod: node-problem-detector-bj27x  • reason: OOMKilling  '), {
    node: 'master01',
    pod: 'node-problem-detector-bj27x',
    reason: 'OOMKilling',
  });
});

test('a rule printing {{ $labels }}: Go map syntax, values with colons kept whole', () => {
  assert.deepEqual(pairsOf('  LABELS = map[container:api instance:10.42.3.17:8080 namespace:payments]'), {
    container: 'api',
    instance: '10.42.3.17:8080',
    namespace: 'payments',
  });
});

test('title label lists (k="v", …) and Datadog scopes {k:v,…}; a bracketed sentence gives nothing', () => {
  assert.deepEqual(pairsOf('[FIRING:1] X for y (alertname="X", node="master01")'), { alertname: 'X', node: 'master01' });
  assert.deepEqual(pairsOf('[Triggered on {kube_namespace:payments,pod_name:api-7d9f8b6c5-x2x9q}] Pod is OOMKilled'), {
    kube_namespace: 'payments',
    pod_name: 'api-7d9f8b6c5-x2x9q',
  });
  assert.deepEqual(pairsOf('Process killed (see {the runbook} for details)'), {});
});

test('plain "Key: value" and "Key:value" lines, text tables, normalized keys; the first value wins', () => {
  assert.deepEqual(pairsOf('Reason:OOMKilling ', 'Node Name | gke-a-1', 'Timestamp:2020-07-01 10:04:39 +0800 CST', 'reason: later'), {
    reason: 'OOMKilling',
    node_name: 'gke-a-1',
    timestamp: '2020-07-01 10:04:39 +0800 CST',
  });
});

test('a URL and a sentence with a colon are not labels', () => {
  assert.deepEqual(pairsOf('https://grafana.example.net/d/abc', 'Memory cgroup out of memory: Killed process 1 (x)'), {});
});

test('fields are pairs too, read before the text', () => {
  const pairs = readLabelPairs(['reason: from text'], [{ title: 'Reason', value: 'OOMKilled' }, { title: 'Node', value: 'n1' }]);
  assert.deepEqual(Object.fromEntries(pairs), { reason: 'OOMKilled', node: 'n1' });
});
