import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisJob } from '../../src/queue/job-schema.js';
import { newAnalysisJob } from '../../src/queue/new-analysis-job.js';

test('a command job names only what differs; the rest takes the defaults and satisfies the job schema', () => {
  const job = newAnalysisJob({
    trigger: 'command',
    teamId: 'T1',
    channel: 'C1',
    source: { kind: 'inline', text: 'Out of memory: Killed process 1 (java)', files: [] },
    reply: { kind: 'new_root' },
    explicit: true,
    requestedBy: 'U1',
  });
  assert.deepEqual(AnalysisJob.parse(job), job);
  assert.equal(job.v, 1);
  assert.equal(job.reactTs, null, 'nothing to react on');
  assert.equal(job.broadcast, false, 'only incident channels broadcast');
  assert.equal(job.responseUrl, null);
});

test('a paste keeps the message it reacts on and the broadcast of an incident channel', () => {
  const job = newAnalysisJob({
    trigger: 'paste',
    teamId: null,
    channel: 'C2',
    source: { kind: 'inline', text: 'x', files: [] },
    reply: { kind: 'thread', threadTs: '1.2' },
    reactTs: '1.2',
    broadcast: true,
    explicit: false,
    requestedBy: null,
  });
  assert.deepEqual(AnalysisJob.parse(job), job);
  assert.equal(job.reactTs, '1.2');
  assert.equal(job.broadcast, true);
});
