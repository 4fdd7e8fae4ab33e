import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isObjectName, matchPhrase, windowSeconds, wordsOf } from '../../../src/analysis/alerts/match-phrase.js';
import { readWorkloadPhrases } from '../../../src/analysis/alerts/read-workload-phrases.js';

test('a phrase matches word by word, with slots for names, namespace/pod and numbers', () => {
  const words = wordsOf('Container api in pod payments/api-7d9f8b6c5-x2x9q has been OOMKilled 3 times in the last 10 minutes.');
  const [m] = matchPhrase(words, ['container', '{name}', 'in', 'pod', '{ns/name}', 'has', 'been', 'oomkilled', '{number}', 'times', 'in', 'the', 'last', '{window}']);
  assert.deepEqual(m?.slots, ['api', ['payments', 'api-7d9f8b6c5-x2x9q'], '3', '10 minutes']);
});

test('a name slot takes only Kubernetes names: a sentence word with capitals or a trailing dash is not one', () => {
  assert.equal(isObjectName('api-7d9f8b6c5-x2x9q'), true);
  assert.equal(isObjectName('ip-10-0-3-17.eu-west-1.compute.internal'), true);
  assert.equal(isObjectName('Pod'), false);
  assert.equal(isObjectName('api-'), false);
  assert.equal(isObjectName(''), false);
  assert.deepEqual(matchPhrase(wordsOf('Pod Is OOMKilled on namespace payments'), ['pod', '{name}', 'is']), []);
});

test('a (name) slot takes only a parenthesized name', () => {
  assert.deepEqual(matchPhrase(wordsOf('Pod payments/api-x (api) is restarting'), ['pod', '{ns/name}', '{(name)}'])[0]?.slots, [['payments', 'api-x'], 'api']);
  assert.deepEqual(matchPhrase(wordsOf('Pod payments/api-x has restarted'), ['pod', '{ns/name}', '{(name)}']), []);
});

test('periods as alerts print them', () => {
  assert.equal(windowSeconds('10 minutes'), 600);
  assert.equal(windowSeconds('hour'), 3600);
  assert.equal(windowSeconds('10m'), 600);
  assert.equal(windowSeconds('1h'), 3600);
  assert.equal(windowSeconds('2 days'), 172800);
  assert.equal(windowSeconds('m'), null);
  assert.equal(windowSeconds('soon'), null);
  assert.equal(windowSeconds('0 minutes'), null);
});

test('rule sentences give the workload; the first line that gives a fact wins', () => {
  assert.deepEqual(
    readWorkloadPhrases([
      'OOMKill Surge: Container zenko/s3api-6c9d8f7b5-qz7kp/s3api on Node node-2 exceeds its memory allocation limit (OOMKilled). Pod restarted 2 time(s) in last hour.',
      'Pod other/x-1 (y) is restarting',
    ]),
    { namespace: 'zenko', pod: 's3api-6c9d8f7b5-qz7kp', container: 's3api', node: 'node-2', cluster: null, count: 2, window: { text: 'hour', seconds: 3600 } },
  );
  assert.equal(readWorkloadPhrases(['Container api in pod payments/api-1 has been OOMKilled 1.0169491525423728 times in the last 10 minutes.']).count, 1);
  assert.equal(readWorkloadPhrases(['Pod payments/api-x (api) is in waiting state on cluster prod-eu-1.']).cluster, 'prod-eu-1');
});

test("other rules' wordings: a cluster in the sentence, containers killed on a node, a past period", () => {
  assert.deepEqual(
    readWorkloadPhrases(['Container api in pod payments/api-7d9f8b6c5-x2x9q from prod-eu-1 has been OOMKilled 2 times in the last 10 minutes.']),
    { namespace: 'payments', pod: 'api-7d9f8b6c5-x2x9q', container: 'api', node: null, cluster: 'prod-eu-1', count: 2, window: { text: '10 minutes', seconds: 600 } },
  );
  const openshift = readWorkloadPhrases(['6 containers have been killed on worker-2 because they ran out of memory (OOM).']);
  assert.deepEqual([openshift.count, openshift.node], [6, 'worker-2']);
  assert.deepEqual(readWorkloadPhrases(['Multiple containers were out of memory killed within the past 15 minutes.']).window, { text: '15 minutes', seconds: 900 });
});
