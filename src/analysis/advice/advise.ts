/**
 * The advice stage: suggestions for what the verdicts found, from one place. Each family writes
 * drafts; here they are finished (every command labelled read or change) and attached.
 */
import type { DorisFinding, OomEvent, Suggestion } from '../report/report-schema.js';
import type { VerdictFacts } from '../kernel/verdict/verdict-facts.js';
import type { KernelVerdict } from '../kernel/verdict/build-oom-event.js';
import { hostKey, oomsByHost } from '../kernel/verdict/build-oom-event.js';
import type { KubectlFacts } from '../kubectl/parse-kubectl-oomkilled.js';
import type { DorisContext } from '../doris/report/doris-context.js';
import { finishSuggestion } from './suggestion-draft.js';
import { suggestFixes } from './suggest-fixes.js';
import { suggestKubernetes } from './suggest-kubernetes.js';
import { suggestDoris } from './suggest-doris.js';
import { panicOnOomSuggestion } from './suggest-oom-score.js';

export function adviseKernelEvent(facts: VerdictFacts): Suggestion[] {
  return suggestFixes(facts).map(finishSuggestion);
}

export function adviseKubernetesEvent(facts: KubectlFacts): Suggestion[] {
  return suggestKubernetes(facts.pod, facts.container).map(finishSuggestion);
}

export function adviseDoris(context: DorisContext, findings: readonly DorisFinding[]): Suggestion[] {
  return suggestDoris(context, findings).map(finishSuggestion);
}

/**
 * Advice that needs every event: a host that keeps killing (repeated_kills on a system-wide kill)
 * gets the panic-and-reboot option. A cgroup kill loop is the container's problem, not a reason to
 * reboot the host, and a SysRq kill was asked for. OOMs are counted per host (a memory.oom.group
 * pass is one); a host whose OOMs were more than REBOOT_ADVICE_MAX_GAP_SECONDS apart on average
 * (when the log's times say) is not stuck killing, so it gets no reboot advice; nor does a host whose
 * kernel already panicked on an OOM (vm.panic_on_oom is set there).
 */
export function adviseAcrossEvents(events: OomEvent[], totalKills: number): OomEvent[] {
  const hosts = oomsByHost(events, totalKills);
  const panicsOnOom = new Set(events.filter((e) => e.noKill === 'panic_on_oom').map(hostKey));
  return events.map((event) => {
    const host = hosts.get(hostKey(event))!;
    if (panicsOnOom.has(hostKey(event))) return event;
    if (host.ooms < 2 || (host.spanSeconds !== null && host.spanSeconds / (host.ooms - 1) > REBOOT_ADVICE_MAX_GAP_SECONDS)) return event;
    const memcgCause = event.cause === 'cgroup_limit' || event.cause === 'parent_cgroup_limit';
    if (!event.factors.includes('repeated_kills') || memcgCause || event.cause === 'manual_trigger' || event.source !== 'kernel') return event;
    if (event.suggestions.some((s) => s.id === 'panic-on-oom')) return event;
    return { ...event, suggestions: [...event.suggestions, finishSuggestion(panicOnOomSuggestion(host.ooms, host.spanSeconds))] };
  });
}

/** OOMs an hour or more apart on average are separate episodes, not a host that keeps killing. */
export const REBOOT_ADVICE_MAX_GAP_SECONDS = 3600;

/** One kernel event with its suggestions: the verdict, then the advice for it. */
export function withKernelAdvice(verdict: KernelVerdict): OomEvent {
  return { ...verdict.event, suggestions: adviseKernelEvent(verdict.facts) };
}
