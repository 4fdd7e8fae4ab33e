/**
 * Hand-built Reports for the renderer tests, valid per the zod schema. Their numbers come from
 * examples/cgroup-v1-parent-limit.log (seed 001's parent-cgroup scenario) and from the synthetic
 * 2.1.5+/3.0 be.INFO excerpt in shared/reference/doris-memory-logs.md §8 (60 GB host, one 38 GB
 * query, 91% tracked), so what the renderers print can be checked against those logs by eye.
 */
import { Report, type DorisReport, type OomEvent } from '../../src/analysis/report/report-schema.js';

export function parentCgroupEvent(overrides: Partial<OomEvent> = {}): OomEvent {
  return {
    source: 'kernel',
    noKill: null,
    rejoined: 0,
    time: '2021-09-10T16:15:14',
    host: 'ecs-prod-7',
    kernelVersion: '4.19.91-24.1.al7.x86_64',
    trigger: { comm: 'test', pid: 30211, gfpMask: '0x6000c0', gfpFlags: ['GFP_KERNEL'], order: 0, oomScoreAdj: 0, oomAdj: null },
    constraint: 'CONSTRAINT_MEMCG',
    cause: 'parent_cgroup_limit',
    factors: ['single_dominant_consumer'],
    memcg: { taskPath: '/mm_test/2', oomPath: '/mm_test', usageKb: 204800, limitKb: 204800, failcnt: 1607, swapUsageKb: null, swapLimitKb: null, version: 1, stat: null },
    victim: { pid: 30211, comm: 'test', totalVmKb: 147640, anonRssKb: 131380, fileRssKb: 0, shmemRssKb: 0, uid: 0, pgtablesKb: 296, oomScoreAdj: 0, fromTaskTable: null },
    topTasks: [
      { pid: 30211, comm: 'test', rssKb: 131380, oomScoreAdj: 0, share: 0.6466 },
      { pid: 30198, comm: 'leaky-worker', rssKb: 71820, oomScoreAdj: 0, share: 0.3534 },
    ],
    evidence: [
      { file: null, line: 11, text: '[Fri Sep 10 16:15:14 2021] Task in /mm_test/2 killed as a result of limit of /mm_test', why: 'the limit that was hit is /mm_test, a parent of the task\'s cgroup /mm_test/2' },
      { file: null, line: 12, text: '[Fri Sep 10 16:15:14 2021] memory: usage 204800kB, limit 204800kB, failcnt 1607', why: 'usage equals the limit; the limit was hit 1607 times' },
      { file: null, line: 23, text: '[Fri Sep 10 16:15:14 2021] Killed process 30211 (test) total-vm:147640kB, anon-rss:131380kB, file-rss:0kB, shmem-rss:0kB', why: 'the victim' },
    ],
    suggestions: [
      {
        id: 'raise_parent_cgroup_limit',
        title: 'Raise the limit of /mm_test or find what grows in it',
        detail: 'The parent cgroup /mm_test is limited to 200 MiB and hit it 1607 times; its children together need more.',
        commands: [{ run: 'cat /sys/fs/cgroup/memory/mm_test/memory.limit_in_bytes', effect: 'read' }, { run: 'echo 400M > /sys/fs/cgroup/memory/mm_test/memory.limit_in_bytes', effect: 'change' }],
      },
    ],
    memInfo: null,
    zones: [],
    tasks: [],
    tasksOmitted: 0,
    oomGroup: null,
    sharedMemoryKills: 0,
    ...overrides,
  };
}

export function dorisSection(overrides: Partial<DorisReport> = {}): DorisReport {
  const GB = 1024 ** 3;
  return {
    summaryTime: '2024-07-18T15:03:41.123902',
    killTime: '2024-07-18T15:03:59',
    physicalBytes: 60 * GB,
    processUsedBytes: 58787651584,
    limitBytes: 54 * GB,
    softLimitBytes: 52183852646,
    sysAvailableBytes: 3113851289,
    lowWaterMarkBytes: 3 * GB,
    warningWaterMarkBytes: 6 * GB,
    processResidentBytes: 60236863488,
    sumOfTrackersBytes: 54692885298,
    trackedRatio: 0.908,
    orphanBytes: 96468992,
    jemallocCacheBytes: 1449551462,
    jemallocMetadataBytes: 402653184,
    trackers: [
      { label: 'query', type: 'overview', parent: null, usedBytes: 42090679500, peakBytes: 42815455232, limitBytes: null },
      { label: 'global', type: 'overview', parent: null, usedBytes: 7331643392, peakBytes: 8053063680, limitBytes: null },
      { label: 'sum of all trackers', type: 'overview', parent: null, usedBytes: 54692885298, peakBytes: null, limitBytes: null },
      { label: 'Query#Id=5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b', type: 'query', parent: null, usedBytes: 40802189312, peakBytes: 41204842496, limitBytes: 2147483648 },
      { label: 'DataPageCache[size](AllocByAllocator)', type: 'global', parent: null, usedBytes: 6442450944, peakBytes: 6442450944, limitBytes: -1 },
      { label: 'SegmentCache[size]', type: null, parent: 'DetailsTrackerSet', usedBytes: 1610612736, peakBytes: 2147483648, limitBytes: null },
      { label: 'Orphan', type: 'global', parent: null, usedBytes: 96468992, peakBytes: 134217728, limitBytes: -1 },
    ],
    gc: { minor: 14, full: 3, windowMinutes: 10 },
    cancels: [{ time: '2024-07-18T15:03:41.132904', task: 'Query#Id=5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b', consumptionBytes: 40802189312, secondsBeforeKill: 17.9 }],
    findings: [
      {
        id: 'frequent_gc',
        detail: '14 minor and 3 full GCs in the 10 minutes before the kill: the BE was under memory pressure.',
        evidence: [{ file: null, line: 4, text: 'I20240718 15:03:41.123456 12345 daemon.cpp:281] [MemoryGC] start full GC, process memory used 54.75 GB exceed limit 54.00 GB' }],
      },
      {
        id: 'query_cancel_stuck',
        detail: 'Query 5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b was cancelled 17.9 s before the kill and its memory was not freed.',
        evidence: [{ file: null, line: 9, text: 'I20240718 15:03:41.132904 12345 fragment_mgr.cpp:1012] Query 5f1c2a3b4c5d6e7f-8a9b0c1d2e3f4a5b is cancelled and removed.' }],
      },
    ],
    suggestions: [
      {
        id: 'lower_mem_limit',
        title: 'Lower mem_limit to 80% (48 GiB of 60 GiB)',
        detail: 'Leaves room for the OS and the page cache so the kernel does not kill doris_be first.',
        commands: [{ run: "sed -i 's/^mem_limit.*/mem_limit = 80%/' be/conf/be.conf", effect: 'change' }],
      },
    ],
    ...overrides,
  };
}

export function report(parts: Partial<Report> = {}): Report {
  return Report.parse({
    schemaVersion: 2,
    input: { bytes: 2507, lines: 24, formats: ['dmesg-T'] },
    events: [parentCgroupEvent()],
    doris: null,
    alert: null,
    summary: 'test (pid 30211) was killed by the OOM killer at 2021-09-10T16:15:14 on ecs-prod-7: a parent memory cgroup reached its limit.',
    ...parts,
  });
}
