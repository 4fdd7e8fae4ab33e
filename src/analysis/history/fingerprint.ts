/**
 * "Has this happened before?" starts here: one fingerprint per kill, the same for every kill of
 * the same workload however often it was restarted, recreated or rescheduled in between.
 *
 * The fingerprint is four parts of the event, each as the log shows it:
 * - `host`: lower-cased, or null when the log has no host (raw dmesg has none; syslog and
 *   journal lines do);
 * - `cgroup`: the victim's memory cgroup (`task_memcg`, else the cgroup that hit its limit),
 *   normalised by `normaliseCgroupPath` below so that ids minted per restart are gone;
 * - `program`: the victim's comm, as the kernel printed it (at most 15 characters);
 * - `cause`: the CauseId.
 * The key is a 64-bit FNV-1a hash of those parts (16 hex digits). A kernel kill with no victim (a
 * dump that ended without a kill) has no fingerprint (`noKill` set, or no `victim`): there is no
 * program to recognise.
 *
 * A kubectl `OOMKilled` status names no process but names the container (`OomEvent.kubernetes`),
 * so its parts are the container's instead: the namespace, the owning workload (`deployment/api`,
 * which every pod of it shares whatever its replicaset and pod hashes; else the pod's own name, which
 * a bare or static pod keeps across container restarts), the container's name (else its image) as
 * the program, and the cause. No host: a workload's pods move between nodes. No cgroup: the status
 * shows none. With neither a workload nor a pod name, or neither a container name nor an image,
 * there is nothing stable to recognise: no fingerprint. These keys never equal a kernel kill's (the
 * node's dmesg of the same kill shows cgroup ids, not names).
 *
 * Normalisation, segment by segment (real paths from test/fixtures):
 * - Kubernetes pod UIDs, in both spellings, become `*`:
 *   `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod5931aa75_4603_4e65_b552_7c71cf55cfb5.slice/…`
 *   (systemd cgroup driver, aks-5.15-cgroup-v2-kubepods-pod-limit-syslog.log) →
 *   `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod*.slice/…`; the cgroupfs driver's
 *   `/kubepods/burstable/pod4f3a…-…` → `/kubepods/burstable/pod*`; a static pod's 32-hex
 *   config hash (`pod` + 32 hex) likewise.
 * - Container ids (64 hex digits, any run of 32 or more) become `*`, whatever wraps them:
 *   `cri-containerd-25a38b5b…c969ca.scope` → `cri-containerd-*.scope` (aks, eks fixtures);
 *   `/docker/2e088fe4…4b8f50` → `/docker/*` (docker-4.8-two-memcg-kills-amid-veth-noise.log, whose
 *   two containers of one image so share a fingerprint); `/system.slice/docker-00748bf4…6f12.scope` →
 *   `/system.slice/docker-*.scope` (docker-cgroup-v2-scope-global-oom-summary-line-only.log);
 *   `crio-<id>.scope`, `crio-conmon-<id>.scope`, `libpod-<id>.scope` the same way.
 * - Other UUIDs anywhere in a segment (snap and flatpak scopes) become `*`.
 * - systemd scope ids: `session-2.scope` → `session-*.scope`
 *   (arch-6.1-global-oom-user-slice-oom-reaper.log), `run-u123.scope` / `run-r3c9….scope` →
 *   `run-*.scope`, an application scope's trailing number
 *   `app-gnome-thunderbird-265606.scope` → `app-gnome-thunderbird-*.scope`
 *   (nixos-6.5-cgroup-v2-memory-max-write-two-kills-memory-stat.log); libvirt's domain number
 *   `machine-qemu\x2d7\x2ddb.scope` → `machine-qemu\x2d*\x2ddb.scope`.
 * - Everything else is kept: names people chose (`/system.slice/azuremonitoragent.service`,
 *   `/system.slice/doris-be.service`), the QoS class (`kubepods-burstable`), user ids
 *   (`user-1000.slice`, `user@1000.service`: a person, not a restart), Proxmox container numbers
 *   (`/lxc/107/ns/system.slice/paperless-task-queue.service`: fixed per container), `/mem2`, `/`.
 *
 * Kubernetes cgroup paths carry no namespace, workload or container names (only the QoS class and
 * ids), so for pods the program and host do the distinguishing.
 *
 * Pure: no I/O, no node: modules (the hash is written out here).
 */
import type { CauseId, OomEvent } from '../report/report-schema.js';

export interface KillFingerprint {
  /** 16 hex digits; equal for every kill of the same workload. */
  key: string;
  host: string | null;
  /** Normalised as above; null when the log shows no cgroup for the victim. */
  cgroup: string | null;
  /** `namespace/kind/name` of a Kubernetes container's workload (`shop/deployment/orders-api`); null for kernel kills. */
  workload: string | null;
  program: string;
  cause: CauseId;
}

