/** Node.js: V8's old-space limit. In a container: `node:20-alpine`, `node server.js`, npm/yarn — but not `--node-ip`. */
import { type KnownProgram, heapMiWithin, MEM_TOTAL_KB, held, mib, ofHost, share } from './known-program.js';

export const NODE: KnownProgram = {
  id: 'node-max-old-space',
  comm: /^(node|nodejs)$/,
  image: /(?:^|[\s/])(?:node|nodejs)(?::|\s|$)|\b(?:npm|yarn)\b/,
  forProcess: (p) => {
    const kb = share(p, 0.6);
    return {
      title: `Cap the Node.js heap${kb !== null ? ` at ${mib(kb)} MiB` : ''}`,
      detail: `${held(p)}. V8's default old-space limit ignores cgroup limits on older Node versions. Set --max-old-space-size to ${ofHost(p, 0.6)} so the process fails with a JavaScript heap error (and a stack) instead of a SIGKILL.`,
      commands: [`node -e 'console.log(v8.getHeapStatistics().heap_size_limit/1048576)'`, `export NODE_OPTIONS="--max-old-space-size=${kb !== null ? mib(kb) : `$(( ${MEM_TOTAL_KB} * 6 / 10 / 1024 ))`}"`],
    };
  },
  forContainer: (c) => {
    const heapMi = heapMiWithin(c);
    return {
      title: 'Cap the Node.js heap below the container limit',
      detail: `V8 does not size its old space from the cgroup limit on older Node versions: set --max-old-space-size` + (heapMi !== null ? ` to about ${heapMi} (MiB, 75% of ${c.limitText})` : ' to about 75% of the limit') + '.',
      commands: [c.setEnv(`NODE_OPTIONS=--max-old-space-size=${heapMi ?? '<75% of limit in MiB>'}`)],
    };
  },
};
