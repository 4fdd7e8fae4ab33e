/** Who asked for memory when the OOM killer ran, and the allocation constraint the kernel reported. */
import type { Constraint, Trigger } from '../../report/report-schema.js';
import { decodeGfpMask } from '../gfp/decode-gfp-mask.js';
import type { RawOomEvent } from '../parse/raw-event.js';
import type { Reason } from './classify-cause.js';
import type { MemcgFacts } from './memcg-facts.js';

export function readTrigger(raw: RawOomEvent): Trigger | null {
  // An allocation-failure warning names who asked for what, as a header does.
  const h = raw.header ?? (raw.allocFailure !== null ? { ...raw.allocFailure, oomScoreAdj: null, oomAdj: null } : null);
  if (h === null) return null;
  // The flags as the kernel printed them in parentheses (4.8+: `gfp_mask=0x…(GFP_KERNEL|__GFP_ZERO)`);
  // older kernels print only the hex mask, decoded here for the kernel era of the log.
  const printed = h.gfpFlags === null ? [] : h.gfpFlags.split('|').map((f) => f.trim()).filter((f) => f !== '');
  const gfpFlags = printed.length > 0 ? printed : decodeGfpMask(h.gfpMask, raw.kernelVersion);
  // 2.6.1x printed `oom-killer: gfp_mask=…` without the task's name.
  return { comm: h.comm ?? '?', pid: raw.triggerPid, gfpMask: h.gfpMask, gfpFlags, order: h.order, oomScoreAdj: h.oomScoreAdj, oomAdj: h.oomAdj };
}

const CONSTRAINTS: readonly string[] = ['CONSTRAINT_NONE', 'CONSTRAINT_MEMCG', 'CONSTRAINT_CPUSET', 'CONSTRAINT_MEMORY_POLICY'];

/**
 * From the 5.0+ summary when printed. Without it, the value is set only where the kernel leaves no
 * choice (constrained_alloc() in mm/oom_kill.c): every memcg OOM is CONSTRAINT_MEMCG, and a
 * kernel without CONFIG_NUMA (zone lines with no "Node N" prefix) or a SysRq OOM (no zonelist)
 * can only be CONSTRAINT_NONE. Otherwise null: a pre-5.0 global OOM may have been a cpuset or
 * mempolicy one.
 */
export function readConstraint(raw: RawOomEvent, memcg: MemcgFacts): { constraint: Constraint | null; reason: Reason | null } {
  const s = raw.summary;
  // A vendor backport prints the summary with an empty constraint (`oom-kill:,cpuset=…`): read it as if absent.
  if (s !== null && s.constraint !== '') {
    return { constraint: CONSTRAINTS.includes(s.constraint) ? (s.constraint as Constraint) : null, reason: null };
  }
  if (memcg.isMemcgOom) {
    const at = memcg.signals[0]?.at;
    const why = s !== null ? 'the oom-kill: summary line prints an empty constraint' : 'no oom-kill: summary line (kernels before 5.0 print none)';
    return {
      constraint: 'CONSTRAINT_MEMCG',
      reason: at ? { at, why: `${why}, but every memory-cgroup OOM is CONSTRAINT_MEMCG` } : null,
    };
  }
  if (raw.header?.order === -1 || raw.sysrq !== null) {
    const at = raw.sysrq ?? raw.header?.at;
    return { constraint: 'CONSTRAINT_NONE', reason: at ? { at, why: 'a SysRq OOM has no allocation behind it, so the kernel applies no constraint (CONSTRAINT_NONE)' } : null };
  }
  if (raw.zones.length > 0 && raw.zones.every((z) => z.node === null)) {
    const at = raw.zones[0]!.at;
    return { constraint: 'CONSTRAINT_NONE', reason: { at, why: 'zone lines without "Node N" mean a kernel built without NUMA, where a system-wide OOM is always CONSTRAINT_NONE' } };
  }
  return { constraint: null, reason: null };
}
