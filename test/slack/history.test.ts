/**
 * "Has this happened before?" end to end: the real Bolt app, a real Redis and BullMQ worker, the
 * Slack stand-in. Pastes of one Kubernetes workload's kills — each after the pod was recreated (new
 * pod UID, container id, pid) — are linked from the later replies; kills analysed in a private
 * channel are never named in a public one; `/oom history` answers privately with what the person
 * may read.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startBot, type Bot } from '../helpers/bot-harness.js';
import type { ApiCall } from '../helpers/fake-slack.js';
import { blocksText } from '../helpers/blocks-text.js';

// test/fixtures/public/SOURCES.md: a real AKS node's syslog, a pod killed at its pod-level limit.
const AKS = readFileSync(new URL('../fixtures/public/kernel/aks-5.15-cgroup-v2-kubepods-pod-limit-syslog.log', import.meta.url), 'utf8');
const UID = '5931aa75_4603_4e65_b552_7c71cf55cfb5';
// test/fixtures/kubectl/SOURCES.md: kubectl describe of a Deployment's pod with two OOMKilled containers.
const DESCRIBE = readFileSync(new URL('../fixtures/kubectl/describe-pod-two-oomkilled-containers-node.txt', import.meta.url), 'utf8');
const CONTAINER = '25a38b5b8d556d7983d975577f5ac75ebbcfb4b269e6deaa0a0440c1ffc969ca';

/** The AKS kill as if the pod had been recreated `n` times: new ids, new pid, a later day; the victim's size and name as given. */
function recreated(n: number, o: { anonRssKb?: number; program?: string } = {}): string {
  const uid = `${String(n).padStart(8, '0')}_4603_4e65_b552_7c71cf55cfb5`;
  let log = AKS.replaceAll(UID, uid)
    .replaceAll(CONTAINER, `${n}`.repeat(64))
    .replaceAll('183960', String(283960 + n))
    .replaceAll('Oct 12 ', `Oct ${12 + n} `);
  if (o.anonRssKb !== undefined) log = log.replace('anon-rss:93176kB', `anon-rss:${o.anonRssKb}kB`);
  if (o.program !== undefined) log = log.replaceAll('stress-ng-vm', o.program);
  return log;
}

