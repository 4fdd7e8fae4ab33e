/**
 * deploy/kubernetes renders with `kubectl kustomize` — both overlays, the base and rbac/ — and every
 * object, with the Secret template, is valid against the Kubernetes schemas offline
 * (kubernetes-schemas.ts). Beyond the schemas: what the base promises (probes, non-root, read-only
 * root filesystem, a writable /tmp, env from the Secret), that KEDA counts the wait list of the
 * queue the code really uses, that one render never holds two autoscalers, that the RBAC is
 * read-only, and that a manifest broken on disk fails the check.
 *
 * kubectl comes from Debian's kubernetes-client (kubectl 1.20, kustomize v2.0.3) on a fresh CI
 * machine (.ci/run installs it); the manifests are written to render alike with kustomize v5.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { QueueKeys } from 'bullmq';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/config.js';
import { schemaVersions, validateManifests, type ManifestObject } from './kubernetes-schemas.js';

const run = promisify(execFile);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEPLOY = join(ROOT, 'deploy', 'kubernetes');
const KUBECTL = process.env['KUBECTL'] ?? 'kubectl';

// Loose shapes for reading rendered objects; the schemas have already checked them.
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  /** Read only after the schema check passed; typing every optional level would bury the assertions. */
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  rules?: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
  roleRef?: { kind: string; name: string };
  subjects?: Array<{ kind: string; name: string; namespace?: string }>;
}

async function render(dir: string): Promise<K8sObject[]> {
  let stdout: string;
  try {
    ({ stdout } = await run(KUBECTL, ['kustomize', dir], { maxBuffer: 16 * 1024 * 1024 }));
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new Error(`${KUBECTL} not found: install kubectl (Debian package kubernetes-client; .ci/run does) or set KUBECTL`);
    throw new Error(`kubectl kustomize ${dir} failed: ${e.stderr ?? e.message}`);
  }
  return parseYamlStream(stdout, `kubectl kustomize ${dir}`);
}

function parseYamlStream(text: string, source: string): K8sObject[] {
  return parseAllDocuments(text).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS() as K8sObject;
  });
}

const of = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const one = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  assert.equal(found.length, 1, `exactly one ${kind}/${name}`);
  return found[0]!;
};
const podLabels = (deployment: K8sObject) => deployment.spec.template.metadata.labels as Record<string, string>;
const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

/** `export const QUEUE_NAME = '…'` wherever it lives under src/ (the folders are being reorganised). */
function queueNameInSource(): string {
  const names = new Set<string>();
  for (const file of readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts')) continue;
    const match = /export const QUEUE_NAME = '([^']+)'/.exec(readFileSync(join(ROOT, 'src', file), 'utf8'));
    if (match) names.add(match[1]!);
  }
  assert.equal(names.size, 1, `one QUEUE_NAME under src/ (found ${[...names].join(', ') || 'none'})`);
  return [...names][0]!;
}

