/** PostgreSQL: shared_buffers and work_mem. */
import { type KnownProgram, held, mib, share } from './known-program.js';

export const POSTGRES: KnownProgram = {
  id: 'postgres-memory',
  comm: /^(postgres|postmaster)$/,
  forProcess: (p) => {
    const kb = share(p, 0.25);
    return {
      title: `Check PostgreSQL shared_buffers${kb !== null ? ` (about ${mib(kb)} MiB)` : ''} and work_mem`,
      detail: `${held(p)}. shared_buffers is usually 25% of memory (${kb !== null ? `${mib(kb)} MiB here` : 'size it from the host'}); work_mem is per sort/hash node per query, so work_mem × max_connections × a few can exceed RAM. PostgreSQL's docs also recommend vm.overcommit_memory=2 and shielding the postmaster (OOMScoreAdjust=-1000 with PG_OOM_ADJUST_VALUE=0 for backends).`,
      commands: [
        `psql -c 'SHOW shared_buffers' -c 'SHOW work_mem' -c 'SHOW max_connections' -c 'SHOW maintenance_work_mem'`,
        ...(kb !== null ? [`psql -c "ALTER SYSTEM SET shared_buffers = '${mib(kb)}MB'"`] : []),
        `psql -c "ALTER SYSTEM SET work_mem = '16MB'" -c 'SELECT pg_reload_conf()'`,
      ],
    };
  },
};
