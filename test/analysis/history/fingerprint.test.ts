/**
 * The kill fingerprint on real logs (test/fixtures/public/SOURCES.md, test/fixtures/kernel/SOURCES.md):
 * the cgroup paths the kernel printed, normalised so that the same workload matches across
 * restarts, and kills of different workloads never matching.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../../src/analysis/analyze.js';
import { fingerprintKill, fnv1a64Hex, normaliseCgroupPath, type KillFingerprint } from '../../../src/analysis/history/fingerprint.js';
import type { OomEvent } from '../../../src/analysis/report/report-schema.js';

const publicLog = (name: string) => readFileSync(new URL(`../../fixtures/public/kernel/${name}`, import.meta.url), 'utf8');
const kernelLog = (name: string) => readFileSync(new URL(`../../fixtures/kernel/${name}`, import.meta.url), 'utf8');
const events = (text: string): OomEvent[] => analyzeText(text).events;
const killed = (text: string): KillFingerprint[] => events(text).map(fingerprintKill).filter((f): f is KillFingerprint => f !== null);

describe('normaliseCgroupPath on the paths of the fixtures', () => {
  const cases: Array<[string, string, string]> = [
    [
      'aks-5.15-cgroup-v2-kubepods-pod-limit-syslog.log (systemd driver: pod UID with underscores, cri-containerd scope)',
      '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod5931aa75_4603_4e65_b552_7c71cf55cfb5.slice/cri-containerd-25a38b5b8d556d7983d975577f5ac75ebbcfb4b269e6deaa0a0440c1ffc969ca.scope',
      '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod*.slice/cri-containerd-*.scope',
    ],
    [
      'eks-cgroup-v2-oom-group-pod-limit-dmesg-grep.log (the pod-level cgroup that hit its limit)',
      '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod94eb36cd_29e1_478b_b365_4cb5dfc7d6fb.slice',
      '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod*.slice',
    ],
    ['docker-4.8-two-memcg-kills-amid-veth-noise.log (cgroup v1 docker)', '/docker/2e088fe462e25e60be1dafafe2c05c47bda1a97978648d10ad2b7484fc0b8f50', '/docker/*'],
    [
      'docker-cgroup-v2-scope-global-oom-summary-line-only.log (docker scope under system.slice)',
      '/system.slice/docker-00748bf4e957f82c239a1db8a88579059b7d40c7b5fbd3f43617d31d3f646f12.scope',
      '/system.slice/docker-*.scope',
    ],
    ['arch-6.1-global-oom-user-slice-oom-reaper.log (logind session)', '/user.slice/user-504.slice/session-2.scope', '/user.slice/user-504.slice/session-*.scope'],
    ['rocky8-4.18-mempolicy-node3-syslog-012.log (root session)', '/user.slice/user-0.slice/session-1.scope', '/user.slice/user-0.slice/session-*.scope'],
    [
      'nixos-6.5-cgroup-v2-memory-max-write-two-kills-memory-stat.log (application scope)',
      '/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-thunderbird-265606.scope',
      '/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-thunderbird-*.scope',
    ],
    ['proxmox-lxc-cgroup-v2-grep-dmesg-ct-limit.log (container number kept)', '/lxc/107/ns/system.slice/paperless-task-queue.service', '/lxc/107/ns/system.slice/paperless-task-queue.service'],
    ['azure-5.15-systemd-service-memcg-grep-mdsd.log (a service keeps its name)', '/system.slice/azuremonitoragent.service', '/system.slice/azuremonitoragent.service'],
    ['memcg-v2-oom-group-kill-journal-iso.log (short ids are not ids)', '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1a2b.slice/cri-containerd-77aa.scope', '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1a2b.slice/cri-containerd-77aa.scope'],
    ['ubuntu-3.13-cgroup-v1-memcg-limit.log', '/mem2', '/mem2'],
    ['qemu-6.11-global-oom-rss-anon-columns-no-swap.log (root cgroup)', '/', '/'],
  ];
  for (const [where, path, expected] of cases) {
    it(where, () => assert.equal(normaliseCgroupPath(path), expected));
  }

  it('the forms the fixtures do not show: cgroupfs pod UIDs with dashes, static pod hashes, CRI-O, podman, systemd-run, libvirt', () => {
    assert.equal(
      normaliseCgroupPath('/kubepods/burstable/pod4f3a9c1e-2b7d-4c8e-9f10-1a2b3c4d5e6f/0e5c2d1f8a9b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d'),
      '/kubepods/burstable/pod*/*',
    );
    assert.equal(normaliseCgroupPath('/kubepods/besteffort/pod9e6b4f2c0d1a3b5c7e9f8a6b4c2d0e1f'), '/kubepods/besteffort/pod*');
    const id = 'ab'.repeat(32);
    assert.equal(normaliseCgroupPath(`/kubepods.slice/kubepods-pod0a1b2c3d_0a1b_0a1b_0a1b_0a1b2c3d4e5f.slice/crio-${id}.scope`), '/kubepods.slice/kubepods-pod*.slice/crio-*.scope');
    assert.equal(normaliseCgroupPath(`/machine.slice/libpod-conmon-${id}.scope`), '/machine.slice/libpod-conmon-*.scope');
    assert.equal(normaliseCgroupPath('/user.slice/user-0.slice/run-u123.scope'), '/user.slice/user-0.slice/run-*.scope');
    assert.equal(normaliseCgroupPath('/system.slice/run-r3c9d0e1f2a3b4c5d6e7f8091a2b3c4d5.scope'), '/system.slice/run-*.scope');
    assert.equal(normaliseCgroupPath('/machine.slice/machine-qemu\\x2d7\\x2ddb.scope'), '/machine.slice/machine-qemu\\x2d*\\x2ddb.scope');
    assert.equal(normaliseCgroupPath('/user.slice/user-1000.slice/user@1000.service/app.slice/snap.firefox.firefox-0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f.scope'), '/user.slice/user-1000.slice/user@1000.service/app.slice/snap.firefox.firefox-*.scope');
  });
});

