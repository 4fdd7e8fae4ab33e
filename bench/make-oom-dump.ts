/**
 * A typical global OOM dump as a 5.10 kernel prints it (format strings from
 * shared/reference/kernel-oom-formats-and-peers.md §2): header, call trace, registers, Mem-Info,
 * per-zone and buddy lines, swap and page totals, a task table of ~150 processes, the oom-kill
 * summary, the kill and the reaper line — about 200 lines, what people paste from `dmesg -T`.
 * Constructed for the bench, not copied from a machine.
 */
import type { Random } from './seeded-random.js';

const COMMS = [
  'systemd', 'systemd-journal', 'systemd-udevd', 'systemd-logind', 'systemd-resolve', 'dbus-daemon', 'rsyslogd', 'cron', 'sshd',
  'agetty', 'chronyd', 'containerd', 'dockerd', 'containerd-shim', 'kubelet', 'node_exporter', 'nginx', 'php-fpm', 'python3',
  'node', 'bash', 'sleep', 'filebeat', 'td-agent-bit', 'redis-server', 'postgres', 'irqbalance', 'polkitd', 'snapd', 'atd',
] as const;

export interface DumpOptions {
  /** Writes the prefix of each line: a dmesg -T stamp, a syslog header, … */
  prefix: (isContinuation: boolean) => string;
  victim: { comm: string; pid: number };
  tasks?: number;
}

