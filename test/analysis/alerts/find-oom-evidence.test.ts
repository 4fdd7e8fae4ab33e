import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findOomEvidence } from '../../../src/analysis/alerts/find-oom-evidence.js';
import { readKernelKillLine } from '../../../src/analysis/alerts/read-kernel-kill-line.js';

const evidence = (lines: string[], alertName: string | null = null, reason: string | null = null) =>
  findOomEvidence({ lines, alertName, reason, kernel: readKernelKillLine(lines) });

test("Kubernetes' OOMKilled reason, in any spelling alerts use", () => {
  for (const line of ['Last terminated: OOMKilled', 'exceeds its memory allocation limit (OOMKilled).', 'pod x is in oomkilled on y', 'Kubernetes container oom killer']) {
    assert.notEqual(evidence([line]), null, line);
  }
  assert.deepEqual(evidence(['x'], null, 'OOMKilled'), { evidence: 'reason OOMKilled', kind: 'kubernetes-oomkilled' });
});

test('the kernel kill line says which kind of OOM kill, and names the victim', () => {
  const memcg = ['Memory cgroup out of memory: Killed process 3504804 (kubectl) total-vm:753508kB, anon-rss:58776kB, file-rss:29400kB'];
  assert.deepEqual(evidence(memcg), { evidence: 'Memory cgroup out of memory', kind: 'kernel-memcg' });
  assert.deepEqual(readKernelKillLine(memcg)?.process, { pid: 3504804, comm: 'kubectl', anonRssBytes: 58776 * 1024 });
  assert.deepEqual(evidence(['Out of memory: Killed process 362 (node) total-vm:22457500kB, anon-rss:691864kB']), {
    evidence: 'Out of memory',
    kind: 'kernel-global',
  });
});

test("node-problem-detector's OOMKilling counter is a kernel kill whose line is not in the alert", () => {
  assert.deepEqual(evidence(['Process Out-Of-Memory Killed in node master01'], 'NodeProblemOOMKilling', 'OOMKilling'), {
    evidence: 'reason OOMKilling',
    kind: 'kernel-unknown',
  });
});

test('an OOM in the alert name alone is evidence, of an unspecified kind', () => {
  assert.deepEqual(evidence(['[FIRING:1] payments (HostOomKillDetected)'], 'HostOomKillDetected'), { evidence: 'HostOomKillDetected', kind: 'unspecified' });
  assert.deepEqual(evidence([], 'ContainerOOMEvents'), { evidence: 'ContainerOOMEvents', kind: 'unspecified' });
  assert.equal(evidence([], 'ZoomApiDown'), null);
  assert.equal(evidence([], 'BloomFilterFull'), null);
});

test('names, links and memory wording are not evidence of a kill', () => {
  assert.equal(evidence(['Pod oom-kill-test-5f7c9d8b47-m2vtn is crash looping']), null);
  assert.equal(evidence(['Dashboard: https://grafana.example.net/d/abc/oom-kills']), null);
  assert.equal(evidence(['Container Memory usage is above 80%']), null);
  assert.equal(evidence(['OOM risk: memory at 95% of its limit']), null);
  assert.equal(evidence(['Pod payments/api (api) is in waiting state (reason: "CrashLoopBackOff").']), null);
});

test('"out of memory" with a kill anywhere on the line', () => {
  assert.notEqual(evidence(['6 containers have been killed on worker-2 because they ran out of memory (OOM).']), null);
  assert.equal(evidence(['Node worker-2 is running out of memory']), null);
});