/** Bumped when the normalisation changes, so old and new keys never collide by accident. */
const FINGERPRINT_VERSION = 1;
/** Longer paths are cut: a cgroup path is a few hundred characters at most in practice. */
const MAX_PATH = 512;
/** A run of hex digits this long is an id, never a name. */
const MIN_HEX_ID = 32;

export function fingerprintKill(e: OomEvent): KillFingerprint | null {
  if (e.source === 'kubectl') return fingerprintContainer(e);
  if (e.noKill !== null || e.victim === null || e.victim.comm === '') return null;
  const path = e.memcg?.taskPath ?? e.memcg?.oomPath ?? null;
  const host = e.host === null || e.host.trim() === '' ? null : e.host.trim().toLowerCase();
  const cgroup = path === null || !path.startsWith('/') ? null : normaliseCgroupPath(path);
  const program = e.victim.comm;
  const key = fnv1a64Hex(JSON.stringify([FINGERPRINT_VERSION, host, cgroup, program, e.cause]));
  return { key, host, cgroup, workload: null, program, cause: e.cause };
}

function fingerprintContainer(e: OomEvent): KillFingerprint | null {
  const k = e.kubernetes;
  if (k === null) return null;
  const owner = k.workload !== null ? `${k.workload.kind}/${k.workload.name}` : k.pod !== null ? `pod/${k.pod}` : null;
  const program = k.container ?? k.image;
  if (owner === null || program === null || program === '') return null;
  const workload = `${k.namespace ?? ''}/${owner}`;
  const key = fnv1a64Hex(JSON.stringify([FINGERPRINT_VERSION, 'kubernetes', workload, program, e.cause]));
  return { key, host: null, cgroup: null, workload, program, cause: e.cause };
}

/** A cgroup path with per-restart ids replaced by `*` (the rules above). */
export function normaliseCgroupPath(path: string): string {
  return path.trim().slice(0, MAX_PATH).split('/').map(normaliseSegment).join('/');
}

function normaliseSegment(segment: string): string {
  // Runs of hex digits and separators: `replaceIds` looks inside each for UUIDs and long ids.
  const s = segment.replace(/[0-9a-fA-F_-]+/g, (run: string, at: number) => replaceIds(run, segment.slice(Math.max(0, at - 2), at)));
  return normaliseScopeId(s.replace(/^(machine-[a-z]+\\x2d)[0-9]+\\x2d/, '$1*\\x2d'));
}

/**
 * In a run of hex digits, `-` and `_` (split at the separators): five parts shaped 8-4-4-4-12 (a
 * UUID, either separator) become one `*`, a part of MIN_HEX_ID hex digits or more becomes `*`.
 * `before` is what precedes the run: after `po`, its leading `d` belongs to `pod`, not to the id.
 */
function replaceIds(run: string, before: string): string {
  if (before === 'po' && run.startsWith('d')) return `d${replaceIds(run.slice(1), '')}`;
  const parts: string[] = [];
  const separators: string[] = [];
  let start = 0;
  for (let i = 0; i <= run.length; i++) {
    if (i === run.length || run[i] === '-' || run[i] === '_') {
      parts.push(run.slice(start, i));
      if (i < run.length) separators.push(run[i]!);
      start = i + 1;
    }
  }
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    let part = parts[i]!;
    if (isUuidAt(parts, i)) {
      part = '*';
      i += 4;
    } else if (part.length >= MIN_HEX_ID && isHex(part)) part = '*';
    out += part + (separators[i] ?? '');
  }
  return out;
}

const UUID_PARTS = [8, 4, 4, 4, 12];

function isUuidAt(parts: string[], i: number): boolean {
  return UUID_PARTS.every((length, k) => {
    const p = parts[i + k];
    return p !== undefined && p.length === length && isHex(p);
  });
}

/** `session-2.scope`, `run-u123.scope`, `app-gnome-thunderbird-265606.scope` → `…-*.scope`. */
function normaliseScopeId(segment: string): string {
  if (!segment.endsWith('.scope')) return segment;
  const stem = segment.slice(0, -'.scope'.length);
  if (stem.startsWith('run-') || stem.startsWith('session-')) return `${stem.slice(0, stem.indexOf('-'))}-*.scope`;
  const dash = stem.lastIndexOf('-');
  if (dash > 0 && dash < stem.length - 1 && isDigits(stem.slice(dash + 1))) return `${stem.slice(0, dash)}-*.scope`;
  return segment;
}

function isHex(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return s.length > 0;
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return s.length > 0;
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

/** FNV-1a, 64 bits, over the UTF-8 bytes of `text`, as 16 hex digits. */
export function fnv1a64Hex(text: string): string {
  let h = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * FNV_PRIME) & MASK_64;
  }
  return h.toString(16).padStart(16, '0');
}
