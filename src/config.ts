/**
 * Every environment variable the bot reads (DESIGN §3), parsed once with zod. `loadConfig` is pure:
 * it returns the config or every problem at once; only the entry point prints and exits.
 */
import { z } from 'zod';
import { hashTagOf, hostPortList, type RedisTarget } from './redis/redis-target.js';

const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

const commaList = z
  .string()
  .default('')
  .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x.length > 0));

const positiveInt = (fallback: number) =>
  z.coerce.number().int().positive().default(fallback);

/** A count where 0 means "no limit". */
const limit = (fallback: number) =>
  z.coerce.number().int().nonnegative().default(fallback);

const EnvSchema = z.object({
    /** Bot token (xoxb-…): every Web API call and every file download. Required. */
    SLACK_BOT_TOKEN: z.string().min(1, 'is required (the bot token, xoxb-…)'),
    /** HTTP mode: verifies every request's signature. Required unless Socket Mode is on or ROLE=worker. */
    SLACK_SIGNING_SECRET: z.string().optional(),
    /** App-level token (xapp-…, scope connections:write): when set, Socket Mode instead of HTTP. */
    SLACK_APP_TOKEN: z.string().optional(),
    /** Web API base URL. Default Slack's; tests point it at a Slack-compatible server. */
    SLACK_API_URL: z.url().default(DEFAULT_SLACK_API_URL),
    /**
     * Extra hosts file downloads may be fetched from, besides Slack's own (*.slack.com,
     * *.slack-edge.com, slack-files.com). Default: none. For tests against a stand-in server.
     */
    SLACK_FILE_HOSTS: commaList,
    /** Port of the HTTP server (events, /healthz, /readyz, /metrics). Default 3000. */
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** One Redis node (queue, rate limits, replay check, posted parts). Default redis://127.0.0.1:6379. */
    REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').default(DEFAULT_REDIS_URL),
    /** A Redis Cluster instead: some of its nodes, `host:port,host:port` (the rest are discovered). */
    REDIS_CLUSTER_NODES: hostPortList,
    /** A Sentinel-managed master instead: the sentinels, `host:port,host:port`. */
    REDIS_SENTINELS: hostPortList,
    /** The master's name in Sentinel (`sentinel monitor <name> …`). Required with REDIS_SENTINELS. */
    REDIS_SENTINEL_NAME: z.string().optional(),
    /** Cluster / Sentinel data nodes: ACL user name. Default none. */
    REDIS_USERNAME: z.string().optional(),
    /** Cluster / Sentinel data nodes: password. Default none. */
    REDIS_PASSWORD: z.string().optional(),
    /** The sentinels' own password, when they have one. Default none. */
    REDIS_SENTINEL_PASSWORD: z.string().optional(),
    /**
     * Replicas that must have a new job (Redis WAIT) before its user sees 👀: a master that fails just
     * after taking a job cannot lose it then. Default 1 with REDIS_CLUSTER_NODES or REDIS_SENTINELS,
     * 0 (no WAIT) with one node. Set 0 for a Cluster without replicas.
     */
    REDIS_WAIT_REPLICAS: z.coerce.number().int().nonnegative().optional(),
    /** Longest WAIT for those replicas; past it the job goes on (and a warning is logged once). Default 500 ms. */
    REDIS_WAIT_TIMEOUT_MS: positiveInt(500),
    /** Cluster / Sentinel: TLS to every node. Default false (a single node says rediss:// in its URL). */
    REDIS_TLS: z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1'),
    /** Prefix of every queue key; hash-tagged so all keys of a queue land in one Redis Cluster slot. Default {oom}. */
    QUEUE_PREFIX: z.string().min(1).default('{oom}'),
    /** all (default): web and worker in one process; web: Slack listeners only; worker: jobs only. */
    ROLE: z.enum(['all', 'web', 'worker']).default('all'),
    /** Jobs one worker process runs at once. Default 4. */
    WORKER_CONCURRENCY: positiveInt(4),
    /** Channel ids (comma-separated) where bot/integration messages are analysed too and the verdict is broadcast. */
    INCIDENT_CHANNELS: commaList,
    /** Largest file downloaded, and the cap on decompressed bytes. Default 50 MiB. */
    MAX_FILE_BYTES: positiveInt(50 * 1024 * 1024),
    /** Analyses one person may start per minute (0: no limit). Default 10. */
    RATE_LIMIT_USER_PER_MINUTE: limit(10),
    /** Analyses started in one channel per minute, alerts included (0: no limit). Default 30. */
    RATE_LIMIT_CHANNEL_PER_MINUTE: limit(30),
    /** A file download that sends nothing for this long (headers or next bytes) is abandoned. Default 30 s. */
    FILE_DOWNLOAD_TIMEOUT_MS: positiveInt(30_000),
    /** A file download (or response_url post) not finished within this long is abandoned, however it trickles. Default 2 min. */
    FILE_DOWNLOAD_DEADLINE_MS: positiveInt(120_000),
    /** Each Slack Web API request must be answered within this long, or it counts as failed (and is retried). Default 10 s. */
    SLACK_API_TIMEOUT_MS: positiveInt(10_000),
    /**
     * While the queue is unreachable, jobs are held in the web process and queued when it is back;
     * one held longer than this is given up and its user told. Default 10 min (a 5-minute outage
     * loses nothing).
     */
    QUEUE_HOLD_MS: positiveInt(10 * 60_000),
    /** Most jobs one web process holds during an outage; further messages are answered "not queued" at once (0: hold none). Default 1000. */
    QUEUE_HOLD_MAX_JOBS: limit(1000),
    /** BullMQ job lock: a worker that dies mid-job loses its job to another worker after about this long. Default 30 s. */
    WORKER_LOCK_MS: positiveInt(30_000),
    /** How often workers look for jobs whose worker died (BullMQ stalled-job check). Default 30 s. */
    WORKER_STALLED_CHECK_MS: positiveInt(30_000),
    /** On SIGTERM, how long the worker may finish the jobs in hand before it gives them up. Default 25 s. */
    SHUTDOWN_TIMEOUT_MS: positiveInt(25_000),
    /**
     * Days a kill is remembered for "has this happened before?" and `/oom history` (in Redis, per
     * team, at most 50 kills per workload). 0 turns the history off. Default 90.
     */
    HISTORY_RETENTION_DAYS: limit(90),
    /**
     * Read-only Kubernetes API access for enriching OOM alerts (the pod's limits, last state and
     * events, its node): `in-cluster` (the pod's service account) or `kubeconfig` (KUBECONFIG, else
     * ~/.kube/config). Default: unset, no cluster lookups. RBAC: deploy/kubernetes/rbac.
     */
    KUBERNETES_API: z.enum(['in-cluster', 'kubeconfig']).optional(),
    /** The kubeconfig file for KUBERNETES_API=kubeconfig. Default: kubectl's (~/.kube/config). */
    KUBECONFIG: z.string().optional(),
    /** Prometheus base URL: an alert's answer shows the container's working set over the hour before the kill. Default: unset. */
    PROMETHEUS_URL: z.url().optional(),
    /** Deadline of each Kubernetes or Prometheus lookup; a part that misses it is left out of the reply, which says so. Default 2 s. */
    ENRICH_TIMEOUT_MS: positiveInt(2000),
    /** pino level. Default info. */
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  });

