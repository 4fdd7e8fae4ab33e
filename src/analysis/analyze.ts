/**
 * The analysis core's entry point: text (whole, or as a stream of chunks) in, one `Report` out.
 * The pipeline: the stream driver feeds lines to the parsers (kernel, kubectl, Doris); each parsed
 * kill gets its verdict, then its advice; cross-event factors and advice need every event; last,
 * evidence line numbers are mapped to the input they came from and the summary is written.
 * Pure: no I/O, no logging, never throws on any input.
 */
import { createLineDriver } from './stream/line-driver.js';
import { createFingerprintPlans, type FingerprintPlans } from './stream/byte-scan/plan-fingerprints.js';
import { createOomParser } from './kernel/parse/parse-oom-dump.js';
import { buildOomEvent, applyCrossEventFactors, type KernelVerdict, type KernelVerdictLike } from './kernel/verdict/build-oom-event.js';
import { createHostKernelTracker, withHostKernelVersion } from './kernel/verdict/host-kernel-version.js';
import { applyIncidentMemoryFactors } from './kernel/verdict/join-lone-kills.js';
import { isMemoryDumpOnly } from './kernel/verdict/victim-facts.js';
import { createDorisParser } from './doris/parse/parse-be-info.js';
import { createKubectlParser } from './kubectl/parse-kubectl-oomkilled.js';
import { summarize } from './report/summarize.js';
import { locateEvidence, type InputSpan } from './report/locate-evidence.js';
import { adviseAcrossEvents, adviseDoris, adviseKernelEvent, adviseKubernetesEvent, withKernelAdvice } from './advice/advise.js';
import { pointDorisAdviceToDorisReport } from './advice/point-doris-advice-to-doris-report.js';
import type { Report } from './report/report-schema.js';
import { DORIS_BE_COMM } from './doris/doris-be-comm.js';

export interface AnalyzeOptions {
  /** Time of the doris_be kill (ISO or `YYYY-MM-DD HH:MM:SS`) when the kernel log is not part of the input. Default: none. */
  killTime?: string | null;
  /** Events kept in full; further kills are counted in the summary only, so memory stays bounded. Default 1000. */
  maxEvents?: number;
  /**
   * Plans of the keyword scan, kept between analyses (createScanPlans()). A caller that analyses
   * many inputs (a worker thread, a server) passes the same one to each: planning costs about as
   * much as a typical paste's whole analysis. Default: planned anew for this analysis.
   */
  scanPlans?: ScanPlans;
}

/** What AnalyzeOptions.scanPlans holds; made by createScanPlans(). */
export type ScanPlans = FingerprintPlans;
export const createScanPlans = (): ScanPlans => createFingerprintPlans();

export interface Analyzer {
  /** Feeds the next chunk of the current source; the caller may reuse the chunk's memory once this returns. */
  feed(chunk: Uint8Array | string): void;
  /**
   * Marks the end of one source (file); the next chunk starts a new line. `name` is what a reader
   * calls that input (a file name); evidence from it is reported as `file` and a line within it.
   * Default: null (standard input or pasted text).
   */
  endSource(name?: string | null): void;
  /** Ends the input and returns the report. */
  end(): Report;
  /** Physical lines read so far (lets a caller map report line numbers back to file:line). */
  readonly lines: number;
}

export const DEFAULT_MAX_EVENTS = 1000;

