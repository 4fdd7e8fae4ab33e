/** Configuration: every variable of DESIGN §3 with its default; bad or missing ones named, all at once. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../src/config.js';

const minimal = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' };

describe('loadConfig', () => {
  it('fills in the documented defaults', () => {
    const result = loadConfig(minimal);
    assert.ok(result.ok);
    assert.deepEqual(result.config, {
      slackBotToken: 'xoxb-1',
      slackSigningSecret: 'secret',
      slackAppToken: null,
      slackApiUrl: 'https://slack.com/api/',
      extraFileHosts: [],
      port: 3000,
      redis: { kind: 'single', url: 'redis://127.0.0.1:6379' },
      redisWait: { replicas: 0, timeoutMs: 500 },
      queuePrefix: '{oom}',
      role: 'all',
      workerConcurrency: 4,
      incidentChannels: [],
      maxFileBytes: 50 * 1024 * 1024,
      rateLimitUserPerMinute: 10,
      rateLimitChannelPerMinute: 30,
      fileDownloadTimeoutMs: 30_000,
      fileDownloadDeadlineMs: 120_000,
      slackApiTimeoutMs: 10_000,
      queueHoldMs: 600_000,
      queueHoldMaxJobs: 1000,
      workerLockMs: 30_000,
      workerStalledCheckMs: 30_000,
      shutdownTimeoutMs: 25_000,
      historyRetentionDays: 90,
      logLevel: 'info',
      enrich: { kubernetes: null, prometheusUrl: null, timeoutMs: 2000 },
    });
  });

  it('reads every variable', () => {
    const result = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-2',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_API_URL: 'http://127.0.0.1:8888/api',
      PORT: '8080',
      REDIS_URL: 'redis://redis:6379/1',
      QUEUE_PREFIX: '{triage}',
      ROLE: 'worker',
      WORKER_CONCURRENCY: '16',
      INCIDENT_CHANNELS: 'C1, C2,,',
      MAX_FILE_BYTES: '1048576',
      RATE_LIMIT_USER_PER_MINUTE: '0',
      RATE_LIMIT_CHANNEL_PER_MINUTE: '100',
      FILE_DOWNLOAD_TIMEOUT_MS: '5000',
      FILE_DOWNLOAD_DEADLINE_MS: '60000',
      SLACK_API_TIMEOUT_MS: '3000',
      QUEUE_HOLD_MS: '300000',
      QUEUE_HOLD_MAX_JOBS: '0',
      WORKER_LOCK_MS: '2000',
      WORKER_STALLED_CHECK_MS: '1000',
      SHUTDOWN_TIMEOUT_MS: '9000',
      HISTORY_RETENTION_DAYS: '0',
      KUBERNETES_API: 'kubeconfig',
      KUBECONFIG: '/etc/oom-triage/kubeconfig',
      PROMETHEUS_URL: 'http://prometheus.monitoring:9090',
      ENRICH_TIMEOUT_MS: '1500',
      REDIS_WAIT_REPLICAS: '2',
      REDIS_WAIT_TIMEOUT_MS: '250',
      LOG_LEVEL: 'debug',
    });
    assert.ok(result.ok);
    assert.equal(result.config.slackApiUrl, 'http://127.0.0.1:8888/api/');
    assert.equal(result.config.slackAppToken, 'xapp-1');
    assert.equal(result.config.role, 'worker');
    assert.deepEqual(result.config.incidentChannels, ['C1', 'C2']);
    assert.equal(result.config.maxFileBytes, 1048576);
    assert.equal(result.config.rateLimitUserPerMinute, 0, '0 turns the per-user limit off');
    assert.equal(result.config.rateLimitChannelPerMinute, 100);
    assert.equal(result.config.fileDownloadTimeoutMs, 5000);
    assert.equal(result.config.fileDownloadDeadlineMs, 60_000);
    assert.equal(result.config.slackApiTimeoutMs, 3000);
    assert.equal(result.config.queueHoldMs, 300_000);
    assert.equal(result.config.queueHoldMaxJobs, 0, '0 holds nothing');
    assert.equal(result.config.workerLockMs, 2000);
    assert.equal(result.config.workerStalledCheckMs, 1000);
    assert.equal(result.config.shutdownTimeoutMs, 9000);
    assert.equal(result.config.historyRetentionDays, 0, '0 turns the history off');
    assert.deepEqual(result.config.redisWait, { replicas: 2, timeoutMs: 250 });
    assert.deepEqual(result.config.enrich, {
      kubernetes: { mode: 'kubeconfig', kubeconfig: '/etc/oom-triage/kubeconfig' },
      prometheusUrl: 'http://prometheus.monitoring:9090',
      timeoutMs: 1500,
    });
  });

  it('names every bad or missing variable, one line each', () => {
    const result = loadConfig({ PORT: 'eighty', ROLE: 'boss', MAX_FILE_BYTES: '-1', RATE_LIMIT_USER_PER_MINUTE: '-3' });
    assert.equal(result.ok, false);
    if (result.ok) return;
    const names = result.problems.map((p) => p.split(' ')[0]).sort();
    assert.deepEqual(names, ['MAX_FILE_BYTES', 'PORT', 'RATE_LIMIT_USER_PER_MINUTE', 'ROLE', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']);
    assert.ok(result.problems.every((p) => !p.includes('\n')));
  });

  it('needs the signing secret only in HTTP mode', () => {
    assert.ok(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).ok);
    assert.ok(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', ROLE: 'worker' }).ok);
    const http = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' });
    assert.equal(http.ok, false);
  });

  describe('where Redis is', () => {
    it('one node: REDIS_URL', () => {
      const result = loadConfig({ ...minimal, REDIS_URL: 'rediss://:pw@redis.internal:6380/2' });
      assert.ok(result.ok);
      assert.deepEqual(result.config.redis, { kind: 'single', url: 'rediss://:pw@redis.internal:6380/2' });
    });

    it('a Cluster: REDIS_CLUSTER_NODES, with credentials and TLS for every node', () => {
      const result = loadConfig({
        ...minimal,
        REDIS_CLUSTER_NODES: 'redis-0.redis:6379, redis-1.redis:6379,[::1]:7000',
        REDIS_USERNAME: 'oom',
        REDIS_PASSWORD: 'pw',
        REDIS_TLS: 'true',
      });
      assert.ok(result.ok);
      assert.deepEqual(result.config.redis, {
        kind: 'cluster',
        nodes: [
          { host: 'redis-0.redis', port: 6379 },
          { host: 'redis-1.redis', port: 6379 },
          { host: '::1', port: 7000 },
        ],
        username: 'oom',
        password: 'pw',
        tls: true,
      });
      assert.deepEqual(result.config.redisWait, { replicas: 1, timeoutMs: 500 }, 'a Cluster has replicas: new jobs wait for one');
    });

    it('WAIT for a replica: one by default with a Cluster or Sentinel, none with one node, REDIS_WAIT_REPLICAS=0 turns it off', () => {
      const wait = (env: Record<string, string>) => {
        const result = loadConfig({ ...minimal, ...env });
        assert.ok(result.ok);
        return result.config.redisWait.replicas;
      };
      assert.equal(wait({ REDIS_SENTINELS: 's1:26379', REDIS_SENTINEL_NAME: 'm' }), 1);
      assert.equal(wait({ REDIS_URL: 'redis://r:6379' }), 0);
      assert.equal(wait({ REDIS_CLUSTER_NODES: 'a:6379', REDIS_WAIT_REPLICAS: '0' }), 0);
      assert.equal(loadConfig({ ...minimal, REDIS_WAIT_REPLICAS: 'one' }).ok, false);
    });

    it('Sentinel: REDIS_SENTINELS and the master name', () => {
      const result = loadConfig({ ...minimal, REDIS_SENTINELS: 's1:26379,s2:26379', REDIS_SENTINEL_NAME: 'oom-master', REDIS_PASSWORD: 'pw', REDIS_SENTINEL_PASSWORD: 'spw' });
      assert.ok(result.ok);
      assert.deepEqual(result.config.redis, {
        kind: 'sentinel',
        sentinels: [
          { host: 's1', port: 26379 },
          { host: 's2', port: 26379 },
        ],
        masterName: 'oom-master',
        sentinelPassword: 'spw',
        username: null,
        password: 'pw',
        tls: false,
      });
    });

    it('names each mistake: two ways at once, a missing master name, a bad node, a prefix without a hash tag, stray credentials', () => {
      const problems = (env: Record<string, string>) => {
        const result = loadConfig({ ...minimal, ...env });
        assert.equal(result.ok, false);
        return result.ok ? [] : result.problems;
      };
      assert.match(problems({ REDIS_URL: 'redis://a:6379', REDIS_CLUSTER_NODES: 'b:6379' }).join('\n'), /REDIS_URL and REDIS_CLUSTER_NODES are both set/);
      assert.match(problems({ REDIS_SENTINELS: 's1:26379' }).join('\n'), /REDIS_SENTINEL_NAME is required/);
      assert.match(problems({ REDIS_CLUSTER_NODES: 'a:6379,b' }).join('\n'), /REDIS_CLUSTER_NODES has 'b', which is not host:port/);
      assert.match(problems({ REDIS_CLUSTER_NODES: 'a:70000' }).join('\n'), /not host:port/);
      assert.match(problems({ REDIS_CLUSTER_NODES: 'a:6379', QUEUE_PREFIX: 'oom' }).join('\n'), /QUEUE_PREFIX needs a hash tag/);
      assert.match(problems({ REDIS_CLUSTER_NODES: 'a:6379', QUEUE_PREFIX: 'x{}' }).join('\n'), /QUEUE_PREFIX needs a hash tag/);
      assert.match(problems({ REDIS_PASSWORD: 'pw' }).join('\n'), /REDIS_PASSWORD applies to REDIS_CLUSTER_NODES or REDIS_SENTINELS/);
      assert.ok(problems({ REDIS_SENTINELS: 's1:26379', REDIS_CLUSTER_NODES: 'a:6379', REDIS_SENTINEL_NAME: 'm' }).every((p) => !p.includes('\n')));
    });
  });
});