describe('deploy/kubernetes', () => {
  let keda: K8sObject[];
  let hpa: K8sObject[];
  let base: K8sObject[];
  let rbac: K8sObject[];
  let secret: K8sObject;
  before(async () => {
    [keda, hpa, base, rbac] = await Promise.all([render(join(DEPLOY, 'overlays/keda')), render(join(DEPLOY, 'overlays/hpa')), render(join(DEPLOY, 'base')), render(join(DEPLOY, 'rbac'))]);
    const secretObjects = parseYamlStream(await readFile(join(DEPLOY, 'secret.example.yaml'), 'utf8'), 'secret.example.yaml');
    assert.equal(secretObjects.length, 1);
    secret = secretObjects[0]!;
  });

  it('every object of every render, and the Secret template, is valid against the Kubernetes schemas', async (t) => {
    t.diagnostic(`schemas: ${JSON.stringify(schemaVersions())}`);
    const items: ManifestObject[] = [
      ...keda.map((object) => ({ source: 'overlays/keda', object })),
      ...hpa.map((object) => ({ source: 'overlays/hpa', object })),
      ...base.map((object) => ({ source: 'base', object })),
      ...rbac.map((object) => ({ source: 'rbac', object })),
      { source: 'secret.example.yaml', object: secret },
    ];
    assert.deepEqual(await validateManifests(items), []);
    const kinds = (objects: K8sObject[]) => objects.map((o) => o.kind).sort();
    assert.deepEqual(kinds(base), ['ConfigMap', 'Deployment', 'Deployment', 'PodDisruptionBudget', 'PodDisruptionBudget', 'Service', 'ServiceAccount']);
    assert.deepEqual(kinds(keda), [...kinds(base), 'ScaledObject', 'TriggerAuthentication'].sort());
    assert.deepEqual(kinds(hpa), [...kinds(base), 'HorizontalPodAutoscaler'].sort());
    assert.deepEqual(kinds(rbac), ['ClusterRole', 'ClusterRole', 'ClusterRoleBinding', 'ClusterRoleBinding']);
  });

  it('web and worker run one image, as non-root with a read-only root filesystem, a writable /tmp, and env from the Secret', async () => {
    const version = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const configMaps = of(base, 'ConfigMap');
    const images = new Set<string>();
    for (const [name, role] of [['oom-triage-web', 'web'], ['oom-triage-worker', 'worker']] as const) {
      const deployment = one(base, 'Deployment', name);
      const pod = deployment.spec.template.spec;
      assert.ok(selects(deployment.spec.selector.matchLabels, podLabels(deployment)), `${name}: its selector matches its pods`);
      assert.equal(pod.securityContext.runAsNonRoot, true, `${name}: runAsNonRoot`);
      assert.ok(Number.isInteger(pod.securityContext.runAsUser) && pod.securityContext.runAsUser > 0, `${name}: a numeric non-root uid, which the kubelet can check`);
      assert.equal(pod.automountServiceAccountToken, false, `${name}: no API token mounted`);
      assert.equal(pod.serviceAccountName, 'oom-triage');
      assert.equal(pod.containers.length, 1);
      const container = pod.containers[0];
      images.add(container.image);
      assert.deepEqual(
        container.env.find((e: { name: string }) => e.name === 'ROLE'),
        { name: 'ROLE', value: role },
      );
      assert.equal(container.securityContext.readOnlyRootFilesystem, true, `${name}: read-only root`);
      assert.equal(container.securityContext.allowPrivilegeEscalation, false);
      assert.deepEqual(container.securityContext.capabilities.drop, ['ALL']);
      const tmp = container.volumeMounts.find((m: { mountPath: string }) => m.mountPath === '/tmp');
      assert.ok(tmp, `${name}: /tmp is mounted`);
      assert.ok(pod.volumes.find((v: { name: string; emptyDir?: object }) => v.name === tmp.name && v.emptyDir), `${name}: /tmp is an emptyDir`);
      assert.ok(container.resources.requests.cpu && container.resources.requests.memory && container.resources.limits.memory, `${name}: requests and a memory limit`);
      assert.ok(container.envFrom.some((e: { secretRef?: { name: string } }) => e.secretRef?.name === secret.metadata.name), `${name}: env from the Secret`);
      const configRef = container.envFrom.find((e: { configMapRef?: { name: string } }) => e.configMapRef)?.configMapRef.name;
      assert.ok(configMaps.some((c) => c.metadata.name === configRef), `${name}: its ConfigMap (${configRef}) is in the render`);
      // The bot's own config parser accepts what the pod gets: ConfigMap, Secret template, env.
      const env = { ...configMaps[0]!.data, ...secret.stringData, ...Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value])) };
      const loaded = loadConfig(env);
      assert.ok(loaded.ok, `${name}: ${loaded.ok ? '' : loaded.problems.join('; ')}`);
      assert.equal(loaded.config.role, role);
      assert.ok(pod.terminationGracePeriodSeconds * 1000 > loaded.config.shutdownTimeoutMs, `${name}: the grace period outlasts SHUTDOWN_TIMEOUT_MS`);
    }
    assert.deepEqual([...images], [`oom-triage:${version}`], 'one image for both roles, tagged with package.json version');
  });

  it('web probes /healthz (liveness) and /readyz (readiness), the worker /healthz, on the container port the bot listens on', () => {
    const expected = { 'oom-triage-web': { liveness: '/healthz', readiness: '/readyz' }, 'oom-triage-worker': { liveness: '/healthz', readiness: '/healthz' } };
    for (const [name, paths] of Object.entries(expected)) {
      const container = one(base, 'Deployment', name).spec.template.spec.containers[0];
      const port = container.ports.find((p: { name: string }) => p.name === 'http');
      const portEnv = container.env.find((e: { name: string }) => e.name === 'PORT');
      assert.equal(String(port.containerPort), portEnv.value, `${name}: the probed port is PORT`);
      assert.equal(container.livenessProbe.httpGet.path, paths.liveness);
      assert.equal(container.readinessProbe.httpGet.path, paths.readiness);
      for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe].filter(Boolean)) {
        assert.equal(probe.httpGet.port, 'http', `${name}: probes use the named port`);
      }
    }
  });

  it('the Service reaches the web pods only, and each PodDisruptionBudget covers exactly one role', () => {
    const web = one(base, 'Deployment', 'oom-triage-web');
    const worker = one(base, 'Deployment', 'oom-triage-worker');
    const service = one(base, 'Service', 'oom-triage-web');
    assert.ok(selects(service.spec.selector, podLabels(web)));
    assert.ok(!selects(service.spec.selector, podLabels(worker)));
    const portNames = web.spec.template.spec.containers[0].ports.map((p: { name: string }) => p.name);
    for (const port of service.spec.ports) assert.ok(portNames.includes(port.targetPort), `Service targetPort ${port.targetPort} is a web container port`);
    for (const pdb of of(base, 'PodDisruptionBudget')) {
      const covered = [web, worker].filter((d) => selects(pdb.spec.selector.matchLabels, podLabels(d)));
      assert.equal(covered.length, 1, `${pdb.metadata.name} selects one role`);
      assert.equal(pdb.spec.minAvailable, undefined, `${pdb.metadata.name}: maxUnavailable, so one replica never blocks a drain`);
    }
  });

  it("KEDA scales the worker Deployment on the length of BullMQ's wait list for the queue the code uses", () => {
    const [scaled] = of(keda, 'ScaledObject');
    assert.ok(scaled);
    const spec = scaled.spec;
    const target = one(keda, spec.scaleTargetRef.kind ?? 'Deployment', spec.scaleTargetRef.name);
    assert.equal(target.metadata.name, 'oom-triage-worker', 'it scales the workers, never the web role');
    assert.equal(spec.scaleTargetRef.apiVersion ?? 'apps/v1', target.apiVersion);
    assert.ok(spec.minReplicaCount >= 1, 'at least one worker: it runs the stalled-job check');
    assert.ok(spec.maxReplicaCount >= spec.minReplicaCount);
    assert.equal(spec.triggers.length, 1);
    const [trigger] = spec.triggers;
    assert.equal(trigger.type, 'redis');
    const prefix = one(keda, 'ConfigMap', of(keda, 'ConfigMap')[0]!.metadata.name).data!['QUEUE_PREFIX']!;
    assert.match(prefix, /^\{[^{}]+\}/, 'QUEUE_PREFIX starts with a Redis Cluster hash tag');
    assert.equal(trigger.metadata.listName, new QueueKeys(prefix).toKey(queueNameInSource(), 'wait'));
    assert.match(trigger.metadata.listLength, /^[1-9]\d*$/, 'listLength: a positive integer (the target per replica)');
    for (const [key, value] of Object.entries(trigger.metadata)) assert.equal(typeof value, 'string', `trigger metadata ${key} is a string, as KEDA requires`);
    const auth = one(keda, 'TriggerAuthentication', trigger.authenticationRef.name);
    for (const ref of auth.spec.secretTargetRef) {
      assert.ok(['address', 'addresses', 'password', 'username', 'host', 'port'].includes(ref.parameter), `redis scaler parameter ${ref.parameter}`);
      assert.equal(ref.name, secret.metadata.name, 'KEDA reads the same Secret as the bot');
      assert.ok(ref.key in (secret.stringData ?? {}), `the Secret template has ${ref.key}`);
    }
    assert.match(secret.stringData!['REDIS_ADDRESS']!, /^[^:/\s]+:\d+$/, 'KEDA takes host:port, not a URL');
  });

  it('the HPA overlay scales the worker on CPU, and no render holds two autoscalers for one Deployment', () => {
    const [autoscaler] = of(hpa, 'HorizontalPodAutoscaler');
    assert.ok(autoscaler);
    assert.equal(autoscaler.spec.scaleTargetRef.name, 'oom-triage-worker');
    assert.deepEqual(
      autoscaler.spec.metrics.map((m: { resource: { name: string } }) => m.resource.name),
      ['cpu'],
    );
    const worker = one(hpa, 'Deployment', 'oom-triage-worker');
    assert.ok(worker.spec.template.spec.containers[0].resources.requests.cpu, 'CPU utilisation needs a CPU request');
    assert.equal(of(hpa, 'ScaledObject').length, 0);
    assert.equal(of(keda, 'HorizontalPodAutoscaler').length, 0, 'KEDA makes its own HPA');
    assert.equal(of(base, 'ScaledObject').length + of(base, 'HorizontalPodAutoscaler').length, 0, 'the base has no scaler');
  });

  it("rbac/ grants exactly what alert enrichment calls — get pods, list events, get nodes — to the pods' ServiceAccount", () => {
    const namespace = one(base, 'ServiceAccount', 'oom-triage').metadata.namespace;
    const granted: string[] = [];
    for (const role of [...of(rbac, 'Role'), ...of(rbac, 'ClusterRole')]) {
      for (const rule of role.rules ?? []) {
        assert.deepEqual(rule.apiGroups, [''], `${role.metadata.name}: core API group only`);
        for (const resource of rule.resources) for (const verb of rule.verbs) granted.push(`${verb} ${resource}`);
      }
    }
    // src/worker/enrich/kubernetes-lookup.ts: readNamespacedPod, listNamespacedEvent, readNode.
    assert.deepEqual(granted.sort(), ['get nodes', 'get pods', 'list events']);
    for (const binding of [...of(rbac, 'RoleBinding'), ...of(rbac, 'ClusterRoleBinding')]) {
      assert.ok(rbac.some((r) => r.kind === binding.roleRef!.kind && r.metadata.name === binding.roleRef!.name), `${binding.metadata.name} binds a role defined here`);
      assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'oom-triage', namespace }]);
    }
  });

  describe('a manifest broken on disk fails the check', () => {
    let copy: string;
    before(async () => {
      copy = await mkdtemp(join(tmpdir(), 'oom-triage-k8s-'));
      await cp(DEPLOY, copy, { recursive: true });
    });
    after(async () => {
      await rm(copy, { recursive: true, force: true });
    });
    const breakFile = async (file: string, from: string, to: string) => {
      const path = join(copy, file);
      const text = await readFile(path, 'utf8');
      assert.ok(text.includes(from), `${file} contains ${from}`);
      await writeFile(path, text.replace(from, to));
      return async () => writeFile(path, text);
    };
    const problemsOf = async (overlay: string) =>
      validateManifests((await render(join(copy, overlay))).map((object) => ({ source: overlay, object })));

    const cases: Array<{ what: string; file: string; from: string; to: string; expect: RegExp }> = [
      { what: 'a misspelled field', file: 'base/web-deployment.yaml', from: 'readinessProbe:', to: 'readinesProbe:', expect: /Deployment\/oom-triage-web: at spec\.template\.spec\.containers\[\]\.readinesProbe/ },
      { what: 'a field at the wrong level', file: 'base/worker-deployment.yaml', from: '      serviceAccountName: oom-triage', to: '      serviceAcountName: oom-triage', expect: /serviceAcountName/ },
      { what: 'a bad quantity', file: 'base/worker-deployment.yaml', from: 'memory: 1Gi', to: 'memory: 1GB', expect: /must match format "quantity"/ },
      { what: 'a string for a number', file: 'base/web-deployment.yaml', from: 'replicas: 2', to: 'replicas: two', expect: /replicas/ },
      { what: 'a misspelled kind', file: 'base/pod-disruption-budgets.yaml', from: 'kind: PodDisruptionBudget', to: 'kind: PodDisruptionBuget', expect: /no schema for apiVersion policy\/v1 kind PodDisruptionBuget/ },
      { what: 'a misspelled KEDA field', file: 'overlays/keda/scaled-object.yaml', from: 'scaleTargetRef:', to: 'scaleTargetRefs:', expect: /ScaledObject\/oom-triage-worker: .*scaleTargetRefs/ },
    ];
    for (const c of cases) {
      it(`${c.what} (${c.file})`, async () => {
        const restore = await breakFile(c.file, c.from, c.to);
        try {
          const overlay = c.file.startsWith('overlays/') ? dirname(c.file) : 'overlays/keda';
          const problems = await problemsOf(overlay);
          assert.ok(problems.some((p) => c.expect.test(p)), `expected a problem matching ${c.expect}, got:\n${problems.join('\n')}`);
        } finally {
          await restore();
        }
      });
    }

    it('an intact copy passes (the cases above fail for their change alone)', async () => {
      assert.deepEqual(await problemsOf('overlays/keda'), []);
    });
  });

  it('the Secret template is a Secret no kustomization applies', async () => {
    assert.equal(secret.kind, 'Secret');
    for (const objects of [keda, hpa, base, rbac]) assert.equal(of(objects, 'Secret').length, 0, 'applying an overlay never replaces real tokens');
    for (const dir of ['base', 'overlays/keda', 'overlays/hpa', 'rbac']) {
      const kustomization = parse(await readFile(join(DEPLOY, dir, 'kustomization.yaml'), 'utf8')) as Record<string, unknown>;
      assert.ok(!JSON.stringify(kustomization).includes('secret.example'), `${dir} does not include the template`);
    }
  });
});
