/**
 * Grafana-managed alerting's Slack notifications (`grafana/alerting` default templates): the same
 * `[FIRING:n] …` title as Alertmanager, a `**Firing**` / `**Resolved**` text with `Value:`,
 * `Labels:` and `Annotations:` per alert, a `Grafana v…` footer and `grafana_folder` label. Grafana's
 * legacy alerting titled its messages `[Alerting]`, `[OK]`, `[No Data]`.
 */
import type { AlertStatus } from './alert-facts.js';
import type { FamilyReader } from './family-facts.js';
import { pick } from './message-view.js';
import { firstStatusMarker } from './read-status-marker.js';
import { subjectAlertName, subjectShapeGuesses as shapeGuesses } from './read-subject-title.js';

export const readGrafana: FamilyReader = (view) => {
  const marker = firstStatusMarker(view.titles, view.lines);
  const footer = view.pieces.some((p) => p.origin === 'footer' && p.raw.startsWith('Grafana'));
  const folder = view.pairs.has('grafana_folder');
  const grafanaLinks = view.lines.some((l) => l.startsWith('Silence: ') && l.includes('/alerting/silence/'));
  const isGrafana = footer || folder || grafanaLinks || view.username === 'Grafana' || marker?.family === 'grafana-legacy';
  if (!isGrafana) return null;
  const rest = marker?.family === 'alertmanager' || marker?.family === 'grafana-legacy' ? marker.rest : '';
  return {
    source: 'grafana',
    status: marker !== null && marker.family !== 'datadog' ? marker.status : sectionStatus(view.lines),
    // Legacy alerting titled the message with the rule name itself.
    alertName: pick(view.pairs, ['alertname']) ?? (marker?.family === 'grafana-legacy' ? rest : subjectAlertName(rest)),
    ...shapeGuesses(rest),
  };
};

/** `**Firing**` / `**Resolved**` heads the alert list when a custom title dropped the marker. */
function sectionStatus(lines: readonly string[]): AlertStatus | null {
  for (const l of lines) {
    if (l.trim() === 'Firing') return 'firing';
    if (l.trim() === 'Resolved') return 'resolved';
  }
  return null;
}
