import { test } from 'node:test';
import assert from 'node:assert/strict';
import { messageText, slackPlainText } from '../../../src/analysis/alerts/slack-message-text.js';

test('mrkdwn reads as plain text: links by their label, mentions, entities, no emphasis marks', () => {
  assert.equal(slackPlainText('*Alert:* <https://runbooks.example/oom|Runbook> for `api`'), 'Alert: Runbook for api');
  assert.equal(slackPlainText('<!channel> \nsummary: x'), '@channel \nsummary: x');
  assert.equal(slackPlainText('<!subteam^S123|@sre>'), '@sre');
  assert.equal(slackPlainText('see <https://grafana.example.net/d/abc>'), 'see https://grafana.example.net/d/abc');
  assert.equal(slackPlainText('a &lt; b &amp;&amp; c &gt; d'), 'a < b && c > d');
  // Label names keep their underscores.
  assert.equal(slackPlainText('• *kube_namespace:* `payments`'), '• kube_namespace: payments');
});

test('a line of unmatched angle brackets is read in linear time', () => {
  const hostile = '<'.repeat(200_000) + '>' + '<a'.repeat(100_000);
  const started = performance.now();
  slackPlainText(hostile);
  assert.ok(performance.now() - started < 1000);
});

test('text comes from the message, its attachments and its blocks, each piece once', () => {
  const { pieces, fields } = messageText({
    text: '[FIRING:1] KubernetesContainerOomKiller',
    attachments: [
      {
        title: '[FIRING:1] KubernetesContainerOomKiller',
        text: 'description: Container api in pod payments/api-7d9f8b6c5-x2x9q has been OOMKilled 1 times in the last 10 minutes.',
        fallback: '[FIRING:1] KubernetesContainerOomKiller | http://alertmanager:9093/#/alerts',
        fields: [{ title: 'namespace', value: 'payments' }],
      },
    ],
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'OOM kill' } },
      { type: 'section', fields: [{ type: 'mrkdwn', text: '*Reason*\nOOMKilled' }] },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'cluster prod-eu-1' }] },
      { type: 'divider' },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Investigate' } }] },
    ],
  });
  assert.deepEqual(
    pieces.map((p) => [p.origin, p.raw]),
    [
      ['title', '[FIRING:1] KubernetesContainerOomKiller'],
      ['attachment-text', 'description: Container api in pod payments/api-7d9f8b6c5-x2x9q has been OOMKilled 1 times in the last 10 minutes.'],
      ['header', 'OOM kill'],
      ['block', 'cluster prod-eu-1'],
    ],
  );
  assert.deepEqual(fields, [
    { title: 'namespace', value: 'payments' },
    { title: 'Reason', value: 'OOMKilled' },
  ]);
});

test('an alert a person pasted arrives as rich_text blocks and is read from them', () => {
  const { pieces } = messageText({
    blocks: [
      {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'emoji', name: 'fire' },
              { type: 'text', text: ' [FIRING:1] KubernetesContainerOomKiller, see ' },
              { type: 'link', url: 'https://alertmanager.example/#/alerts', text: 'Alertmanager' },
            ],
          },
          { type: 'rich_text_preformatted', elements: [{ type: 'text', text: 'namespace: payments\npod: api-7d9f8b6c5-x2x9q' }] },
          { type: 'rich_text_list', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'container: api' }] }] },
        ],
      },
    ],
  });
  assert.deepEqual(pieces.map((p) => p.raw), [
    ':fire: [FIRING:1] KubernetesContainerOomKiller, see Alertmanager\nnamespace: payments\npod: api-7d9f8b6c5-x2x9q\n• container: api',
  ]);
});

test('blocks nested deeper than a message nests them are ignored, not followed', () => {
  let deep: unknown = { type: 'text', text: 'OOMKilled' };
  for (let i = 0; i < 10_000; i++) deep = { type: 'rich_text_section', elements: [deep] };
  const { pieces } = messageText({ blocks: [{ type: 'rich_text', elements: [deep] }] });
  assert.deepEqual(pieces, []);
});
