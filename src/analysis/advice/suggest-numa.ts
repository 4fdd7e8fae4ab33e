/** Suggestions when a cpuset (cpuset.mems) or a memory policy confined the allocation to NUMA nodes that ran out (seed 001). */
import type { SuggestionDraft } from './suggestion-draft.js';
import type { SuggestionContext } from './suggestion-context.js';
import { allowedNodes, knownNodes, movableOnlyAllowedNodes } from '../kernel/verdict/zone-facts.js';
import { formatKb } from '../units.js';
import { formatNodeList } from '../kernel/verdict/node-list.js';

export function suggestNuma(ctx: SuggestionContext): SuggestionDraft[] {
  if (ctx.cause === 'numa_node_exhausted') return [cpusetMems(ctx)];
  if (ctx.cause === 'mempolicy_restricted') return [memPolicy(ctx)];
  return [];
}

function cpusetMems(ctx: SuggestionContext): SuggestionDraft {
  const raw = ctx.raw;
  const allowed = allowedNodes(raw);
  const nodes = knownNodes(raw);
  const all = nodes.length > 0 ? formatNodeList(nodes) : null;
  // The cpuset line and the summary print the cgroup's name (pr_cont_cgroup_name), not its full path.
  const name = (raw.summary?.cpuset ?? raw.cpuset?.cpuset ?? '').replace(/^\/+/, '');
  const dir = name.length > 0 ? name : '<cpuset cgroup>';
  // A value that only repeats the current cpuset.mems changes nothing: then the reader picks the nodes.
  const widens = all !== null && all !== allowed?.text;
  const movable = movableOnlyAllowedNodes(raw);
  const value = widens ? all : movable !== null ? '<nodes with a Normal zone>' : '<nodes>';
  const free = ctx.totals.freeKb !== null ? ` while ${formatKb(ctx.totals.freeKb)} was free machine-wide` : '';
  const why = movable !== null
    ? `The task's cpuset allowed memory only from node(s) ${allowed?.text ?? '(not printed)'}${all !== null ? ` of ${all}` : ''}, and ${movable.nodes.length === 1 ? 'that node holds' : 'those nodes hold'} only a Movable zone (hot-pluggable memory, or movablecore=/kernelcore=/movable_node): it serves only movable pages, never this ${movable.flags} allocation, however much is free there${free}. Allow a node with a Normal zone in cpuset.mems${widens ? ` (e.g. ${value})` : ''}, or move the workload to such a cpuset.`
    : `The task's cpuset allowed memory only from node(s) ${allowed?.text ?? '(not printed)'}${all !== null ? ` of ${all}` : ''}, and those ran out${free}. Allow the other nodes in cpuset.mems${widens ? ` (e.g. ${value})` : ''}, or move the workload to a cpuset whose nodes have room, or size it to fit the allowed nodes.`;
  return {
    id: 'widen-cpuset-mems',
    title: `cpuset ${name || '(unnamed)'} may use only NUMA node${allowed !== null && allowed.nodes.length === 1 ? '' : 's'} ${allowed?.text ?? '?'}`,
    detail: `${why} For a systemd unit the setting is AllowedMemoryNodes=; for numactl, --membind confines the same way (--preferred does not).`,
    commands: [
      'cat /proc/buddyinfo',
      'numactl --hardware',
      ...(name.length > 0 ? [`find /sys/fs/cgroup -type d -name '${name}'`] : []),
      `cat /sys/fs/cgroup/cpuset/${dir}/cpuset.mems`,
      `echo ${value} | sudo tee /sys/fs/cgroup/cpuset/${dir}/cpuset.mems`,
      `echo ${value} | sudo tee /sys/fs/cgroup/${dir}/cpuset.mems`,
    ],
  };
}

function memPolicy(ctx: SuggestionContext): SuggestionDraft {
  const pid = ctx.trigger?.pid ?? null;
  const comm = ctx.trigger?.comm ?? null;
  const target = pid !== null ? String(pid) : comm !== null ? `$(pgrep -o -x ${comm})` : '<pid>';
  // 5.0+ prints the policy's mask in the summary, 4.9–4.19 in the header.
  const mask = ctx.raw.summary?.nodemask ?? ctx.raw.header?.nodemask;
  return {
    id: 'relax-mempolicy',
    title: `A NUMA memory policy bound ${comm ?? 'the allocating task'} to node(s) ${mask && mask !== '(null)' ? mask : 'that ran out'}`,
    detail: 'An mbind()/set_mempolicy() bind policy (numactl --membind, or the program itself) forbade falling back to other nodes. Use --preferred or --interleave=all, or give the bound nodes enough memory.',
    commands: [`grep -m5 -E 'bind|prefer|interleave' /proc/${target}/numa_maps`, `grep Mems_allowed_list /proc/${target}/status`, 'numactl --hardware'],
  };
}
