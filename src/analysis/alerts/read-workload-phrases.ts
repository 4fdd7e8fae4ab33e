/**
 * The workload, count and period that alert rules write into their sentences. Each phrase is the
 * wording of a rule or tool found in use (see test/fixtures/alerts/SOURCES.md); the first line
 * that gives a fact wins.
 */
import type { AlertWindow } from './alert-facts.js';
import { matchPhrase, windowSeconds, wordsOf, type PhraseCapture } from './match-phrase.js';

export interface PhraseFacts {
  namespace: string | null;
  pod: string | null;
  container: string | null;
  node: string | null;
  cluster: string | null;
  count: number | null;
  window: AlertWindow | null;
}

type Fact = 'namespace' | 'pod' | 'container' | 'node' | 'cluster' | 'count' | 'window' | 'ns/pod' | 'ns/pod/container' | 'skip';

interface Phrase {
  words: readonly string[];
  /** What each slot of `words` is, in slot order. */
  gives: readonly Fact[];
}

const PHRASES: readonly Phrase[] = [
  // awesome-prometheus-alerts KubernetesContainerOomKiller (also as a Grafana-managed rule).
  {
    words: ['container', '{name}', 'in', 'pod', '{ns/name}', 'has', 'been', 'oomkilled', '{number}', 'times', 'in', 'the', 'last', '{window}'],
    gives: ['container', 'ns/pod', 'count', 'window'],
  },
  { words: ['container', '{name}', 'in', 'pod', '{ns/name}'], gives: ['container', 'ns/pod'] },
  // elastisys/compliantkubernetes-apps' variant: "… in pod ns/pod from <cluster> has been OOMKilled …".
  { words: ['pod', '{ns/name}', 'from', '{name}', 'has', 'been', 'oomkilled'], gives: ['ns/pod', 'cluster'] },
  // A PodOOMKilled rule's "Container api in Pod api-… (namespace payments) was OOMKilled."
  { words: ['container', '{name}', 'in', 'pod', '{name}', 'namespace', '{name}'], gives: ['container', 'pod', 'namespace'] },
  // metalk8s KubeContainerOOMKilled / KubeContainerOOMKillSurge.
  { words: ['container', '{ns/name/name}', 'on', 'node', '{name}'], gives: ['ns/pod/container', 'node'] },
  { words: ['container', '{ns/name/name}', 'in', 'node', '{name}'], gives: ['ns/pod/container', 'node'] },
  { words: ['restarted', '{number}', '{any}', 'in', 'last', '{window}'], gives: ['count', 'skip', 'window'] },
  // kubernetes-mixin style: "Pod payments/api-… (api) is …".
  { words: ['pod', '{ns/name}', '{(name)}'], gives: ['ns/pod', 'container'] },
  // Robusta's finding title.
  { words: ['pod', '{name}', 'in', 'namespace', '{name}'], gives: ['pod', 'namespace'] },
  // Datadog's recommended monitor: message, then name.
  { words: ['pod', '{name}', 'is', 'in', 'oomkilled', 'on', '{name}'], gives: ['pod', 'namespace'] },
  { words: ['pod', '{name}', 'is', 'oomkilled', 'on', 'namespace', '{name}'], gives: ['pod', 'namespace'] },
  // node-problem-detector chart's NodeProblemOOMKilling: "Process Out-Of-Memory Killed in node x".
  { words: ['killed', 'in', 'node', '{name}'], gives: ['node'] },
  // xing/kubernetes-oom-event-generator's PreviousContainerWasOOMKilled event.
  {
    words: ['the', 'previous', 'instance', 'of', 'the', 'container', '{name}', '{any}', 'was', 'oomkilled'],
    gives: ['container', 'skip'],
  },
  { words: ['oomkilled', '{number}', 'times'], gives: ['count'] },
  // OpenShift's ContainersOOMKilled: "3 containers have been killed on <node> because they ran out of memory".
  { words: ['{number}', 'containers', 'have', 'been', 'killed', 'on', '{name}'], gives: ['count', 'node'] },
  // OpenShift's MultipleContainersOOMKilled: "… out of memory killed within the past 15 minutes."
  { words: ['within', 'the', 'past', '{window}'], gives: ['window'] },
  { words: ['in', 'the', 'past', '{window}'], gives: ['window'] },
  { words: ['in', 'the', 'last', '{window}'], gives: ['window'] },
  { words: ['in', 'last', '{window}'], gives: ['window'] },
  // kubernetes-mixin's "… on cluster prod-eu-1."
  { words: ['on', 'cluster', '{name}'], gives: ['cluster'] },
];

export function readWorkloadPhrases(lines: readonly string[]): PhraseFacts {
  const facts: PhraseFacts = { namespace: null, pod: null, container: null, node: null, cluster: null, count: null, window: null };
  for (const line of lines) {
    const words = wordsOf(line);
    if (words.length === 0) continue;
    for (const phrase of PHRASES) {
      const [match] = matchPhrase(words, phrase.words);
      if (match === undefined) continue;
      phrase.gives.forEach((fact, i) => give(facts, fact, match.slots[i]!));
    }
  }
  return facts;
}

function give(facts: PhraseFacts, fact: Fact, slot: PhraseCapture): void {
  const text = typeof slot === 'string' ? slot : '';
  const parts = typeof slot === 'string' ? [] : slot;
  switch (fact) {
    case 'ns/pod':
      facts.namespace ??= parts[0] ?? null;
      facts.pod ??= parts[1] ?? null;
      return;
    case 'ns/pod/container':
      facts.namespace ??= parts[0] ?? null;
      facts.pod ??= parts[1] ?? null;
      facts.container ??= parts[2] ?? null;
      return;
    case 'count':
      facts.count ??= Math.round(Number(text));
      return;
    case 'skip':
      return;
    case 'window': {
      const seconds = windowSeconds(text);
      if (seconds !== null) facts.window ??= { text, seconds };
      return;
    }
    default:
      facts[fact] ??= text;
  }
}
