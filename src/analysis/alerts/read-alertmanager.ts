/**
 * Prometheus Alertmanager's Slack notifications: the default `[FIRING:n] …` title (with or without
 * a text template), Alertmanager's own username, its `…/#/alerts` link. The labels and sentences are
 * read by the shared readers; this adds what only the title says.
 */
import type { FamilyReader } from './family-facts.js';
import { pick } from './message-view.js';
import { firstStatusMarker } from './read-status-marker.js';
import { subjectAlertName, subjectShapeGuesses as shapeGuesses } from './read-subject-title.js';

export const readAlertmanager: FamilyReader = (view) => {
  const marker = firstStatusMarker(view.titles, view.lines);
  const linksHere = view.pieces.some((p) => p.raw.includes('/#/alerts'));
  const isAlertmanager = marker?.family === 'alertmanager' || view.username === 'AlertManager' || linksHere;
  if (!isAlertmanager) return null;
  const rest = marker?.family === 'alertmanager' ? marker.rest : '';
  return {
    source: 'alertmanager',
    status: marker?.family === 'alertmanager' ? marker.status : null,
    alertName: pick(view.pairs, ['alertname']) ?? subjectAlertName(rest),
    // The title's values have no names of their own: a pod is told only by its shape.
    ...shapeGuesses(rest),
  };
};
