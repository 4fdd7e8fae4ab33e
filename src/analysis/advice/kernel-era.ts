/**
 * What the log's own kernel and machine can do, so that every command the advice prints exists
 * there: a file added in a later kernel, or a check for a tool the host cannot have, is left out
 * (and the advice says which kernel adds it). Unknown (no version in the log) allows everything.
 */
import type { SuggestionContext } from './suggestion-context.js';

export interface KernelRelease {
  major: number;
  minor: number;
  patch: number;
}

/** "5.15.0-1041-azure" → 5.15.0; "2.6.32-279.1.1.el6.i686" → 2.6.32; null when unreadable. */
export function parseKernelRelease(text: string | null): KernelRelease | null {
  if (text === null) return null;
  const m = /^(\d{1,2})\.(\d{1,3})(?:\.(\d{1,4}))?/.exec(text);
  if (m === null) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: m[3] === undefined ? 0 : Number(m[3]) };
}

/** true / false when the release is known, null when it is not. */
export function releaseAtLeast(r: KernelRelease | null, version: string): boolean | null {
  if (r === null) return null;
  const [a = 0, b = 0, c = 0] = version.split('.').map(Number);
  if (r.major !== a) return r.major > a;
  if (r.minor !== b) return r.minor > b;
  return r.patch >= c;
}

/** Kernel features the advice uses, with the release that added them (mainline). */
export const KERNEL_FEATURES = {
  /** /proc/PID/oom_score_adj (a63d83f427fb); before it only /proc/PID/oom_adj (−17..15). */
  oomScoreAdj: '2.6.36',
  /** Transparent huge pages in mainline (RHEL 6 backports them under redhat_transparent_hugepage). */
  thp: '2.6.38',
  /** RssAnon in /proc/PID/status (8cee852ec53f). */
  rssAnon: '4.5',
  /** THP defrag mode defer+madvise (21440d7eb904). */
  thpDeferMadvise: '4.11',
  /** cgroup v2 memory.oom.group (3d8b38eb81ca). */
  memoryOomGroup: '4.19',
  /** Pressure stall information, /proc/pressure and memory.pressure (eb414681d5a0). */
  psi: '4.20',
  /** cgroup v2 memory.peak (8e20d4b33242). */
  memoryPeak: '5.19',
  /** The oldest kernel a systemd of the last decade runs on (systemd's README: 3.10+ for recent releases). */
  systemd: '3.10',
} as const;

export type KernelFeature = keyof typeof KERNEL_FEATURES;

/** The release of the event's kernel as the log prints it, or null. */
export function eventRelease(ctx: SuggestionContext): KernelRelease | null {
  return parseKernelRelease(ctx.raw.kernelVersion);
}

/** false only when the log names a kernel older than the feature; true when newer or unknown. */
export function kernelHas(ctx: SuggestionContext, feature: KernelFeature): boolean {
  return releaseAtLeast(eventRelease(ctx), KERNEL_FEATURES[feature]) !== false;
}

/** "kernel 4.4.171 has no X (added in 4.11)" for a feature the log's kernel lacks. */
export function lacksText(ctx: SuggestionContext, what: string, feature: KernelFeature): string {
  return `kernel ${ctx.raw.kernelVersion ?? '?'} has no ${what} (added in ${KERNEL_FEATURES[feature]}; upgrading to ${KERNEL_FEATURES[feature]} or later brings it)`;
}

/** Red Hat 6 kernels (2.6.32-*.el6) carry THP under their own sysfs name. */
export function thpSysfs(ctx: SuggestionContext): string {
  return /\.el6/.test(ctx.raw.kernelVersion ?? '') ? '/sys/kernel/mm/redhat_transparent_hugepage' : '/sys/kernel/mm/transparent_hugepage';
}

/** Whether THP exists: mainline 2.6.38+, or a RHEL 6 kernel with its backport. */
export function hasThp(ctx: SuggestionContext): boolean {
  return kernelHas(ctx, 'thp') || /\.el6/.test(ctx.raw.kernelVersion ?? '');
}

/** Below this much RAM the host is an embedded board (a router, a Raspberry Pi Zero): no swap file, no systemd checks. */
export const TINY_BOARD_RAM_KB = 256 * 1024;

/** True when the log shows a machine too small for the desktop/server checks (busybox-class boards). */
export function isTinyBoard(ctx: SuggestionContext): boolean {
  return ctx.totals.ramKb !== null && ctx.totals.ramKb < TINY_BOARD_RAM_KB;
}

/** Whether the host can plausibly run systemd: a kernel new enough, and not a tiny board. */
export function maybeSystemd(ctx: SuggestionContext): boolean {
  return kernelHas(ctx, 'systemd') && !isTinyBoard(ctx);
}