export function createAnalyzer(options: AnalyzeOptions = {}): Analyzer {
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  const events: KernelVerdictLike[] = [];
  const spans: InputSpan[] = [];
  let totalKills = 0;
  const problems: string[] = [];

  const hostKernel = createHostKernelTracker();
  /** Verdicts of dumps that do not name their kernel, by index in `events`: re-advised at the end if the host's kernel is known. */
  const unversioned = new Map<number, KernelVerdict>();
  const keep = (event: KernelVerdictLike): void => {
    totalKills++;
    if (events.length < maxEvents) events.push(event);
  };
  const kernel = createOomParser({
    onEvent: (raw) => {
      if (events.length >= maxEvents) {
        // Counted, not built: a million kills must not cost a million verdicts. A memory dump with no OOM is not one.
        if (!isMemoryDumpOnly(raw)) totalKills++;
        return;
      }
      try {
        const verdict = buildOomEvent(raw);
        hostKernel.see(raw);
        if (raw.kernelVersion === null) unversioned.set(events.length, verdict);
        keep({ event: withKernelAdvice(verdict), killLine: verdict.killLine, groupLine: verdict.groupLine, findings: verdict.findings, facts: verdict.facts });
      } catch (err) {
        problems.push(`an OOM report at line ${raw.firstLine} could not be read (${String(err)})`);
      }
    },
  });
  const kubectl = createKubectlParser({
    onEvent: (event, facts) => keep({ event: { ...event, suggestions: adviseKubernetesEvent(facts) }, killLine: null, groupLine: null }),
  });
  const doris = createDorisParser({ killTime: options.killTime ?? null });
  const driver = createLineDriver([kernel, kubectl, doris], options.scanPlans ? { scanPlans: options.scanPlans } : {});

  const guard = (what: string, fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      // The analyser must never throw; a parser bug becomes a sentence in the report.
      problems.push(`${what} stopped early (${err instanceof Error ? err.message : String(err)})`);
    }
  };

  return {
    feed(chunk) {
      guard('reading the input', () => driver.feed(chunk));
    },
    endSource(name = null) {
      guard('reading the input', () => driver.endSource());
      spans.push({ name, endLine: driver.lines });
    },
    end() {
      guard('reading the input', () => driver.endSource());
      if (spans.length === 0 || spans[spans.length - 1]!.endLine < driver.lines) spans.push({ name: null, endLine: driver.lines });
      guard('the kernel log parser', () => kernel.end());
      guard('the kubectl parser', () => kubectl.end());
      guard('the suggestions', () => {
        // A dump that does not name its kernel runs the one its host's other dumps name: advise it for that kernel.
        const host = hostKernel.result(spans.length);
        if (host === null) return;
        for (const [i, verdict] of unversioned) {
          const versioned = withHostKernelVersion(verdict, host);
          events[i] = { ...events[i]!, event: withKernelAdvice(versioned), facts: versioned.facts };
        }
      });
      let finalEvents = events.map((v) => v.event);
      guard('the event classifier', () => {
        // A lone kill that shares its incident's dump is advised again from the facts it now has.
        const incident = applyIncidentMemoryFactors(events).map((v, i) => (v.facts !== events[i]!.facts && v.facts !== undefined ? { ...v, event: { ...v.event, suggestions: adviseKernelEvent(v.facts) } } : v));
        finalEvents = applyCrossEventFactors(incident, totalKills);
      });
      guard('the suggestions', () => {
        finalEvents = adviseAcrossEvents(finalEvents, totalKills);
      });
      const killTimes = finalEvents
        .filter((e) => e.victim !== null && DORIS_BE_COMM.test(e.victim.comm) && e.time !== null)
        .map((e) => e.time as string);
      let dorisReport: Report['doris'] = null;
      guard('the Doris be.INFO parser', () => {
        const verdict = doris.finish({ killTimes, killTimeOverride: options.killTime ?? null });
        if (verdict !== null) dorisReport = { ...verdict.report, suggestions: adviseDoris(verdict.context, verdict.report.findings) };
      });
      guard('the suggestions', () => {
        finalEvents = pointDorisAdviceToDorisReport(finalEvents, dorisReport);
      });
      if (driver.longLines > 0) {
        problems.push(`${driver.longLines} line(s) longer than 64 KiB were read only in part`);
      }
      const report: Report = locateEvidence(
        {
          schemaVersion: 2,
          input: { bytes: driver.bytes, lines: driver.lines, formats: [...driver.formats] },
          events: finalEvents,
          doris: dorisReport,
          alert: null,
          summary: '',
        },
        spans,
      );
      report.summary = summarize(report, { totalKills, problems });
      return report;
    },
    get lines() {
      return driver.lines;
    },
  };
}

/** Analyses a whole text (or bytes) at once. */
export function analyzeText(text: string | Uint8Array, options: AnalyzeOptions = {}): Report {
  const analyzer = createAnalyzer(options);
  analyzer.feed(text);
  return analyzer.end();
}
