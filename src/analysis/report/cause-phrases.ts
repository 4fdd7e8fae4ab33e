import type { CauseId, NoKillReason } from './report-schema.js';

/** How each cause reads in a sentence ("<victim> was killed: <phrase>"). Shared by every renderer. */
export const CAUSE_PHRASES: Record<CauseId, string> = {
  cgroup_limit: 'its memory cgroup reached its limit',
  parent_cgroup_limit: 'a parent memory cgroup reached its limit',
  system_memory_exhausted: 'the whole machine ran out of memory',
  numa_node_exhausted: 'the NUMA node(s) it may use ran out of memory while other nodes had free memory',
  mempolicy_restricted: 'a NUMA memory policy (mbind/set_mempolicy) confined the allocation',
  fragmentation: 'memory was too fragmented for a high-order allocation',
  manual_trigger: 'an administrator triggered the OOM killer by hand (SysRq f)',
  unknown: 'the log does not show why',
};

/** Short titles for headers ("Killed: java — cgroup limit"). */
export const CAUSE_TITLES: Record<CauseId, string> = {
  cgroup_limit: 'cgroup limit',
  parent_cgroup_limit: 'parent cgroup limit',
  system_memory_exhausted: 'system out of memory',
  numa_node_exhausted: 'NUMA node exhausted',
  mempolicy_restricted: 'memory policy restriction',
  fragmentation: 'memory fragmentation',
  manual_trigger: 'manual trigger (SysRq)',
  unknown: 'cause unknown',
};

/** Why a dump names no victim, in words ("The OOM killer ran, but <phrase>"). */
export const NO_KILL_PHRASES: Record<NoKillReason, string> = {
  victim_exiting: 'no process was killed: the chosen victim was already exiting, so the kernel skipped the kill',
  panic_on_oom: 'no process was killed: the kernel panicked (vm.panic_on_oom) instead of killing',
  no_killable_process: 'no process was killed: no process was eligible (every candidate exempt, unkillable or already dying); the kernel panics only when that happens in a system-wide OOM',
  input_ends: 'the kill line is not in the input',
  interrupted: 'the dump was interrupted by a kernel oops or panic before any kill',
  memory_dump_only: 'the text is a memory dump with no OOM kill in it',
};

/** Short words for a dump without a kill, for titles ("OOM killer ran (<title>)"). */
export const NO_KILL_TITLES: Record<NoKillReason, string> = {
  victim_exiting: 'victim already exiting, nothing killed',
  panic_on_oom: 'the kernel panicked instead of killing',
  no_killable_process: 'nothing killable',
  input_ends: 'no kill line in the input',
  interrupted: 'cut short by a kernel oops or panic before any kill',
  memory_dump_only: 'a memory dump with no OOM in it',
};
