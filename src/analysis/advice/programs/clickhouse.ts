/** ClickHouse: max_server_memory_usage. */
import { type KnownProgram, held, of, share } from './known-program.js';
import { formatKb, kbToBytes } from '../../units.js';

export const CLICKHOUSE: KnownProgram = {
  id: 'clickhouse-server-memory',
  comm: /^clickhouse/,
  forProcess: (p) => {
    const kb = share(p, 0.8);
    return {
      title: `Lower ClickHouse max_server_memory_usage${kb !== null ? ` to ${formatKb(kb)}` : ''}`,
      detail: `${held(p)}. ClickHouse stops queries at max_server_memory_usage (default 90% of RAM via max_server_memory_usage_to_ram_ratio=0.9), which left too little for the rest of the machine or the cgroup. ${kb !== null ? `Set it to ${of(p, 0.8)}.` : "Set max_server_memory_usage_to_ram_ratio to 0.8 (80% of the host's RAM, which ClickHouse computes itself)."}`,
      commands: [
        `clickhouse-client -q "SELECT name, value FROM system.server_settings WHERE name LIKE 'max_server_memory_usage%'"`,
        // Without a size in the log, the ratio lets the server apply 80% to the RAM it sees (the cgroup's in recent versions).
        kb !== null
          ? `printf '<clickhouse>\\n  <max_server_memory_usage>${kbToBytes(kb)}</max_server_memory_usage>\\n</clickhouse>\\n' | sudo tee /etc/clickhouse-server/config.d/memory.xml`
          : `printf '<clickhouse>\\n  <max_server_memory_usage_to_ram_ratio>0.8</max_server_memory_usage_to_ram_ratio>\\n</clickhouse>\\n' | sudo tee /etc/clickhouse-server/config.d/memory.xml`,
      ],
    };
  },
};
