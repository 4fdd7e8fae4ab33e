/**
 * The program table: one row per program, found by process name (a kernel kill) or by container image
 * (a kubectl OOMKilled status), and one advice id per program whichever way it was found.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KNOWN_PROGRAMS, adviceForContainer, adviceForProcess } from '../../../../src/analysis/advice/programs/known-programs.js';
import { SUGGESTION_IDS } from '../../../../src/analysis/advice/suggestion-ids.js';

const container = {
  limitBytes: 1536 * 2 ** 20,
  limitText: '1536Mi',
  setEnv: (env: string) => `kubectl -n shop set env deployment/orders -c api ${env}`,
  execIn: (command: string) => `kubectl -n shop exec deploy/orders -c api -- ${command}`,
};
const process = (comm: string) => ({ comm, pid: 42, rssKb: 3 * 1024 * 1024, budget: { kb: 4 * 1024 * 1024, what: 'the 4.0 GiB of RAM' } });

test('a JVM has one advice id, found by process name or by container image', () => {
  const host = adviceForProcess(process('java'))!;
  const pod = adviceForContainer('eclipse-temurin:21-jre', 'java -jar /app/orders.jar', container)!;
  assert.equal(host.id, 'java-heap');
  assert.equal(pod.id, 'java-heap');
  assert.match(host.detail, /-Xmx2457m/, '60% of the 4 GiB the process competed for');
  assert.match(pod.detail, /-Xmx1152m for 1536Mi/, '75% of the container limit');
});

test('Node.js likewise: one id for the host process and the node image', () => {
  assert.equal(adviceForProcess(process('node'))!.id, 'node-max-old-space');
  const pod = adviceForContainer('node:20-alpine', 'node server.js', container)!;
  assert.equal(pod.id, 'node-max-old-space');
  assert.deepEqual(pod.commands, ['kubectl -n shop set env deployment/orders -c api NODE_OPTIONS=--max-old-space-size=1152']);
});

test('a flag that merely contains a program word names no program; an unknown process gets no advice', () => {
  assert.equal(adviceForContainer('registry.local/agent:1', 'agent --node-ip=10.0.0.1', container), null);
  assert.equal(adviceForProcess(process('bash')), null);
});

test('every row can be found one way or the other, has advice for it, and its own listed id', () => {
  const ids = KNOWN_PROGRAMS.map((p) => p.id);
  assert.equal(new Set(ids).size, ids.length, 'one row per id');
  for (const p of KNOWN_PROGRAMS) {
    assert.ok((SUGGESTION_IDS as readonly string[]).includes(p.id), `${p.id} is listed`);
    assert.ok(p.comm !== undefined || p.image !== undefined, `${p.id} can be recognised`);
    assert.equal(p.comm !== undefined, p.forProcess !== undefined, `${p.id}: a process name comes with process advice`);
    assert.equal(p.image !== undefined, p.forContainer !== undefined, `${p.id}: an image comes with container advice`);
  }
});