export interface Config {
  slackBotToken: string;
  slackSigningSecret: string | null;
  slackAppToken: string | null;
  slackApiUrl: string;
  /** Hosts (exact names) allowed for file downloads in addition to Slack's. */
  extraFileHosts: string[];
  port: number;
  /** Where Redis is: one node, a Cluster, or a master behind Sentinel (redis-target.ts). */
  redis: RedisTarget;
  /** WAIT after each new job: replicas wanted (0: no WAIT) and the most ms to wait for them. */
  redisWait: { replicas: number; timeoutMs: number };
  queuePrefix: string;
  role: 'all' | 'web' | 'worker';
  workerConcurrency: number;
  incidentChannels: string[];
  maxFileBytes: number;
  /** Analyses per person per minute; 0 = unlimited. */
  rateLimitUserPerMinute: number;
  /** Analyses per channel per minute; 0 = unlimited. */
  rateLimitChannelPerMinute: number;
  /** Idle limit of a download: no bytes for this long fails it. */
  fileDownloadTimeoutMs: number;
  /** Whole-download limit. */
  fileDownloadDeadlineMs: number;
  /** Deadline of each Web API request. */
  slackApiTimeoutMs: number;
  /** Longest a job is held while the queue is unreachable. */
  queueHoldMs: number;
  /** Most jobs held at once; 0 = none. */
  queueHoldMaxJobs: number;
  workerLockMs: number;
  workerStalledCheckMs: number;
  shutdownTimeoutMs: number;
  /** Days a kill is remembered; 0 = no history. */
  historyRetentionDays: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Where OOM alerts are enriched from; null members are not configured. */
  enrich: { kubernetes: { mode: 'in-cluster' | 'kubeconfig'; kubeconfig: string | null } | null; prometheusUrl: string | null; timeoutMs: number };
}