describe('fingerprintKill', () => {
  it('the AKS pod kill: host, normalised cgroup, program and cause', () => {
    const [fp] = killed(publicLog('aks-5.15-cgroup-v2-kubepods-pod-limit-syslog.log'));
    assert.deepEqual({ ...fp, key: undefined }, {
      key: undefined,
      host: 'aks-nodepool1-24207654-vmss000001',
      cgroup: '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod*.slice/cri-containerd-*.scope',
      workload: null,
      program: 'stress-ng-vm',
      cause: 'parent_cgroup_limit',
    });
    assert.match(fp!.key, /^[0-9a-f]{16}$/);
  });

  it('the same pod recreated (new pod UID, new container id) has the same key; another program, cause or host does not', () => {
    const log = publicLog('aks-5.15-cgroup-v2-kubepods-pod-limit-syslog.log');
    const recreated = log
      .replaceAll('5931aa75_4603_4e65_b552_7c71cf55cfb5', '0b6e2f4a_1c3d_4e5f_8a9b_0c1d2e3f4a5b')
      .replaceAll('5931aa75-4603-4e65-b552-7c71cf55cfb5', '0b6e2f4a-1c3d-4e5f-8a9b-0c1d2e3f4a5b')
      .replaceAll('25a38b5b8d556d7983d975577f5ac75ebbcfb4b269e6deaa0a0440c1ffc969ca', 'f'.repeat(64));
    assert.notEqual(recreated, log);
    const [before] = killed(log);
    const [after] = killed(recreated);
    assert.equal(after!.key, before!.key);
    assert.notEqual(killed(log.replaceAll('stress-ng-vm', 'other-program'))[0]!.key, before!.key);
    assert.notEqual(killed(log.replaceAll('aks-nodepool1-24207654-vmss000001', 'aks-nodepool1-24207654-vmss000002'))[0]!.key, before!.key);
    // Host names compare without case.
    assert.equal(killed(log.replaceAll('aks-nodepool1-24207654-vmss000001', 'AKS-NODEPOOL1-24207654-VMSS000001'))[0]!.key, before!.key);
  });

  it('two containers of one image (docker-4.8) share a fingerprint: same program, /docker/*, own limit', () => {
    const fps = killed(publicLog('docker-4.8-two-memcg-kills-amid-veth-noise.log'));
    assert.equal(fps.length, 2);
    assert.equal(fps[0]!.cgroup, '/docker/*');
    assert.equal(fps[0]!.key, fps[1]!.key);
  });

  it('two programs killed in one application scope (nixos) have different fingerprints; the dump with no kill has none', () => {
    const all = events(publicLog('nixos-6.5-cgroup-v2-memory-max-write-two-kills-memory-stat.log'));
    const fps = all.map(fingerprintKill);
    assert.deepEqual(fps.map((f) => f?.program ?? null), ['.thunderbird-wr', 'Isolated Web Co', null]);
    assert.notEqual(fps[0]!.key, fps[1]!.key);
    assert.equal(fps[0]!.cgroup, '/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-thunderbird-*.scope');
  });

  it('a global OOM without a cgroup: host, program and cause only', () => {
    const fps = killed(kernelLog('interleaved-hosts-syslog-rsyslog-012.log'));
    const mysqld = fps.find((f) => f.program === 'mysqld')!;
    assert.deepEqual({ host: mysqld.host, cgroup: mysqld.cgroup, cause: mysqld.cause }, { host: 'db1', cgroup: null, cause: 'system_memory_exhausted' });
    const nginx = fps.find((f) => f.program === 'nginx')!;
    assert.deepEqual({ host: nginx.host, cgroup: nginx.cgroup }, { host: 'web1', cgroup: '/system.slice/nginx.service' });
  });

  it('the key is FNV-1a 64 (reference vectors)', () => {
    assert.equal(fnv1a64Hex(''), 'cbf29ce484222325');
    assert.equal(fnv1a64Hex('a'), 'af63dc4c8601ec8c');
    assert.equal(fnv1a64Hex('foobar'), '85944171f73967e8');
  });
});