describe('history of kills', () => {
  let bot: Bot;
  before(async () => {
    bot = await startBot();
  });
  after(async () => {
    await bot.stop();
  });

  /** Pastes `text` as a person in `channel` and returns the threaded reply once the job is done (📝). */
  const paste = async (channel: string, ts: string, text: string): Promise<ApiCall> => {
    await bot.sendEvent({ type: 'message', channel, user: 'U0HUMAN01', text, ts });
    await bot.slack.waitFor(() => bot.slack.reactionsOn(channel, ts).join() === 'memo', `✅ on ${channel}/${ts}`);
    return bot.slack.callsTo('chat.postMessage').find((c) => c.args['thread_ts'] === ts && c.result?.['ok'] === true)!;
  };
  const permalink = (reply: ApiCall) => {
    const ts = String(reply.result?.['ts']);
    return `https://fake.slack.com/archives/${String(reply.args['channel'])}/p${ts.replace('.', '')}?thread_ts=${String(reply.args['thread_ts'])}&cid=${String(reply.args['channel'])}`;
  };
  const replies: ApiCall[] = [];

  it('three kills of one workload (the pod recreated in between): the third reply names the first two, with links', async () => {
    const sizes = [60_000, 75_000, 93_176];
    for (let n = 0; n < 3; n++) replies.push(await paste('C0HIST01', `1700100000.00010${n}`, recreated(n, { anonRssKb: sizes[n]! })));
    const [first, second, third] = replies.map((r) => blocksText(r.args['blocks']));

    assert.doesNotMatch(first!, /OOM kill of|analysed before/, 'a first occurrence says nothing');
    assert.match(second!, /2nd OOM kill of `stress-ng-vm`/);
    assert.ok(second!.includes(permalink(replies[0]!)));

    assert.match(third!, /3rd OOM kill of `stress-ng-vm`\* in `\/kubepods\.slice\/…\/cri-containerd-\*\.scope` on `aks-nodepool1-24207654-vmss000001` in the last 24 hours — previous: /);
    const links = [permalink(replies[1]!), permalink(replies[0]!)].map((l) => third!.indexOf(l));
    assert.ok(links[0]! > 0 && links[1]! > links[0]!, 'both earlier analyses linked, newest first');
    assert.match(third!, /the limit was 100 MiB each time/);
    assert.match(third!, /`stress-ng-vm` held 58\.9\d MiB → 73\.5\d MiB → 91\.3\d MiB when killed/);
    // Right under the headline, before the rest of the report.
    const blocks = replies[2]!.args['blocks'] as Array<{ type: string }>;
    assert.equal(blocks[0]!.type, 'header');
    assert.match(blocksText([blocks[1]]), /3rd OOM kill/);
  });

  it('keeps each kill for the retention (90 days by default): the TTL of every history key', async () => {
    const redis = bot.runtime.worker!.opts.connection as unknown as import('ioredis').Redis;
    const keys = await redis.keys(`${bot.config.queuePrefix}:history:*`);
    assert.ok(keys.length >= 5, keys.join());
    for (const key of keys) {
      const ttl = await redis.ttl(key);
      assert.ok(ttl > 90 * 86_400 - 300 && ttl <= 90 * 86_400, `${key}: ${ttl}`);
    }
  });

  it('the same log pasted again: this kill is named as analysed before, and not counted again', async () => {
    const again = blocksText((await paste('C0HIST01', '1700100000.000200', recreated(2, { anonRssKb: 93_176 }))).args['blocks']);
    assert.ok(again.includes(`This kill of \`stress-ng-vm\` was analysed before: `) && again.includes(permalink(replies[2]!)));
    assert.match(again, /3rd OOM kill of `stress-ng-vm`/);
  });

  it('a kill analysed in a private channel is never named in a public (or shared) one; the private channel sees both', async () => {
    bot.slack.setChannel('G0HIST01', { private: true, members: ['U0HUMAN01', 'U0INSIDER'] });
    bot.slack.setChannel('C0HIST03', { extShared: true });
    const secret = (n: number) => recreated(n, { program: 'secret-job' });
    const inPrivate = await paste('G0HIST01', '1700100001.000100', secret(4));
    const inPublic = await paste('C0HIST02', '1700100001.000200', secret(5));
    assert.doesNotMatch(blocksText(inPublic.args['blocks']), /OOM kill of|analysed before/);
    assert.doesNotMatch(JSON.stringify(inPublic.args), /G0HIST01/);

    const inShared = await paste('C0HIST03', '1700100001.000300', secret(6));
    assert.doesNotMatch(blocksText(inShared.args['blocks']), /OOM kill of/, 'a Slack Connect channel is told of neither');

    const privateAgain = blocksText((await paste('G0HIST01', '1700100001.000400', secret(7))).args['blocks']);
    assert.match(privateAgain, /3rd OOM kill of `secret-job`/, 'its own kill and the public one');
    assert.ok(privateAgain.includes(permalink(inPrivate)) && privateAgain.includes(permalink(inPublic)));
    assert.doesNotMatch(privateAgain, /C0HIST03/);
  });

  it('when Slack will not say who may read the earlier channel, the reply goes out without naming it', async () => {
    const w = (n: number) => recreated(n, { program: 'quiet-job' });
    await paste('C0HIST04', '1700100002.000100', w(8));
    bot.slack.failNext('conversations.info', { status: 500 }, 4);
    const reply = await paste('C0HIST05', '1700100002.000200', w(9));
    assert.match(blocksText(reply.args['blocks']), /quiet-job \(pid \d+\) killed/);
    assert.doesNotMatch(blocksText(reply.args['blocks']), /OOM kill of/);
  });

  it('kubectl OOMKilled statuses: the Deployment’s next pod is its containers’ 2nd kill, named by namespace, workload and container', async () => {
    await paste('C0HIST06', '1700100003.000100', DESCRIBE);
    const nextPod = DESCRIBE.replaceAll('web-frontend-7f8d9c6b4-q2w3e', 'web-frontend-5b6c7d8f9-z8k4m').replaceAll('web-frontend-7f8d9c6b4', 'web-frontend-5b6c7d8f9');
    assert.notEqual(nextPod, DESCRIBE);
    const reply = blocksText((await paste('C0HIST06', '1700100003.000200', nextPod)).args['blocks']);
    assert.match(reply, /2nd OOM kill of `web`\* in `storefront\/deployment\/web-frontend` in the last 24 hours — previous: /);
    assert.match(reply, /2nd OOM kill of `log-shipper`\* in `storefront\/deployment\/web-frontend`/);
  });

  describe('/oom history', () => {
    const ask = async (query: string, user: string) => {
      const id = `history-${user}-${query.replace(/\W/g, '')}`;
      const res = await bot.sendCommand(`history ${query}`, { user_id: user, channel_id: 'C0HIST01', response_url: bot.slack.responseUrl(id) });
      assert.equal(res.status, 200);
      const answer = await bot.slack.waitFor(() => bot.slack.responses.find((r) => r.id === id), `the answer to ${user}`);
      assert.equal(answer.body['response_type'], 'ephemeral');
      return String(answer.body['text']);
    };

    it('answers privately with the matching kills, newest first, with links', async () => {
      const before = bot.slack.callsTo('chat.postMessage').length;
      const text = await ask('stress-ng-vm', 'U0HUMAN01');
      assert.match(text, /Recent OOM kills matching `stress-ng-vm`\*, newest first/);
      const order = [permalink(replies[2]!), permalink(replies[1]!), permalink(replies[0]!)].map((l) => text.indexOf(l));
      assert.ok(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!)), text);
      assert.match(text, /`stress-ng-vm` \(pid 283961\) in `\/kubepods\.slice\/…\/cri-containerd-\*\.scope` on `aks-nodepool1-24207654-vmss000001` — parent cgroup limit; usage 100 MiB of limit 100 MiB/);
      assert.doesNotMatch(text, /secret-job/);
      assert.equal(bot.slack.callsTo('chat.postMessage').length, before, 'nothing posted in the channel');
    });

    it('a Kubernetes workload finds its containers’ kills', async () => {
      const text = await ask('storefront/deployment/web-frontend', 'U0HUMAN01');
      assert.match(text, /`web` in `storefront\/deployment\/web-frontend` — cgroup limit; usage unknown of limit 512 MiB/);
      assert.doesNotMatch(text, /stress-ng-vm/);
    });

    it('a cgroup path copied from a log (another pod UID) finds the workload', async () => {
      const text = await ask('/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0b6e2f4a_1c3d_4e5f_8a9b_0c1d2e3f4a5b.slice', 'U0HUMAN01');
      assert.match(text, /`stress-ng-vm` \(pid 283960\)/);
    });

    it('lists kills from private channels only to their members, from shared ones only to theirs, from public ones not to guests', async () => {
      const outsider = await ask('secret-job', 'U0OUTSIDE');
      assert.ok(outsider.includes('C0HIST02'));
      assert.doesNotMatch(outsider, /G0HIST01|C0HIST03/);
      const insider = await ask('secret-job', 'U0INSIDER');
      assert.ok(insider.includes('G0HIST01') && insider.includes('C0HIST02'));
      bot.slack.setGuest('U0GUEST01');
      assert.match(await ask('stress-ng-vm', 'U0GUEST01'), /No OOM kills matching `stress-ng-vm` that you can see in the last 90 days\./);
    });
  });
});
