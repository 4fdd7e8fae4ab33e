/**
 * Who owns a cgroup path, so a suggestion can name the tool that changes its limit: a systemd
 * unit, a Kubernetes pod/container, or a Docker container.
 */
export type CgroupOwner =
  | { kind: 'kubernetes'; podUid: string | null; containerId: string | null }
  | { kind: 'docker'; containerId: string }
  | { kind: 'systemd'; unit: string }
  | null;

/** 64-hex container id, bare (cgroupfs driver) or in a systemd scope (`cri-containerd-<id>.scope`, `docker-<id>.scope`, `crio-<id>.scope`). */
const CONTAINER = /^(?:cri-containerd-|docker-|crio-|libpod-)?([0-9a-f]{64})(?:\.scope)?$/;
/** Pod UID: `pod<uuid>` (cgroupfs) or `kubepods-burstable-pod<uuid with _>.slice` (systemd driver). */
const POD = /pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})/;
const UNIT = /^[A-Za-z0-9:_.@\\-]{1,200}\.(?:service|scope|slice)$/;

export function describeCgroupOwner(path: string | null): CgroupOwner {
  if (path === null) return null;
  const parts = path.split('/').filter((p) => p.length > 0);
  const last = parts[parts.length - 1] ?? '';
  const container = CONTAINER.exec(last)?.[1] ?? null;
  if (path.includes('kubepods')) {
    const pod = POD.exec(path)?.[1]?.replace(/_/g, '-') ?? null;
    return { kind: 'kubernetes', podUid: pod, containerId: container };
  }
  if (container !== null && (path.includes('docker') || parts.length <= 2)) return { kind: 'docker', containerId: container };
  if (UNIT.test(last)) return { kind: 'systemd', unit: last };
  return null;
}
