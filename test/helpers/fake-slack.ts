/**
 * A small Slack-compatible HTTP server for tests. It answers the Web API methods the bot uses
 * (form-encoded POSTs to /api/<method>, as @slack/web-api sends them), records every call, keeps
 * channel messages and reactions, serves file downloads (plain, gzip, redirects, the HTML sign-in
 * page), records response_url POSTs, and can be told to answer 429 (Retry-After) or 5xx. Channels
 * are public unless told otherwise (`setChannel`; ids starting with G are private, D are DMs), with
 * the members a test gives them; permalinks are https://fake.slack.com/archives/<channel>/p<ts>. Told a
 * WebSocket URL (`useSocketMode`), it answers `apps.connections.open` as Slack does for an app token.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { validateMessageBlocks } from './validate-blocks.js';

export interface ApiCall {
  method: string;
  /** Form fields; JSON-valued ones (blocks, view, metadata) parsed. */
  args: Record<string, unknown>;
  headers: IncomingMessage['headers'];
  at: number;
  /** What the fake answered (e.g. the posted message's ts). */
  result?: Record<string, unknown>;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export interface FakeFile {
  id: string;
  name: string;
  mimetype: string;
  filetype: string;
  /** What the download serves. */
  content: Buffer;
  /** Size reported by files.info / the event (defaults to content length). */
  size?: number;
  /** How the download URL behaves. */
  serve?: 'plain' | 'html-signin' | 'redirect' | 'redirect-elsewhere' | 'redirect-loop' | 'stall';
}

/** A Web API call held by the fake: it has arrived, and is answered only on `release()`. */
export interface HeldCall {
  arrived: Promise<ApiCall>;
  release(): void;
}

export interface FakeChannel {
  private?: boolean;
  im?: boolean;
  mpim?: boolean;
  /** Shared with another organisation (Slack Connect). */
  extShared?: boolean;
  members?: string[];
}

type Fault = { status: number; retryAfter?: number; times: number; skip: number; commit: boolean };

export interface FakeSlack {
  url: string;
  apiUrl: string;
  /** Host name tests allow for downloads (SLACK_FILE_HOSTS). */
  host: string;
  calls: ApiCall[];
  responses: ResponseUrlPost[];
  downloads: Array<{ path: string; authorization: string | undefined }>;
  /** Bytes POSTed to upload URLs from files.getUploadURLExternal, by file id. */
  uploads: Map<string, Buffer>;
  callsTo(method: string): ApiCall[];
  responseUrl(id: string): string;
  addFile(file: FakeFile): Record<string, unknown>;
  addMessage(channel: string, message: Record<string, unknown>): void;
  /** Channels whose history the bot may not read. */
  forbidChannel(channel: string): void;
  /** What conversations.info and conversations.members say about a channel. */
  setChannel(channel: string, facts: FakeChannel): void;
  /** Single- or multi-channel guests (users.info `is_restricted`). */
  setGuest(user: string): void;
  /** Channels the bot is not a member of: chat.postMessage there answers not_in_channel. */
  notMemberOf(channel: string): void;
  /** `apps.connections.open` answers with this WebSocket URL (test/helpers/fake-socket-mode.ts). */
  useSocketMode(url: string): void;
  reactionsOn(channel: string, ts: string): string[];
  /** The messages a user sees in a thread (its root and replies) or, without `threadTs`, the channel. */
  messagesIn(channel: string, threadTs?: string): Array<Record<string, unknown>>;
  /**
   * The next `times` calls of `method` (after letting `skip` through) answer with this status.
   * Called again before those are used up, the new fault queues behind them. With `commit` the call
   * takes effect first (a posted message is in the channel) and only the answer is the failure, as
   * when Slack accepts a message and its answer is lost to a 5xx.
   */
  failNext(method: string, fault: { status: number; retryAfter?: number; skip?: number; commit?: boolean }, times?: number): void;
  /**
   * Holds the next call of `method` until released. With `commit` the call takes effect at once
   * (a posted message is in the channel) and only the answer waits, as when a process dies after
   * Slack accepted its message but before it heard back.
   */
  hold(method: string, options?: { commit?: boolean }): HeldCall;
  waitFor<T>(probe: () => T | undefined | null | false, what: string, ms?: number): Promise<T>;
  close(): Promise<void>;
}

