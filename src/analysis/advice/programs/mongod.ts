/** MongoDB: the WiredTiger cache. */
import { type KnownProgram, held } from './known-program.js';
import { floorGiB1 } from '../../units.js';

export const MONGOD: KnownProgram = {
  id: 'mongod-wiredtiger-cache',
  comm: /^mongod$/,
  forProcess: (p) => {
    // The default cache is 50% of (RAM − 1 GiB), min 256 MB; 40% leaves room for connections, aggregation and the OS.
    const gb = p.budget !== null ? Math.max(0.25, floorGiB1(Math.max(0, p.budget.kb - 1024 * 1024) * 0.4)) : null;
    return {
      title: `Lower mongod's WiredTiger cache${gb !== null ? ` to ${gb} GiB` : ''}`,
      detail: `${held(p)}. WiredTiger's cache defaults to 50% of (RAM − 1 GiB) and does not know about other processes or cgroup limits on old versions. Set storage.wiredTiger.engineConfig.cacheSizeGB to ${gb !== null ? `${gb} (40% of ${p.budget!.what} minus 1 GiB)` : 'about 40% of (memory − 1 GiB)'}.`,
      commands: [
        `mongosh --quiet --eval 'db.serverStatus().wiredTiger.cache["maximum bytes configured"]'`,
        ...(gb !== null ? [`mongosh --quiet --eval 'db.adminCommand({setParameter: 1, wiredTigerEngineRuntimeConfig: "cache_size=${Math.round(gb * 1024)}M"})'`] : []),
        `sudo grep -n -A3 wiredTiger /etc/mongod.conf`,
      ],
    };
  },
};
