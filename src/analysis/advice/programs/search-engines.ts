/** Elasticsearch and OpenSearch: the JVM heap, at most half the memory (the rest is the file cache). */
import { type KnownProgram, MEM_TOTAL_KB, held, share } from './known-program.js';

export const SEARCH_ENGINES: KnownProgram = {
  id: 'search-heap',
  comm: /^(elasticsearch|opensearch)/,
  forProcess: (p) => {
    // Elastic's rule: heap at most 50% of memory (the rest is file cache) and below ~31 GB (compressed oops).
    const kb = share(p, 0.5);
    const g = kb !== null ? Math.max(1, Math.min(31, Math.floor(kb / 1024 / 1024))) : null;
    const heapOptions = `/etc/${p.comm.startsWith('open') ? 'opensearch' : 'elasticsearch'}/jvm.options.d/heap.options`;
    return {
      title: `Set the ${p.comm} heap${g !== null ? ` to ${g} GiB` : ''}`,
      detail: `${held(p)}. Keep the JVM heap at most 50% of ${p.budget?.what ?? 'memory'} and below 31 GiB; the rest is the file cache it relies on.${g === null ? " The command sets it to 50% of the host's RAM, computed from MemTotal, at most 31 GiB and at least 1 GiB." : ''}`,
      commands: [
        g !== null
          ? `printf -- '-Xms${g}g\\n-Xmx${g}g\\n' | sudo tee ${heapOptions}`
          : `g=$(( ${MEM_TOTAL_KB} / 2097152 )); g=$(( g > 31 ? 31 : g < 1 ? 1 : g )); printf -- '-Xms%sg\\n-Xmx%sg\\n' "$g" "$g" | sudo tee ${heapOptions}`,
      ],
    };
  },
};
