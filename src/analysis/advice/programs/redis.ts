/** Redis: maxmemory. */
import { type KnownProgram, MEM_TOTAL_KB, held, mib, ofHost, share } from './known-program.js';

export const REDIS: KnownProgram = {
  id: 'redis-maxmemory',
  comm: /^redis-server$/,
  forProcess: (p) => {
    // 50%: a BGSAVE/AOF rewrite forks, and copy-on-write can double the resident size in the worst case.
    const kb = share(p, 0.5);
    return {
      title: `Set Redis maxmemory${kb !== null ? ` to ${mib(kb)} MiB` : ''}`,
      detail: `${held(p)}. Without maxmemory Redis grows until the kernel kills it. Set maxmemory to ${ofHost(p, 0.5)} (a fork for persistence can copy-on-write up to the dataset size again) and choose an eviction policy.`,
      commands: [
        'redis-cli CONFIG GET maxmemory',
        `redis-cli CONFIG SET maxmemory ${kb !== null ? mib(kb) : `$(( ${MEM_TOTAL_KB} / 2048 ))`}mb`,
        'redis-cli CONFIG SET maxmemory-policy allkeys-lru',
        'redis-cli CONFIG REWRITE',
      ],
    };
  },
};
