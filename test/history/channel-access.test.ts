/**
 * Who may see an earlier analysis (src/history/channel-access.ts): the rule itself, and the Slack
 * lookups behind it against the Slack stand-in (conversations.info, conversations.members,
 * users.info), cached briefly.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WebClient } from '@slack/web-api';
import { createChannelAccess, mayShowInChannel, mayShowToUser, type ChannelFacts } from '../../src/history/channel-access.js';
import { BOT_TOKEN } from '../helpers/bot-harness.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';

const PUBLIC: ChannelFacts = { workspacePublic: true, sharedOutside: false };
const PRIVATE: ChannelFacts = { workspacePublic: false, sharedOutside: false };
const SHARED: ChannelFacts = { workspacePublic: false, sharedOutside: true };

describe('the rule', () => {
  it('in a reply: the same channel always; a public channel of the workspace unless the reply channel is shared outside; nothing private', () => {
    assert.equal(mayShowInChannel('G1', 'G1', PRIVATE, PRIVATE), true, 'a private channel sees its own analyses');
    assert.equal(mayShowInChannel('C1', 'C2', PUBLIC, PUBLIC), true);
    assert.equal(mayShowInChannel('C1', 'G2', PUBLIC, PRIVATE), true, 'public analyses may be named in a private channel');
    assert.equal(mayShowInChannel('G1', 'C2', PRIVATE, PUBLIC), false, 'a private analysis is never named in a public channel');
    assert.equal(mayShowInChannel('G1', 'G2', PRIVATE, PRIVATE), false, 'nor in another private channel');
    assert.equal(mayShowInChannel('D1', 'C2', PRIVATE, PUBLIC), false, 'nor a DM one');
    assert.equal(mayShowInChannel('C1', 'C9', PUBLIC, SHARED), false, 'a Slack Connect channel holds people who cannot open C1');
    assert.equal(mayShowInChannel('C9', 'C2', SHARED, PUBLIC), false, 'a shared channel is not everyone’s to read');
    assert.equal(mayShowInChannel('C1', 'C2', null, PUBLIC), false, 'unknown counts as private');
    assert.equal(mayShowInChannel('C1', 'C2', PUBLIC, null), false);
  });

  it('to a person: channels they are in; public channels unless they are a guest', () => {
    assert.equal(mayShowToUser(PUBLIC, false, false), true);
    assert.equal(mayShowToUser(PUBLIC, false, true), false, 'a guest cannot open public channels they were not invited to');
    assert.equal(mayShowToUser(PRIVATE, true, true), true);
    assert.equal(mayShowToUser(PRIVATE, false, false), false);
    assert.equal(mayShowToUser(null, false, false), false);
  });
});

describe('the lookups', () => {
  let slack: FakeSlack;
  let client: WebClient;
  before(async () => {
    slack = await startFakeSlack();
    client = new WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  });
  after(async () => {
    await slack.close();
  });

  it('reads conversations.info once per channel while the answer is fresh, and again after', async () => {
    let clock = 0;
    const access = createChannelAccess(client, { ttlMs: 1000, now: () => clock });
    slack.setChannel('G0ACCESS1', { private: true });
    slack.setChannel('C0ACCESS3', { extShared: true });
    assert.deepEqual(await access.facts('C0ACCESS1'), PUBLIC);
    assert.deepEqual(await access.facts('G0ACCESS1'), PRIVATE);
    assert.deepEqual(await access.facts('D0ACCESS1'), PRIVATE);
    assert.deepEqual(await access.facts('C0ACCESS3'), SHARED);
    await access.facts('C0ACCESS1');
    assert.equal(slack.callsTo('conversations.info').filter((c) => c.args['channel'] === 'C0ACCESS1').length, 1);
    clock += 1001;
    await access.facts('C0ACCESS1');
    assert.equal(slack.callsTo('conversations.info').filter((c) => c.args['channel'] === 'C0ACCESS1').length, 2);
  });

  it('a channel Slack will not describe counts as private, and is asked about again next time', async () => {
    const access = createChannelAccess(client);
    slack.failNext('conversations.info', { status: 500 });
    assert.equal(await access.facts('C0ACCESS2'), null);
    assert.deepEqual(await access.facts('C0ACCESS2'), PUBLIC);
  });

  it('membership through every page of conversations.members; guests from users.info', async () => {
    const access = createChannelAccess(client);
    slack.setChannel('G0ACCESS2', { private: true, members: ['U0A', 'U0B', 'U0C'] });
    assert.equal(await access.isMember('G0ACCESS2', 'U0C'), true);
    assert.equal(await access.isMember('G0ACCESS2', 'U0D'), false);
    assert.ok(slack.callsTo('conversations.members').some((c) => c.args['cursor'] === '2'), 'the last page was read');
    slack.setGuest('U0GUEST');
    assert.equal(await access.isGuest('U0GUEST'), true);
    assert.equal(await access.isGuest('U0A'), false);
  });
});