export type LoadConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Parses the environment. Empty strings count as unset, as in most `.env` loaders. */
export function loadConfig(env: Record<string, string | undefined> = process.env): LoadConfigResult {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') cleaned[k] = v;
  const parsed = EnvSchema.safeParse(cleaned);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        const message = cleaned[name] === undefined && issue.code === 'invalid_type' ? 'is required' : issue.message;
        return `${name} ${message}`;
      });
  // Checked on the raw values so it is reported together with every other problem.
  if (cleaned['ROLE'] !== 'worker' && !cleaned['SLACK_APP_TOKEN'] && !cleaned['SLACK_SIGNING_SECRET']) {
    problems.push('SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  problems.push(...redisProblems(cleaned));
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  const e = parsed.data;
  const auth = { username: e.REDIS_USERNAME ?? null, password: e.REDIS_PASSWORD ?? null, tls: e.REDIS_TLS };
  const redis: RedisTarget = e.REDIS_CLUSTER_NODES
    ? { kind: 'cluster', nodes: e.REDIS_CLUSTER_NODES, ...auth }
    : e.REDIS_SENTINELS
      ? { kind: 'sentinel', sentinels: e.REDIS_SENTINELS, masterName: e.REDIS_SENTINEL_NAME ?? '', sentinelPassword: e.REDIS_SENTINEL_PASSWORD ?? null, ...auth }
      : { kind: 'single', url: e.REDIS_URL };
  return {
    ok: true,
    config: {
      slackBotToken: e.SLACK_BOT_TOKEN,
      slackSigningSecret: e.SLACK_SIGNING_SECRET ?? null,
      slackAppToken: e.SLACK_APP_TOKEN ?? null,
      slackApiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
      extraFileHosts: e.SLACK_FILE_HOSTS.map((h) => h.toLowerCase()),
      port: e.PORT,
      redis,
      // A single node usually has no replica, and WAIT 1 there would only ever time out.
      redisWait: { replicas: e.REDIS_WAIT_REPLICAS ?? (redis.kind === 'single' ? 0 : 1), timeoutMs: e.REDIS_WAIT_TIMEOUT_MS },
      queuePrefix: e.QUEUE_PREFIX,
      role: e.ROLE,
      workerConcurrency: e.WORKER_CONCURRENCY,
      incidentChannels: e.INCIDENT_CHANNELS,
      maxFileBytes: e.MAX_FILE_BYTES,
      rateLimitUserPerMinute: e.RATE_LIMIT_USER_PER_MINUTE,
      rateLimitChannelPerMinute: e.RATE_LIMIT_CHANNEL_PER_MINUTE,
      fileDownloadTimeoutMs: e.FILE_DOWNLOAD_TIMEOUT_MS,
      fileDownloadDeadlineMs: e.FILE_DOWNLOAD_DEADLINE_MS,
      slackApiTimeoutMs: e.SLACK_API_TIMEOUT_MS,
      queueHoldMs: e.QUEUE_HOLD_MS,
      queueHoldMaxJobs: e.QUEUE_HOLD_MAX_JOBS,
      workerLockMs: e.WORKER_LOCK_MS,
      workerStalledCheckMs: e.WORKER_STALLED_CHECK_MS,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
      historyRetentionDays: e.HISTORY_RETENTION_DAYS,
      logLevel: e.LOG_LEVEL,
      enrich: {
        kubernetes: e.KUBERNETES_API ? { mode: e.KUBERNETES_API, kubeconfig: e.KUBECONFIG ?? null } : null,
        prometheusUrl: e.PROMETHEUS_URL ?? null,
        timeoutMs: e.ENRICH_TIMEOUT_MS,
      },
    },
  };
}

/** One way to reach Redis, and what each way needs, named on the raw values. */
function redisProblems(env: Record<string, string>): string[] {
  const problems: string[] = [];
  const ways = ['REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS'].filter((name) => env[name] !== undefined);
  if (ways.length > 1) problems.push(`${ways.join(' and ')} are both set: set only one (REDIS_URL for one node, REDIS_CLUSTER_NODES for a Cluster, REDIS_SENTINELS for Sentinel)`);
  if (env['REDIS_SENTINELS'] !== undefined && env['REDIS_SENTINEL_NAME'] === undefined) {
    problems.push("REDIS_SENTINEL_NAME is required with REDIS_SENTINELS (the master's name, as in `sentinel monitor <name> …`)");
  }
  if (env['REDIS_SENTINEL_NAME'] !== undefined && env['REDIS_SENTINELS'] === undefined) problems.push('REDIS_SENTINEL_NAME is set but REDIS_SENTINELS is not');
  if (env['REDIS_CLUSTER_NODES'] === undefined && env['REDIS_SENTINELS'] === undefined) {
    for (const name of ['REDIS_USERNAME', 'REDIS_PASSWORD', 'REDIS_SENTINEL_PASSWORD', 'REDIS_TLS']) {
      if (env[name] !== undefined) problems.push(`${name} applies to REDIS_CLUSTER_NODES or REDIS_SENTINELS; with one node put it in REDIS_URL (rediss://user:password@host:6379)`);
    }
  }
  if (env['REDIS_CLUSTER_NODES'] !== undefined && env['REDIS_SENTINEL_PASSWORD'] !== undefined) problems.push('REDIS_SENTINEL_PASSWORD applies to REDIS_SENTINELS only');
  // Every key the bot writes starts with the prefix: its hash tag puts them all in one Cluster slot,
  // which the queue's multi-key scripts need.
  if (env['REDIS_CLUSTER_NODES'] !== undefined && hashTagOf(env['QUEUE_PREFIX'] ?? '{oom}') === null) {
    problems.push('QUEUE_PREFIX needs a hash tag with REDIS_CLUSTER_NODES, e.g. {oom}: every queue key must land in one Cluster slot');
  }
  return problems;
}
