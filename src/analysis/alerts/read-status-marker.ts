/**
 * The bracketed status that opens an alert's title:
 * - Alertmanager and Grafana `__subject`: `[FIRING:2]`, `[FIRING:1, RESOLVED:1]` (Grafana),
 *   `[RESOLVED]`;
 * - Grafana's legacy alerting: `[Alerting]`, `[OK]`, `[No Data]`;
 * - Datadog: `[Triggered]`, `[Re-Triggered on {…}]`, `[Warn on {…}]`, `[Recovered on {…}]`, ….
 */
import type { AlertStatus } from './alert-facts.js';

export type MarkerFamily = 'alertmanager' | 'grafana-legacy' | 'datadog';

export interface StatusMarker {
  family: MarkerFamily;
  status: AlertStatus;
  /** The text after the bracket. */
  rest: string;
  /** Datadog's `{tag:value,…}` scope, without braces; null elsewhere. */
  scope: string | null;
}

const DATADOG_FIRING = ['triggered', 're-triggered', 'warn', 're-warn', 'no data', 're-notify', 're-no data'];

export function readStatusMarker(line: string): StatusMarker | null {
  const text = line.trim();
  if (!text.startsWith('[')) return null;
  const close = text.indexOf(']');
  if (close === -1 || close > 512) return null;
  const inside = text.slice(1, close);
  const rest = text.slice(close + 1).trim();
  const upper = inside.toUpperCase();

  if (upper.startsWith('FIRING')) return { family: 'alertmanager', status: 'firing', rest, scope: null };
  if (upper === 'RESOLVED') return { family: 'alertmanager', status: 'resolved', rest, scope: null };

  if (inside === 'Alerting' || inside === 'No Data') return { family: 'grafana-legacy', status: 'firing', rest, scope: null };
  if (inside === 'OK') return { family: 'grafana-legacy', status: 'resolved', rest, scope: null };

  const on = inside.indexOf(' on {');
  const head = (on === -1 ? inside : inside.slice(0, on)).toLowerCase();
  const scope = on !== -1 && inside.endsWith('}') ? inside.slice(on + ' on {'.length, -1) : null;
  if (head === 'recovered') return { family: 'datadog', status: 'resolved', rest, scope };
  if (DATADOG_FIRING.includes(head)) return { family: 'datadog', status: 'firing', rest, scope };
  return null;
}

/** The first status marker among the lines, looking at titles first. */
export function firstStatusMarker(titles: readonly string[], lines: readonly string[]): StatusMarker | null {
  for (const l of titles) {
    const m = readStatusMarker(l);
    if (m !== null) return m;
  }
  for (const l of lines) {
    const m = readStatusMarker(l);
    if (m !== null) return m;
  }
  return null;
}
