/**
 * A JVM: its heap, which is not all of its memory. In a container it is recognised by its image or
 * command (a JDK image, a JVM server, `java -jar`); Elasticsearch images too, which run one.
 */
import { type KnownProgram, heapMiWithin, held, mib, of, share } from './known-program.js';

export const JAVA: KnownProgram = {
  id: 'java-heap',
  comm: /^java$/,
  image: /\b(?:java|jre|jdk|openjdk|temurin|corretto|zulu|spring|tomcat|jboss|wildfly|kafka|elasticsearch|jenkins|jar)\b/,
  forProcess: (p) => {
    // The heap is not all of a JVM: metaspace, thread stacks, direct buffers and GC structures need the other ~40%.
    const kb = share(p, 0.6);
    return {
      title: `Cap the Java heap${kb !== null ? ` at ${mib(kb)} MiB` : ''}`,
      detail: `${held(p)}. The kernel killed it, so heap plus native memory exceeded ${p.budget?.what ?? 'the memory available'}. Set -Xmx${kb !== null ? `${mib(kb)}m` : ''} (${of(p, 0.6)}) or, in a container, -XX:MaxRAMPercentage=60, and measure native memory with Native Memory Tracking.`,
      commands: [
        `jcmd $(pgrep -o -x java) VM.flags | tr ' ' '\\n' | grep -E 'MaxHeapSize|MaxRAMPercentage'`,
        `jcmd $(pgrep -o -x java) VM.native_memory summary`,
        `export JAVA_TOOL_OPTIONS="${kb !== null ? `-Xmx${mib(kb)}m` : '-XX:MaxRAMPercentage=60'} -XX:NativeMemoryTracking=summary"`,
      ],
    };
  },
  forContainer: (c) => {
    const heapMi = heapMiWithin(c);
    return {
      title: 'Keep the JVM heap below the container limit',
      detail:
        `The container runs a JVM. Heap plus metaspace, thread stacks and direct buffers must fit in the limit: cap the heap at about 75% of it` +
        (heapMi !== null ? ` (-Xmx${heapMi}m for ${c.limitText})` : '') +
        ' with -XX:MaxRAMPercentage=75.0 (JDK 10+, 8u191+) or an explicit -Xmx.',
      commands: [c.setEnv("JAVA_TOOL_OPTIONS='-XX:MaxRAMPercentage=75.0'"), c.execIn('jcmd 1 VM.flags')],
    };
  },
};
