/** MySQL and MariaDB: the InnoDB buffer pool. */
import { type KnownProgram, MEM_TOTAL_KB, held, mib, ofHost, share } from './known-program.js';
import { formatKb, kbToBytes } from '../../units.js';

export const MYSQL: KnownProgram = {
  id: 'mysql-buffer-pool',
  comm: /^(mysqld|mariadbd)$/,
  forProcess: (p) => {
    // 60%: the buffer pool plus per-connection buffers (sort/join/read buffers × max_connections) and the OS must fit.
    const kb = share(p, 0.6);
    const size = kb !== null ? `${mib(kb)}M` : '%sM';
    const sizeArg = kb !== null ? '' : ` $(( ${MEM_TOTAL_KB} * 6 / 10 / 1024 ))`;
    // SET GLOBAL takes bytes; rounded down to the default 128 MiB chunk (innodb_buffer_pool_chunk_size).
    const poolBytes = kb !== null ? String(kbToBytes(Math.floor(kb / 131072) * 131072)) : `$(( ${MEM_TOTAL_KB} * 6 / 10 / 131072 * 134217728 ))`;
    return {
      title: `Size MySQL's innodb_buffer_pool_size${kb !== null ? ` to about ${formatKb(kb)}` : ''}`,
      detail: `${held(p)}. Set innodb_buffer_pool_size to about ${ofHost(p, 0.6)}, leaving room for per-connection buffers (sort_buffer_size, join_buffer_size × max_connections) and the OS. It is resizable online (5.7.5+).`,
      commands: [
        'mysql -e "SELECT @@innodb_buffer_pool_size/1048576 AS pool_mib, @@max_connections, @@sort_buffer_size, @@join_buffer_size"',
        `mysql -e "SET GLOBAL innodb_buffer_pool_size = ${poolBytes}"`,
        `printf '[mysqld]\\ninnodb_buffer_pool_size = ${size}\\n'${sizeArg} | sudo tee /etc/my.cnf.d/buffer-pool.cnf`,
      ],
    };
  },
};
