/**
 * Builds RawOomEvents for the verdict tests the way the parser would: each call appends one kernel
 * line (its text as the kernel prints it) with the next line number and fills the matching field.
 */
import { emptyRawEvent } from '../../../../src/analysis/kernel/parse/raw-event.js';
import type { LineRef, RawOomEvent, RawTask } from '../../../../src/analysis/kernel/parse/raw-event.js';

export interface TaskRow {
  pid: number;
  name: string;
  rssPages: number;
  oomScoreAdj?: number;
  uid?: number;
  pgtablesKb?: number;
  swapents?: number;
  /** The thread group (process) the row's task belongs to; its own pid when not given. */
  tgid?: number;
}

export function rawBuilder(firstLine = 1) {
  const raw = emptyRawEvent(firstLine);
  let line = firstLine - 1;
  const next = (text: string): LineRef => {
    line++;
    raw.lastLine = line;
    return { line, text };
  };
  const b = {
    raw,
    header(comm: string, o: { order?: number; gfpFlags?: string | null; oomScoreAdj?: number } = {}) {
      const order = o.order ?? 0;
      const flags = o.gfpFlags === undefined ? 'GFP_KERNEL' : o.gfpFlags;
      raw.header = {
        at: next(`${comm} invoked oom-killer: gfp_mask=0x6000c0${flags ? `(${flags})` : ''}, order=${order}, oom_score_adj=${o.oomScoreAdj ?? 0}`),
        comm,
        gfpMask: '0x6000c0',
        gfpFlags: flags,
        order,
        oomScoreAdj: o.oomScoreAdj ?? 0,
        oomAdj: null,
        nodemask: null,
      };
      return b;
    },
    sysrq() {
      raw.sysrq = next('sysrq: Manual OOM execution');
      return b;
    },
    cpuset(comm: string, cpuset: string, memsAllowed: string) {
      raw.cpuset = { at: next(`${comm} cpuset=${cpuset} mems_allowed=${memsAllowed}`), cpuset, memsAllowed };
      return b;
    },
    summary(s: { constraint: string; oomMemcg?: string | null; taskMemcg?: string | null; memsAllowed?: string; cpuset?: string; task?: string; pid?: number }) {
      const ctx = s.oomMemcg ? `oom_memcg=${s.oomMemcg}` : 'global_oom';
      raw.summary = {
        at: next(`oom-kill:constraint=${s.constraint},nodemask=(null),cpuset=${s.cpuset ?? '/'},mems_allowed=${s.memsAllowed ?? '0'},${ctx},task_memcg=${s.taskMemcg ?? '/'},task=${s.task ?? 'x'},pid=${s.pid ?? 1},uid=0`),
        constraint: s.constraint,
        nodemask: '(null)',
        cpuset: s.cpuset ?? '/',
        memsAllowed: s.memsAllowed ?? '0',
        oomMemcg: s.oomMemcg ?? null,
        globalOom: !s.oomMemcg,
        taskMemcg: s.taskMemcg ?? null,
        task: s.task ?? null,
        pid: s.pid ?? null,
        uid: 0,
      };
      return b;
    },
    taskIn(taskPath: string, limitPath: string) {
      raw.taskIn = { at: next(`Task in ${taskPath} killed as a result of limit of ${limitPath}`), taskPath, limitPath };
      return b;
    },
    memory(usageKb: number, limitKb: number, failcnt: number | null = null) {
      raw.memcgMemory = { at: next(`memory: usage ${usageKb}kB, limit ${limitKb}kB, failcnt ${failcnt ?? 0}`), usageKb, limitKb, failcnt };
      return b;
    },
    memsw(usageKb: number, limitKb: number, failcnt = 0) {
      raw.memcgMemsw = { at: next(`memory+swap: usage ${usageKb}kB, limit ${limitKb}kB, failcnt ${failcnt}`), usageKb, limitKb, failcnt };
      return b;
    },
    kmem(usageKb: number, limitKb: number, failcnt = 0) {
      raw.memcgKmem = { at: next(`kmem: usage ${usageKb}kB, limit ${limitKb}kB, failcnt ${failcnt}`), usageKb, limitKb, failcnt };
      return b;
    },
    swapV2(usageKb: number, limitKb: number) {
      raw.memcgSwap = { at: next(`swap: usage ${usageKb}kB, limit ${limitKb}kB, failcnt 0`), usageKb, limitKb, failcnt: 0 };
      return b;
    },
    meminfo(values: Record<string, number>) {
      raw.meminfoAt = next(`Mem-Info:`);
      Object.assign(raw.meminfo, values);
      return b;
    },
    zone(node: number | null, zone: string, freeKb: number, minKb: number, lowKb: number, highKb = lowKb + (lowKb - minKb)) {
      raw.zones.push({
        at: next(`${node === null ? '' : `Node ${node} `}${zone} free:${freeKb}kB min:${minKb}kB low:${lowKb}kB high:${highKb}kB`),
        node, zone, freeKb, minKb, lowKb, highKb, presentKb: null, managedKb: null,
      });
      return b;
    },
    buddy(node: number | null, zone: string, counts: number[], pageKb = 4) {
      const blocks = counts.map((count, order) => ({ sizeKb: pageKb * 2 ** order, count }));
      const text = blocks.map((x) => `${x.count}*${x.sizeKb}kB`).join(' ');
      const totalKb = blocks.reduce((s, x) => s + x.count * x.sizeKb, 0);
      raw.buddy.push({ at: next(`${node === null ? '' : `Node ${node} `}${zone}: ${text} = ${totalKb}kB`), node, zone, blocks, totalKb });
      return b;
    },
    hugepages(node: number, total: number, free: number, sizeKb: number) {
      raw.hugepages.push({ at: next(`Node ${node} hugepages_total=${total} hugepages_free=${free} hugepages_surp=0 hugepages_size=${sizeKb}kB`), node, total, free, surp: 0, sizeKb });
      return b;
    },
    swap(freeKb: number, totalKb: number) {
      raw.freeSwapKb = { at: next(`Free swap  = ${freeKb}kB`), kb: freeKb };
      raw.totalSwapKb = { at: next(`Total swap = ${totalKb}kB`), kb: totalKb };
      return b;
    },
    pagesRam(pages: number) {
      raw.pagesRam = { at: next(`${pages} pages RAM`), pages };
      return b;
    },
    pagesReserved(pages: number) {
      raw.pagesReserved = { at: next(`${pages} pages reserved`), pages };
      return b;
    },
    tasks(rows: TaskRow[]) {
      const at = next('[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name');
      const tasks: RawTask[] = rows.map((r) => ({
        pid: r.pid,
        uid: r.uid ?? 0,
        tgid: r.tgid ?? r.pid,
        totalVmPages: r.rssPages * 2,
        rssPages: r.rssPages,
        rssAnonPages: null,
        rssFilePages: null,
        rssShmemPages: null,
        pgtablesKb: r.pgtablesKb ?? 0,
        swapents: r.swapents ?? 0,
        oomScoreAdj: r.oomScoreAdj ?? 0,
        name: r.name,
        at: next(`[${String(r.pid).padStart(7)}] ${String(r.uid ?? 0).padStart(5)} ${String(r.tgid ?? r.pid).padStart(5)} ${String(r.rssPages * 2).padStart(8)} ${String(r.rssPages).padStart(8)} ${String((r.pgtablesKb ?? 0) * 1024).padStart(8)} ${String(r.swapents ?? 0).padStart(8)}         ${String(r.oomScoreAdj ?? 0).padStart(5)} ${r.name}`),
      }));
      raw.taskTable = {
        at,
        tasks,
        rowCount: rows.length,
        totalRssPages: rows.reduce((s, r) => s + r.rssPages, 0),
        protectedCount: rows.filter((r) => r.oomScoreAdj === -1000).length,
      };
      return b;
    },
    killSelect(pid: number, comm: string, score: number | null = 100, message: string | null = 'Out of memory') {
      raw.killSelect = { at: next(`${message ?? 'Out of memory'}: Kill process ${pid} (${comm}) score ${score} or sacrifice child`), pid, comm, score, message };
      return b;
    },
    killed(pid: number, comm: string, o: { message?: string | null; totalVmKb?: number; anonRssKb?: number; fileRssKb?: number; shmemRssKb?: number | null; uid?: number | null; pgtablesKb?: number | null; oomScoreAdj?: number | null } = {}) {
      const message = o.message === undefined ? 'Out of memory' : o.message;
      const k = {
        message,
        pid,
        comm,
        totalVmKb: o.totalVmKb ?? 1000,
        anonRssKb: o.anonRssKb ?? 100,
        fileRssKb: o.fileRssKb ?? 0,
        shmemRssKb: o.shmemRssKb === undefined ? 0 : o.shmemRssKb,
        uid: o.uid === undefined ? null : o.uid,
        pgtablesKb: o.pgtablesKb === undefined ? null : o.pgtablesKb,
        oomScoreAdj: o.oomScoreAdj === undefined ? null : o.oomScoreAdj,
      };
      const tail = k.uid !== null ? `, UID:${k.uid} pgtables:${k.pgtablesKb ?? 0}kB oom_score_adj:${k.oomScoreAdj ?? 0}` : '';
      raw.killed = {
        ...k,
        at: next(`${message ? `${message}: ` : ''}Killed process ${pid} (${comm}) total-vm:${k.totalVmKb}kB, anon-rss:${k.anonRssKb}kB, file-rss:${k.fileRssKb}kB${k.shmemRssKb !== null ? `, shmem-rss:${k.shmemRssKb}kB` : ''}${tail}`),
      };
      return b;
    },
    headerMissing() {
      raw.headerMissing = true;
      return b;
    },
    build(): RawOomEvent {
      return raw;
    },
  };
  return b;
}