export const BOT_USER_ID = 'UBOT0001';
export const BOT_ID = 'BBOT0001';
export const TEAM_ID = 'T0TEST01';

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: ApiCall[] = [];
  const responses: ResponseUrlPost[] = [];
  const downloads: FakeSlack['downloads'] = [];
  const uploads = new Map<string, Buffer>();
  const pendingUploads = new Map<string, { filename: string; length: number }>();
  const files = new Map<string, FakeFile>();
  const messages = new Map<string, Array<Record<string, unknown>>>();
  const reactions = new Map<string, Set<string>>();
  const forbidden = new Set<string>();
  const channels = new Map<string, FakeChannel>();
  const guests = new Set<string>();
  const outside = new Set<string>();
  const faults = new Map<string, Fault[]>();
  const holds = new Map<string, Array<{ commit: boolean; arrived: (call: ApiCall) => void; released: Promise<void> }>>();
  let tsCounter = 0;
  let base = '';
  let socketModeUrl: string | null = null;

  const nextTs = () => `${1800000000 + ++tsCounter}.${String(tsCounter).padStart(6, '0')}`;
  const fileObject = (f: FakeFile) => ({
    id: f.id,
    name: f.name,
    mimetype: f.mimetype,
    filetype: f.filetype,
    size: f.size ?? f.content.length,
    mode: 'hosted',
    url_private: `${base}/files/${f.id}`,
    url_private_download: `${base}/files/${f.id}/download`,
  });

  const api = (method: string, args: Record<string, unknown>, headers: IncomingMessage['headers']): Record<string, unknown> => {
    const channel = String(args['channel'] ?? '');
    // Blocks Slack would refuse are refused here too, with Slack's error (validate-blocks.ts).
    if (['chat.postMessage', 'chat.postEphemeral', 'chat.update'].includes(method) && args['blocks'] !== undefined) {
      const problems = validateMessageBlocks(args['blocks']);
      if (problems.length > 0) return { ok: false, error: problems[0]!.error, errors: problems.map((p) => `${p.where}: ${p.why}`) };
    }
    switch (method) {
      case 'apps.connections.open': {
        // Only an app-level token (xapp-, in the Authorization header) may open a connection. Slack
        // answers a bot token with not_allowed_token_type, which the Socket Mode client retries for
        // ever; invalid_auth is one it gives up on, so a miswired test fails instead of hanging.
        const authorization = headers.authorization;
        if (authorization === undefined) return { ok: false, error: 'not_authed' };
        if (!authorization.startsWith('Bearer xapp-') || socketModeUrl === null) return { ok: false, error: 'invalid_auth' };
        return { ok: true, url: socketModeUrl };
      }
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'oom-triage', team_id: TEAM_ID, user_id: BOT_USER_ID, bot_id: BOT_ID };
      case 'chat.postMessage': {
        if (outside.has(channel)) return { ok: false, error: 'not_in_channel' };
        const ts = nextTs();
        const message = { ...args, ts, user: BOT_USER_ID, bot_id: BOT_ID };
        messages.set(channel, [...(messages.get(channel) ?? []), message]);
        return { ok: true, channel, ts, message };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'reactions.add':
      case 'reactions.remove': {
        const key = `${channel}/${String(args['timestamp'])}`;
        const set = reactions.get(key) ?? new Set<string>();
        reactions.set(key, set);
        const name = String(args['name']);
        if (method === 'reactions.add') {
          if (set.has(name)) return { ok: false, error: 'already_reacted' };
          set.add(name);
        } else {
          if (!set.has(name)) return { ok: false, error: 'no_reaction' };
          set.delete(name);
        }
        return { ok: true };
      }
      case 'files.info': {
        const f = files.get(String(args['file']));
        return f ? { ok: true, file: fileObject(f) } : { ok: false, error: 'file_not_found' };
      }
      case 'conversations.history':
      case 'conversations.replies': {
        if (forbidden.has(channel)) return { ok: false, error: 'not_in_channel' };
        const all = messages.get(channel) ?? [];
        const latest = args['latest'] === undefined ? Infinity : Number(args['latest']);
        const oldest = args['oldest'] === undefined ? -Infinity : Number(args['oldest']);
        const inThread = (m: Record<string, unknown>) => m['ts'] === args['ts'] || m['thread_ts'] === args['ts'];
        const picked = all
          .filter((m) => (method === 'conversations.replies' ? inThread(m) : true))
          .filter((m) => Number(m['ts']) <= latest && Number(m['ts']) >= oldest);
        return { ok: true, messages: picked, has_more: false };
      }
      case 'conversations.info': {
        const c = channels.get(channel) ?? {};
        const isPrivate = c.private ?? channel.startsWith('G');
        const isIm = c.im ?? channel.startsWith('D');
        const isMpim = c.mpim ?? false;
        const ext = c.extShared ?? false;
        return {
          ok: true,
          channel: { id: channel, is_channel: !isPrivate && !isIm && !isMpim, is_group: isPrivate && !isMpim, is_im: isIm, is_mpim: isMpim, is_private: isPrivate || isIm || isMpim, is_shared: ext, is_ext_shared: ext, is_org_shared: false },
        };
      }
      case 'conversations.members': {
        // One member a page, so that tests go through the cursor.
        const members = channels.get(channel)?.members ?? [];
        const at = Number(args['cursor'] ?? 0);
        const next = at + 1 < members.length ? String(at + 1) : '';
        return { ok: true, members: members.slice(at, at + 1), response_metadata: { next_cursor: next } };
      }
      case 'users.info': {
        const user = String(args['user'] ?? '');
        return { ok: true, user: { id: user, is_restricted: guests.has(user), is_ultra_restricted: false } };
      }
      case 'chat.getPermalink': {
        const ts = String(args['message_ts'] ?? '');
        const found = (messages.get(channel) ?? []).find((m) => m['ts'] === ts);
        if (!found) return { ok: false, error: 'message_not_found' };
        const thread = typeof found['thread_ts'] === 'string' ? `?thread_ts=${found['thread_ts']}&cid=${channel}` : '';
        return { ok: true, channel, permalink: `https://fake.slack.com/archives/${channel}/p${ts.replace('.', '')}${thread}` };
      }
      case 'views.open':
      case 'views.publish':
        return { ok: true, view: { id: `V${++tsCounter}` } };
      case 'chat.getPermalink':
        return { ok: true, channel, permalink: `https://fake.slack.com/archives/${channel}/p${String(args['message_ts']).replace('.', '')}` };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args['users'] ?? 'X').replace(/^U/, '')}` } };
      case 'files.getUploadURLExternal': {
        // Slack's upload flow: a URL to POST the bytes to, then files.completeUploadExternal shares them.
        const id = `F${String(++tsCounter).padStart(8, '0')}`;
        pendingUploads.set(id, { filename: String(args['filename']), length: Number(args['length']) });
        return { ok: true, upload_url: `${base}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const list = Array.isArray(args['files']) ? (args['files'] as Array<{ id: string; title?: string }>) : [];
        const shared = [];
        for (const f of list) {
          const pending = pendingUploads.get(f.id);
          if (!pending || !uploads.has(f.id)) return { ok: false, error: 'file_not_found' };
          shared.push({ id: f.id, name: pending.filename, title: f.title ?? pending.filename, size: uploads.get(f.id)!.length });
        }
        if (args['channel_id']) {
          const target = String(args['channel_id']);
          const message = { ts: nextTs(), user: BOT_USER_ID, bot_id: BOT_ID, files: shared, ...(args['thread_ts'] ? { thread_ts: args['thread_ts'] } : {}) };
          messages.set(target, [...(messages.get(target) ?? []), message]);
        }
        return { ok: true, files: shared };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const handleDownload = (req: IncomingMessage, res: ServerResponse, path: string) => {
    downloads.push({ path, authorization: req.headers.authorization });
    const m = /^\/files\/([^/]+)\/download(?:\/hop(\d+))?$/.exec(path);
    const f = m ? files.get(m[1]!) : undefined;
    if (!m || !f) return void res.writeHead(404).end();
    const hop = m[2] ? Number(m[2]) : 0;
    if (req.headers.authorization !== 'Bearer xoxb-test-token' || f.serve === 'html-signin') {
      // What Slack does without files:read (or without the token): 200 with its sign-in page.
      return void res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Slack</body></html>');
    }
    if (f.serve === 'redirect' && hop === 0) {
      return void res.writeHead(302, { location: `/files/${f.id}/download/hop1` }).end();
    }
    if (f.serve === 'redirect-loop') {
      return void res.writeHead(302, { location: `/files/${f.id}/download/hop${hop + 1}` }).end();
    }
    if (f.serve === 'redirect-elsewhere') {
      return void res.writeHead(302, { location: `http://evil.example.invalid/steal/${f.id}` }).end();
    }
    if (f.serve === 'stall') {
      // The headers and the first bytes, then nothing more: a download that hangs.
      res.writeHead(200, { 'content-type': f.mimetype, 'content-length': String(f.content.length) });
      return void res.write(f.content.subarray(0, Math.min(1024, f.content.length - 1)));
    }
    res.writeHead(200, { 'content-type': f.mimetype, 'content-length': String(f.content.length) }).end(f.content);
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      if (req.method === 'GET' && url.pathname.startsWith('/files/')) return handleDownload(req, res, url.pathname);
      if (url.pathname.startsWith('/upload/')) {
        const id = url.pathname.slice('/upload/'.length);
        if (!pendingUploads.has(id)) return void res.writeHead(404).end();
        uploads.set(id, Buffer.concat(chunks));
        return void res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${chunks.reduce((n, c) => n + c.length, 0)}`);
      }
      if (url.pathname.startsWith('/response/')) {
        responses.push({ id: url.pathname.slice('/response/'.length), body: JSON.parse(raw || '{}') as Record<string, unknown>, at: Date.now() });
        return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      }
      if (!url.pathname.startsWith('/api/')) return void res.writeHead(404).end();
      const method = url.pathname.slice('/api/'.length);
      const args: Record<string, unknown> = {};
      const type = req.headers['content-type'] ?? '';
      if (type.startsWith('application/json')) Object.assign(args, JSON.parse(raw || '{}'));
      else {
        for (const [k, v] of new URLSearchParams(raw)) {
          if ((v.startsWith('[') || v.startsWith('{')) && v.length > 1) {
            try {
              args[k] = JSON.parse(v);
              continue;
            } catch {
              // not JSON after all: keep the string
            }
          }
          args[k] = v;
        }
      }
      const call: ApiCall = { method, args, headers: req.headers, at: Date.now() };
      calls.push(call);
      const queue = faults.get(method) ?? [];
      while (queue.length > 0 && queue[0]!.skip === 0 && queue[0]!.times === 0) queue.shift();
      const fault = queue[0];
      if (fault && fault.skip > 0) fault.skip--;
      else if (fault && fault.times > 0) {
        fault.times--;
        if (fault.commit) call.result = api(method, args, req.headers);
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
        return void res.writeHead(fault.status, headers).end(JSON.stringify({ ok: false, error: fault.status === 429 ? 'ratelimited' : 'internal_error' }));
      }
      const held = holds.get(method)?.shift();
      if (held) {
        if (held.commit) call.result = api(method, args, req.headers);
        held.arrived(call);
        void held.released.then(() => {
          // A caller that is gone by now (killed) never completed its call.
          if (req.socket.destroyed) return;
          call.result ??= api(method, args, req.headers);
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(call.result));
        });
        return;
      }
      call.result = api(method, args, req.headers);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(call.result));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    apiUrl: `${base}/api/`,
    host: '127.0.0.1',
    calls,
    responses,
    downloads,
    uploads,
    callsTo: (method) => calls.filter((c) => c.method === method),
    responseUrl: (id) => `${base}/response/${id}`,
    addFile(file) {
      files.set(file.id, file);
      return fileObject(file);
    },
    addMessage(channel, message) {
      messages.set(channel, [...(messages.get(channel) ?? []), message]);
    },
    forbidChannel(channel) {
      forbidden.add(channel);
    },
    setChannel(channel, facts) {
      channels.set(channel, facts);
    },
    setGuest(user) {
      guests.add(user);
    },
    notMemberOf(channel) {
      outside.add(channel);
    },
    useSocketMode(url) {
      socketModeUrl = url;
    },
    messagesIn(channel, threadTs) {
      const all = messages.get(channel) ?? [];
      return threadTs === undefined ? all : all.filter((m) => m['ts'] === threadTs || m['thread_ts'] === threadTs);
    },
    reactionsOn(channel, ts) {
      return [...(reactions.get(`${channel}/${ts}`) ?? [])].sort();
    },
    failNext(method, fault, times = 1) {
      const queue = faults.get(method) ?? [];
      queue.push({ status: fault.status, ...(fault.retryAfter !== undefined ? { retryAfter: fault.retryAfter } : {}), skip: fault.skip ?? 0, times, commit: fault.commit ?? false });
      faults.set(method, queue);
    },
    hold(method, options = {}) {
      let arrived!: (call: ApiCall) => void;
      let release!: () => void;
      const held = {
        commit: options.commit ?? false,
        arrived: (call: ApiCall) => arrived(call),
        released: new Promise<void>((resolve) => (release = resolve)),
      };
      const arrival = new Promise<ApiCall>((resolve) => (arrived = resolve));
      holds.set(method, [...(holds.get(method) ?? []), held]);
      return { arrived: arrival, release: () => release() };
    },
    async waitFor(probe, what, ms = 20000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const value = probe();
        if (value !== undefined && value !== null && value !== false) return value;
        if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