export function makeOomDump(rnd: Random, opts: DumpOptions): string[] {
  const { comm, pid } = opts.victim;
  const p = (s: string): string => opts.prefix(false) + s;
  const c = (s: string): string => opts.prefix(true) + s;
  const hex = (n: number): string => rnd.int(0, 16 ** n - 1).toString(16).padStart(n, '0');
  const out: string[] = [
    p(`${comm} invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0`),
    p(`CPU: ${rnd.int(0, 7)} PID: ${pid} Comm: ${comm} Not tainted 5.10.0-28-amd64 #1 Debian 5.10.209-2`),
    p('Hardware name: Amazon EC2 m5.2xlarge/, BIOS 1.0 10/16/2017'),
    p('Call Trace:'),
    ...[
      'dump_stack+0x6b/0x83', 'dump_header+0x4a/0x1f4', 'oom_kill_process.cold+0xb/0x10', 'out_of_memory+0x1bd/0x4e0',
      '__alloc_pages_slowpath.constprop.0+0xbcc/0xc90', '__alloc_pages_nodemask+0x2de/0x310', 'pagecache_get_page+0x175/0x390',
      'filemap_fault+0x6a2/0x900', 'ext4_filemap_fault+0x2d/0x40 [ext4]', '__do_fault+0x37/0x100', 'handle_mm_fault+0x11e9/0x1bf0',
      'do_user_addr_fault+0x1b8/0x3f0', 'exc_page_fault+0x78/0x160', '? asm_exc_page_fault+0x8/0x30', 'asm_exc_page_fault+0x1e/0x30',
    ].map((f) => p(` ${f}`)),
    p(`RIP: 0033:0x7f3c${hex(8)}`),
    p(`Code: Unable to access opcode bytes at RIP 0x7f3c${hex(8)}.`),
    p(`RSP: 002b:00007f3b${hex(8)} EFLAGS: 00010206`),
    p(`RAX: 00007f2a${hex(8)} RBX: 0000000000000000 RCX: 00007f2a${hex(8)}`),
    p(`RDX: 0000000000001000 RSI: 0000000000000000 RDI: 00007f2a${hex(8)}`),
    p(`RBP: 00007f3b${hex(8)} R08: 0000000000000000 R09: 0000000000000000`),
    p(`R10: 0000000000000022 R11: 0000000000000246 R12: 0000000000001000`),
    p(`R13: 00007f2a${hex(8)} R14: 0000000000000000 R15: 00007f3b${hex(8)}`),
    p('Mem-Info:'),
    p('active_anon:7650841 inactive_anon:12031 isolated_anon:0'),
    c(' active_file:312 inactive_file:119 isolated_file:0'),
    c(' unevictable:0 dirty:0 writeback:0'),
    c(' slab_reclaimable:20113 slab_unreclaimable:38842'),
    c(' mapped:1431 shmem:12604 pagetables:19840 bounce:0'),
    c(' free:49771 free_pcp:62 free_cma:0'),
    p('Node 0 active_anon:30603364kB inactive_anon:48124kB active_file:1248kB inactive_file:476kB unevictable:0kB isolated(anon):0kB isolated(file):0kB mapped:5724kB dirty:0kB writeback:0kB shmem:50416kB shmem_thp: 0kB shmem_pmdmapped: 0kB anon_thp: 0kB writeback_tmp:0kB kernel_stack:9104kB all_unreclaimable? yes'),
    p('Node 0 DMA free:15908kB min:32kB low:44kB high:56kB reserved_highatomic:0KB active_anon:0kB inactive_anon:0kB active_file:0kB inactive_file:0kB unevictable:0kB writepending:0kB present:15992kB managed:15908kB mlocked:0kB pagetables:0kB bounce:0kB free_pcp:0kB local_pcp:0kB free_cma:0kB'),
    p('lowmem_reserve[]: 0 2951 31622 31622 31622'),
    p('Node 0 DMA32 free:120344kB min:6248kB low:9268kB high:12288kB reserved_highatomic:0KB active_anon:2893416kB inactive_anon:4712kB active_file:0kB inactive_file:0kB unevictable:0kB writepending:0kB present:3129200kB managed:3063664kB mlocked:0kB pagetables:2048kB bounce:0kB free_pcp:0kB local_pcp:0kB free_cma:0kB'),
    p('lowmem_reserve[]: 0 0 28671 28671 28671'),
    p('Node 0 Normal free:62832kB min:60732kB low:90076kB high:119420kB reserved_highatomic:2048KB active_anon:27709948kB inactive_anon:43412kB active_file:1248kB inactive_file:476kB unevictable:0kB writepending:0kB present:29884416kB managed:29359672kB mlocked:0kB pagetables:77312kB bounce:0kB free_pcp:248kB local_pcp:0kB free_cma:0kB'),
    p('lowmem_reserve[]: 0 0 0 0 0'),
    p('Node 0 DMA: 1*4kB (U) 0*8kB 0*16kB 1*32kB (U) 2*64kB (U) 1*128kB (U) 1*256kB (U) 0*512kB 1*1024kB (U) 1*2048kB (M) 3*4096kB (M) = 15908kB'),
    p('Node 0 DMA32: 258*4kB (UME) 191*8kB (UME) 143*16kB (UME) 104*32kB (UME) 71*64kB (UME) 47*128kB (UME) 32*256kB (UM) 21*512kB (UM) 15*1024kB (UM) 8*2048kB (UM) 10*4096kB (M) = 120344kB'),
    p('Node 0 Normal: 2100*4kB (UME) 1433*8kB (UME) 903*16kB (UME) 322*32kB (UME) 71*64kB (UM) 12*128kB (U) 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 62832kB'),
    p('Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=1048576kB'),
    p('Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=2048kB'),
    p('13035 total pagecache pages'),
    p('0 pages in swap cache'),
    p('Swap cache stats: add 0, delete 0, find 0/0'),
    p('Free swap  = 0kB'),
    p('Total swap = 0kB'),
    p('8388478 pages RAM'),
    p('0 pages HighMem/MovableOnly'),
    p('150393 pages reserved'),
    p('0 pages hwpoisoned'),
    p('Tasks state (memory values in pages):'),
    p('[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name'),
  ];
  const tasks = opts.tasks ?? 150;
  const victimAt = rnd.int(tasks >> 1, tasks - 1);
  let nextPid = 1;
  for (let i = 0; i < tasks; i++) {
    const isVictim = i === victimAt;
    const taskPid = isVictim ? pid : (nextPid += rnd.int(1, 400));
    const name = isVictim ? comm : rnd.pick(COMMS);
    const rss = isVictim ? 7453086 : rnd.int(100, 60000);
    const totalVm = isVictim ? 9728085 : rss + rnd.int(1000, 400000);
    const pgtables = Math.ceil(rss / 512) * 4096 + 40960;
    const adj = isVictim ? 0 : rnd.pick([0, 0, 0, 0, 0, -1000, -999, -500]);
    const row = `[${String(taskPid).padStart(7)}] ${String(rnd.pick([0, 0, 0, 33, 104, 1000, 1001])).padStart(5)} ${String(taskPid).padStart(5)} ${String(totalVm).padStart(8)} ${String(rss).padStart(8)} ${String(pgtables).padStart(8)} ${String(0).padStart(8)}         ${String(adj).padStart(5)} ${name}`;
    out.push(p(row));
  }
  out.push(
    p(`oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/app.service,task=${comm},pid=${pid},uid=1001`),
    p(`Out of memory: Killed process ${pid} (${comm}) total-vm:38912340kB, anon-rss:29812344kB, file-rss:0kB, shmem-rss:0kB, UID:1001 pgtables:59840kB oom_score_adj:0`),
    p(`oom_reaper: reaped process ${pid} (${comm}), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB`),
  );
  return out;
}
