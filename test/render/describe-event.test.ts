/** The kill title and sentence every renderer can use: what was killed, for any event. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { killSentence, killTitle } from '../../src/render/describe-event.js';
import { parentCgroupEvent } from './sample-reports.js';

describe('killTitle / killSentence', () => {
  it('name the victim process the kernel killed', () => {
    const e = parentCgroupEvent();
    assert.equal(killTitle(e), 'Killed: test (pid 30211) — parent cgroup limit');
    assert.equal(killSentence(e), 'test (pid 30211) was killed because a parent memory cgroup reached its limit.');
  });

  it('name the container when only kubectl’s OOMKilled status showed the kill', () => {
    const e = parentCgroupEvent({
      source: 'kubectl',
      cause: 'cgroup_limit',
      victim: null,
      trigger: null,
      topTasks: [],
      memcg: { taskPath: 'pod shop/orders-api container api', oomPath: null, usageKb: null, limitKb: 1572864, failcnt: null, swapUsageKb: null, swapLimitKb: null, version: null, stat: null },
      evidence: [{ file: null, line: 30, text: '        reason: OOMKilled', why: 'Kubernetes recorded the container as OOMKilled' }],
    });
    assert.equal(killTitle(e), 'Killed: pod shop/orders-api container api — cgroup limit');
    assert.equal(killSentence(e), 'pod shop/orders-api container api was killed because its memory cgroup reached its limit.');
  });

  it('say that the OOM killer ran when the kill line is not in the input', () => {
    const e = parentCgroupEvent({ victim: null });
    assert.equal(killTitle(e), 'OOM killer ran (no kill line in the input) — parent cgroup limit');
    assert.equal(killSentence(e), 'The OOM killer ran because a parent memory cgroup reached its limit; the kill line is not in the input.');
  });
});