describe('fingerprintKill on kubectl OOMKilled statuses (namespace, workload, container)', () => {
  const kubectl = (name: string) => readFileSync(new URL(`../../fixtures/kubectl/${name}`, import.meta.url), 'utf8');

  it('describe of a pod with two OOMKilled containers: one workload, one fingerprint per container, no host', () => {
    const [web, shipper, ...rest] = killed(kubectl('describe-pod-two-oomkilled-containers-node.txt'));
    assert.equal(rest.length, 0);
    assert.deepEqual({ ...web, key: undefined }, { key: undefined, host: null, cgroup: null, workload: 'storefront/deployment/web-frontend', program: 'web', cause: 'cgroup_limit' });
    assert.equal(shipper!.workload, 'storefront/deployment/web-frontend');
    assert.equal(shipper!.program, 'log-shipper');
    assert.notEqual(web!.key, shipper!.key);
  });

  it('the next pod of the Deployment (new replicaset and pod hashes, another node, a new image tag) has the same key; another namespace or container does not', () => {
    const text = kubectl('describe-pod-two-oomkilled-containers-node.txt');
    const [before] = killed(text);
    const next = text
      .replaceAll('web-frontend-7f8d9c6b4-q2w3e', 'web-frontend-5b6c7d8f9-z8k4m')
      .replaceAll('web-frontend-7f8d9c6b4', 'web-frontend-5b6c7d8f9')
      .replaceAll('gke-prod-pool-1-8c2f1a3b-k9x2', 'gke-prod-pool-1-8c2f1a3b-m3n4')
      .replaceAll('node:20-alpine', 'node:22-alpine');
    assert.notEqual(next, text);
    const [after] = killed(next);
    assert.equal(after!.key, before!.key);
    assert.notEqual(killed(text.replaceAll('storefront', 'checkout'))[0]!.key, before!.key);
    assert.notEqual(killed(text.replace(/^(\s+)web:$/m, '$1api:'))[0]!.key, before!.key);
  });

  it('pod YAML: the workload from the pod name, the container name as the program', () => {
    const [fp] = killed(kubectl('yaml-pod-two-containers-java-oomkilled.yaml'));
    assert.equal(fp!.workload, 'shop/deployment/orders-api');
    assert.equal(fp!.program, 'api');
  });

  it('a fragment that names no pod, or no container, has nothing stable to recognise: no fingerprint', () => {
    for (const name of ['describe-container-block-limit-1Gi.txt', 'describe-command-line-limit-90Mi.txt']) {
      const all = events(kubectl(name));
      assert.ok(all.length > 0, name);
      assert.deepEqual(all.map(fingerprintKill), all.map(() => null), name);
    }
  });
});
