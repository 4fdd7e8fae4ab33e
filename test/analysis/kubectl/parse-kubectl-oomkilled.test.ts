import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../../src/analysis/analyze.js';
import { createKubectlParser } from '../../../src/analysis/kubectl/parse-kubectl-oomkilled.js';
import { toInputLines } from '../../../src/analysis/input/to-input-lines.js';
import { Report, type OomEvent } from '../../../src/analysis/report/report-schema.js';

/** Fixtures and their sources: test/fixtures/kubectl/SOURCES.md. */
const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/kubectl/${name}`, import.meta.url), 'utf8');

/** Runs the whole analyser (streaming driver, keyword prefilter) and returns its events. */
const eventsOf = (text: string): OomEvent[] => {
  const report = analyzeText(text);
  assert.equal(Report.safeParse(report).success, true);
  return report.events;
};

const commandsOf = (e: OomEvent): string[] => e.suggestions.flatMap((s) => s.commands.map((c) => c.run));

test('describe, container block only (azure-databricks-operator#92): container, 1Gi limit, time, cause', () => {
  const [e, ...rest] = eventsOf(fixture('describe-container-block-limit-1Gi.txt'));
  assert.equal(rest.length, 0);
  assert.equal(e!.cause, 'cgroup_limit');
  assert.equal(e!.constraint, 'CONSTRAINT_MEMCG');
  assert.equal(e!.memcg?.limitKb, 1048576);
  assert.equal(e!.memcg?.taskPath, 'container manager');
  assert.equal(e!.victim, null);
  assert.equal(e!.time, '2019-10-17T13:00:11+11:00');
  assert.deepEqual(
    e!.evidence.map((x) => [x.line, x.text.trim()]),
    [[1, 'manager:'], [14, 'Reason:       OOMKilled'], [15, 'Exit Code:    137'], [17, 'Finished:     Thu, 17 Oct 2019 13:00:11 +1100'], [22, 'memory:  1Gi']],
  );
  const raise = e!.suggestions.find((s) => s.id === 'raise-container-memory-limit')!;
  assert.match(raise.title, /manager above 1Gi/);
  assert.match(raise.detail, /restarted 15 time/);
  assert.match(raise.detail, /request is 512Mi/);
  assert.ok(raise.commands.map((c) => c.run).includes('kubectl -n <namespace> set resources deployment/<deployment> -c manager --limits=memory=1536Mi'));
});

test('describe with the kubectl command line (operator-sdk-samples#156): pod and namespace from the command, 90Mi → 144Mi', () => {
  const [e] = eventsOf(fixture('describe-command-line-limit-90Mi.txt'));
  assert.equal(e!.memcg?.taskPath, 'pod memcached-operator-system/memcached-operator-controller-manager-6d57f5fd7-gfnxw');
  assert.equal(e!.memcg?.limitKb, 90 * 1024);
  assert.equal(e!.time, '2020-08-31T16:33:08-05:00');
  assert.ok(commandsOf(e!).includes('kubectl -n memcached-operator-system set resources deployment/memcached-operator-controller-manager -c <container> --limits=memory=144Mi'));
  assert.ok(commandsOf(e!).includes('kubectl -n memcached-operator-system top pod memcached-operator-controller-manager-6d57f5fd7-gfnxw --containers'));
});

test('describe `State: Terminated` then the same container pasted again running at 500Mi (starburst-terraform#1): the kill keeps its own 300Mi', () => {
  const events = eventsOf(fixture('describe-state-terminated-300Mi.txt'));
  assert.equal(events.length, 1);
  assert.equal(events[0]!.memcg?.limitKb, 300 * 1024);
  assert.equal(events[0]!.time, '2021-12-13T18:02:42-08:00');
  assert.ok(commandsOf(events[0]!).some((c) => c.endsWith('--limits=memory=512Mi')));
});

test('describe cut before Limits (sandboxed-containers-operator#923): limit unknown, the suggestion looks it up', () => {
  const [e] = eventsOf(fixture('describe-containers-section-crashloop-no-limits-shown.txt'));
  assert.equal(e!.cause, 'cgroup_limit');
  assert.equal(e!.memcg?.limitKb, null);
  assert.equal(e!.time, '2025-08-27T09:33:51+02:00');
  assert.deepEqual(e!.suggestions.map((s) => s.id), ['show-container-memory-limit', 'inspect-oomkilled-container']);
  assert.ok(commandsOf(e!).includes(`kubectl -n <namespace> get pod <pod> -o jsonpath='{.spec.containers[?(@.name=="manager")].resources}'`));
});

test('a get-pods table row and a describe header without containers are not an event', () => {
  assert.deepEqual(eventsOf(fixture('describe-pod-header-samba-operator.txt')), []);
});

test('describe of a pod with two OOMKilled containers: two events, node, owner, node.js heap, and a container without a limit', () => {
  const [web, shipper, ...rest] = eventsOf(fixture('describe-pod-two-oomkilled-containers-node.txt'));
  assert.equal(rest.length, 0);
  assert.equal(web!.memcg?.taskPath, 'pod storefront/web-frontend-7f8d9c6b4-q2w3e container web');
  assert.deepEqual(web!.kubernetes, {
    namespace: 'storefront',
    pod: 'web-frontend-7f8d9c6b4-q2w3e',
    workload: { kind: 'deployment', name: 'web-frontend' },
    container: 'web',
    image: 'node:20-alpine',
  });
  assert.equal(web!.host, 'gke-prod-pool-1-8c2f1a3b-k9x2');
  assert.equal(web!.memcg?.limitKb, 524288);
  assert.ok(commandsOf(web!).includes('kubectl -n storefront set resources deployment/web-frontend -c web --limits=memory=768Mi'));
  assert.ok(commandsOf(web!).includes('kubectl -n storefront set env deployment/web-frontend -c web NODE_OPTIONS=--max-old-space-size=384'));
  assert.ok(commandsOf(web!).some((c) => c.startsWith(`kubectl -n storefront patch deployment web-frontend -p '{"spec":{"template":{"spec":{"containers":[{"name":"web","resources":{"limits":{"memory":"768Mi"}}}]}}}}'`)));
  // No memory limit: its cgroup could not hit one, the node ran out.
  assert.equal(shipper!.memcg?.taskPath, 'pod storefront/web-frontend-7f8d9c6b4-q2w3e container log-shipper');
  assert.equal(shipper!.cause, 'system_memory_exhausted');
  assert.equal(shipper!.memcg?.limitKb, null);
  assert.equal(shipper!.time, '2024-07-18T15:03:11+08:00');
  assert.ok(commandsOf(shipper!).includes('kubectl describe node gke-prod-pool-1-8c2f1a3b-k9x2'));
});

test('pod YAML: the status joins its spec container by name; java heap sized from the 1536Mi limit', () => {
  const events = eventsOf(fixture('yaml-pod-two-containers-java-oomkilled.yaml'));
  assert.equal(events.length, 1);
  const e = events[0]!;
  assert.equal(e.memcg?.taskPath, 'pod shop/orders-api-6d9f7c8b5d-x7k2p container api');
  assert.equal(e.memcg?.limitKb, 1536 * 1024);
  assert.equal(e.time, '2024-07-18T07:03:59Z');
  assert.equal(e.host, 'ip-10-0-7-21.eu-west-1.compute.internal');
  assert.ok(commandsOf(e).includes('kubectl -n shop set resources deployment/orders-api -c api --limits=memory=2304Mi'));
  const java = e.suggestions.find((s) => s.id === 'java-heap')!;
  assert.match(java.detail, /-Xmx1152m for 1536Mi/);
  assert.match(e.suggestions[0]!.detail, /restarted 3 time/);
});

test('YAML fragments (cryostat-operator#716, cloud-operators#260): limit from the only spec container, names from the back-off message', () => {
  const [cryostat] = eventsOf(fixture('yaml-spec-and-laststate-256Mi.txt'));
  assert.equal(cryostat!.memcg?.limitKb, 256 * 1024);
  assert.equal(cryostat!.time, '2024-01-26T08:37:24Z');
  assert.ok(commandsOf(cryostat!).some((c) => c.endsWith('--limits=memory=384Mi')));

  const [ibm] = eventsOf(fixture('yaml-status-fragment-backoff-message.txt'));
  assert.equal(ibm!.memcg?.taskPath, 'pod ibm-common-services/ibmcloud-operator-controller-manager-5c4d7c974b-m2z2t container manager');
  assert.equal(ibm!.time, '2021-09-06T16:32:28Z');
  assert.equal(ibm!.memcg?.limitKb, null);
});

test('the container name above a Last State block is reached through the driver lookbehind inside a long log', () => {
  const noise = Array.from({ length: 5000 }, (_, i) => `Jul 18 15:0${i % 10}:00 host app[1]: request ${i} ok`).join('\n');
  const events = eventsOf(`${noise}\n${fixture('describe-container-block-limit-1Gi.txt')}${noise}\n`);
  assert.equal(events.length, 1);
  assert.equal(events[0]!.memcg?.taskPath, 'container manager');
  assert.equal(events[0]!.memcg?.limitKb, 1048576);
  assert.equal(events[0]!.evidence[0]!.line, 5001);
});

test('a limit the text shows in other units is converted exactly (Gi, M, plain bytes)', () => {
  const limitOf = (memory: string): number | null | undefined => {
    const found: OomEvent[] = [];
    const parser = createKubectlParser({ onEvent: (e) => found.push(e) });
    const text = ['  app:', '    Last State:     Terminated', '      Reason:       OOMKilled', '    Limits:', `      memory:  ${memory}`, 'Conditions:'];
    text.forEach((raw, i) => toInputLines(i + 1, raw).forEach((l) => parser.push(l)));
    parser.end();
    return found[0]?.memcg?.limitKb;
  };
  assert.equal(limitOf('1.5Gi'), 1572864);
  assert.equal(limitOf('500M'), 488281.25);
  assert.equal(limitOf('134217728'), 131072);
  assert.equal(limitOf('128974848e0'), 125952);
});
