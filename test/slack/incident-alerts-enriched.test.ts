/**
 * An OOM alert answered with what the cluster knows (KUBERNETES_API, PROMETHEUS_URL), end to end:
 * the Slack stand-in, the Kubernetes API stand-in, a real Prometheus. A lookup that misses its
 * deadline leaves its part out and the answer says so; the token never reaches the logs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startBot, type Bot } from '../helpers/bot-harness.js';
import { blocksText } from '../helpers/blocks-text.js';
import { startFakeKubernetes, type FakeKubernetes } from '../helpers/fake-kubernetes.js';
import { startPrometheus, type TestPrometheus } from '../helpers/prometheus-harness.js';
import { apiEvents, apiNode, apiPod, workingSetHistory } from '../worker/enrich/cluster-objects.js';

const INCIDENTS = 'C0INCID16';

describe('incident channels: OOM alerts enriched from the cluster', () => {
  let bot: Bot;
  let kube: FakeKubernetes;
  let prom: TestPrometheus;
  const logLines: string[] = [];
  const killedAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 20 * 60_000);

  before(async () => {
    kube = await startFakeKubernetes();
    kube.addPod(apiPod(killedAt));
    for (const e of apiEvents(killedAt)) kube.addEvent('payments', e);
    kube.addNode(apiNode());
    // A slow API server for the node: that part must be left out, not wait.
    kube.stall('/api/v1/nodes/');
    prom = await startPrometheus(workingSetHistory(killedAt));
    bot = await startBot({
      env: { INCIDENT_CHANNELS: INCIDENTS, KUBERNETES_API: 'kubeconfig', KUBECONFIG: kube.kubeconfig, PROMETHEUS_URL: prom.url, ENRICH_TIMEOUT_MS: '500', LOG_LEVEL: 'debug' },
      logStream: { write: (line: string) => void logLines.push(line) },
    });
  });
  after(async () => {
    await bot?.stop();
    await kube?.close();
    await prom?.stop();
  });

  it('the answer adds the limit, request, restarts, last termination, events and the memory graph; the slow node is named as missing', async () => {
    const ts = '1700016000.000100';
    const text = readFileSync(new URL('../fixtures/alerts/alertmanager-description-template-oom-killer.txt', import.meta.url), 'utf8');
    await bot.sendEvent({ type: 'message', subtype: 'bot_message', channel: INCIDENTS, bot_id: 'B0ALERTMGR', username: 'AlertManager', text, ts });
    await bot.slack.waitFor(() => bot.slack.reactionsOn(INCIDENTS, ts).join() === 'memo', '📝 on the alert');
    const answers = bot.slack.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === ts && c.args['reply_broadcast'] === undefined);
    assert.equal(answers.length, 1);
    const answer = blocksText(answers[0]!.args['blocks']);
    assert.match(answer, /was OOM-killed 3 times in 10 minutes — it hit its container memory limit of 512 MiB \(exit 137\)/);
    assert.match(answer, /container api: limit 512 MiB · request 256 MiB · 3 restarts · last terminated: OOMKilled \(exit 137\) at /);
    assert.match(answer, /working set in the hour before the kill: peak 510 MiB of the 512 MiB limit/);
    assert.match(answer, /BackOff: Back-off restarting failed container api/);
    assert.match(answer, /Not shown — the node's allocatable memory: the Kubernetes API did not answer in time/);
    // The node came from the API: the kernel-log command is complete.
    assert.ok(answer.includes('kubectl debug node/ip-10-0-3-17.eu-west-1.compute.internal -it --image=busybox -- chroot /host dmesg -T'));
    // The memory graph: a PNG under the answer, drawn by the chart code with the limit as a line.
    const shared = await bot.slack.waitFor(
      () => bot.slack.callsTo('files.completeUploadExternal').find((c) => c.args['thread_ts'] === ts && (c.args['files'] as Array<{ title: string }>)[0]?.title === 'Memory before the kill'),
      'the memory graph',
    );
    assert.equal(shared.args['channel_id'], INCIDENTS);
    const png = bot.slack.uploads.get((shared.args['files'] as Array<{ id: string }>)[0]!.id)!;
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG');
    assert.ok(logLines.length > 0);
    for (const line of logLines) assert.ok(!line.includes(kube.token), 'the Kubernetes token never reaches the logs');
  });
});
