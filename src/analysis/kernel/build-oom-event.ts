import type { OomEvent } from '../report-schema.js';
import type { RawOomEvent } from './raw-event.js';

/** PLACEHOLDER (owned by the verdict work): decide cause, factors, evidence, top tasks, suggestions. */
export function buildOomEvent(raw: RawOomEvent): OomEvent {
  return {
    time: raw.time, host: raw.host, kernelVersion: raw.kernelVersion, trigger: null, constraint: null,
    cause: 'unknown', factors: [], memcg: null, victim: null, topTasks: [], evidence: [], suggestions: [],
  };
}

/** Factors that need every event of the input (e.g. `repeated_kills`). `totalKills` counts kills beyond the kept events too. */
export function applyCrossEventFactors(events: OomEvent[], _totalKills: number): OomEvent[] {
  return events;
}
