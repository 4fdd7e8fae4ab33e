/**
 * A Kubernetes API stand-in that records every request (as fake-slack.ts does for Slack): the
 * three read paths the bot calls — get pod, list a namespace's events, get node — answered from
 * objects a test adds, 404 for anything else, 403 for paths a test forbids, and held answers for
 * paths a test stalls (a slow API server). The official client talks to it through a kubeconfig
 * file with a bearer token, as it would to a real cluster.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KubeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
}

export interface FakeKubernetes {
  url: string;
  /** A kubeconfig file pointing at this server, with `token` as the user's bearer token. */
  kubeconfig: string;
  token: string;
  requests: KubeRequest[];
  addPod(pod: Record<string, unknown>): void;
  addEvent(namespace: string, event: Record<string, unknown>): void;
  addNode(node: Record<string, unknown>): void;
  /** Requests whose path starts with this get 403 Forbidden. */
  forbid(pathPrefix: string): void;
  /** Requests whose path starts with this are never answered (until close). */
  stall(pathPrefix: string): void;
  close(): Promise<void>;
}

export async function startFakeKubernetes(): Promise<FakeKubernetes> {
  const requests: KubeRequest[] = [];
  const pods = new Map<string, Record<string, unknown>>();
  const events = new Map<string, Array<Record<string, unknown>>>();
  const nodes = new Map<string, Record<string, unknown>>();
  const forbidden: string[] = [];
  const stalled: string[] = [];
  const held = new Set<ServerResponse>();
  const token = 'kube-test-token-0123456789abcdef';

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const status = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const request: KubeRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), authorization: req.headers.authorization };
    requests.push(request);
    if (stalled.some((p) => url.pathname.startsWith(p))) {
      held.add(res);
      return;
    }
    if (req.headers.authorization !== `Bearer ${token}`) return send(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
    if (forbidden.some((p) => url.pathname.startsWith(p))) return send(res, 403, status(403, 'Forbidden', `forbidden: ${url.pathname}`));
    let m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)$/.exec(url.pathname);
    if (m && req.method === 'GET') {
      const pod = pods.get(`${m[1]}/${m[2]}`);
      return pod ? send(res, 200, pod) : send(res, 404, status(404, 'NotFound', `pods "${m[2]}" not found`));
    }
    m = /^\/api\/v1\/namespaces\/([^/]+)\/events$/.exec(url.pathname);
    if (m && req.method === 'GET') {
      const selector = url.searchParams.get('fieldSelector') ?? '';
      const name = /involvedObject\.name=([^,]+)/.exec(selector)?.[1];
      const items = (events.get(m[1]!) ?? []).filter((e) => name === undefined || (e['involvedObject'] as { name?: string } | undefined)?.name === name);
      return send(res, 200, { kind: 'EventList', apiVersion: 'v1', metadata: {}, items });
    }
    m = /^\/api\/v1\/nodes\/([^/]+)$/.exec(url.pathname);
    if (m && req.method === 'GET') {
      const node = nodes.get(m[1]!);
      return node ? send(res, 200, node) : send(res, 404, status(404, 'NotFound', `nodes "${m[1]}" not found`));
    }
    send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'fake-kube-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      // Plain HTTP on loopback: the client accepts it only with TLS verification off.
      `- name: fake\n  cluster:\n    server: ${url}\n    insecure-skip-tls-verify: true`,
      'users:',
      `- name: reader\n  user:\n    token: ${token}`,
      'contexts:',
      '- name: fake\n  context:\n    cluster: fake\n    user: reader',
      'current-context: fake',
      '',
    ].join('\n'),
  );

  return {
    url,
    kubeconfig,
    token,
    requests,
    addPod(pod) {
      const meta = pod['metadata'] as { namespace: string; name: string };
      pods.set(`${meta.namespace}/${meta.name}`, { apiVersion: 'v1', kind: 'Pod', ...pod });
    },
    addEvent(namespace, event) {
      const list = events.get(namespace) ?? [];
      list.push({ apiVersion: 'v1', kind: 'Event', ...event });
      events.set(namespace, list);
    },
    addNode(node) {
      nodes.set((node['metadata'] as { name: string }).name, { apiVersion: 'v1', kind: 'Node', ...node });
    },
    forbid(prefix) {
      forbidden.push(prefix);
    },
    stall(prefix) {
      stalled.push(prefix);
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
