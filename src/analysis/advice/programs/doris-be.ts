/** Apache Doris BE: mem_limit and the low water mark in be.conf (seed 000). */
import { type KnownProgram, MEM_TOTAL_KB, held } from './known-program.js';
import { formatKb, kbToBytes } from '../../units.js';
import { DORIS_BE_COMM } from '../../doris/doris-be-comm.js';

/** Shows the be.conf settings the Doris advice changes, as they are now. */
export const DORIS_CONF_GREP = "grep -E '^(mem_limit|max_sys_mem_available_low_water_mark_bytes|soft_mem_limit_frac)' be/conf/be.conf";

export const DORIS_BE: KnownProgram = {
  id: 'doris-mem-limit',
  comm: DORIS_BE_COMM,
  forProcess: (p) => {
    // Seed 000: lower mem_limit, raise the low water mark. 80% instead of the default 90%; the
    // low water mark to 10% of memory (2.1.5+ uses min(5%, 6.4 GB)) so full GC starts earlier.
    const ram = p.budget?.kb ?? null;
    const lowBytes = ram !== null ? kbToBytes(ram * 0.1) : null;
    // Without a size in the log, the printf computes 10% of RAM on the BE host itself (MemTotal is in kB).
    const low =
      ram === null || lowBytes === null
        ? " to 10% of the BE host's RAM in bytes (the log does not show the RAM: on the host it is MemTotal from /proc/meminfo, in kB, × 1024 / 10, which the printf below computes)"
        : `=${lowBytes} (10% of ${formatKb(ram)})`;
    return {
      title: 'Lower Doris BE mem_limit and raise its low water mark',
      detail: `${held(p)}. In be.conf set mem_limit=80% (default 90%${ram !== null ? `; 80% of ${formatKb(ram)} is ${formatKb(ram * 0.8)}` : ''}) and max_sys_mem_available_low_water_mark_bytes${low}, so memory GC and query cancellation start before the kernel steps in. Then read the last "Memory Tracker Summary" in be.INFO before the kill time.`,
      commands: [
        DORIS_CONF_GREP,
        lowBytes !== null
          ? `printf 'mem_limit = 80%%\\nmax_sys_mem_available_low_water_mark_bytes = ${lowBytes}\\n' >> be/conf/be.conf`
          : `printf 'mem_limit = 80%%\\nmax_sys_mem_available_low_water_mark_bytes = %s\\n' $(( ${MEM_TOTAL_KB} * 1024 / 10 )) >> be/conf/be.conf`,
        "grep -n 'Memory Tracker Summary' be/log/be.INFO | tail -3",
      ],
    };
  },
};
