/**
 * Datadog monitor notifications: for a multi-alert monitor the title starts with the transition and
 * the triggering scope, `[Triggered on {kube_cluster_name:prod,kube_namespace:payments,pod_name:…}]
 * <monitor name>`; the scope's tags are read as labels. `Recovered` resolves, every other
 * transition (Triggered, Re-Triggered, Warn, No Data, Re-notify) is still firing.
 */
import type { FamilyReader } from './family-facts.js';
import { firstStatusMarker } from './read-status-marker.js';

export const readDatadog: FamilyReader = (view) => {
  const marker = firstStatusMarker(view.titles, view.lines);
  const links = view.pieces.some((p) => p.raw.includes('app.datadoghq.') || p.raw.includes('.datadoghq.com/monitors'));
  if (marker?.family !== 'datadog' && !links) return null;
  return {
    source: 'datadog',
    status: marker?.family === 'datadog' ? marker.status : null,
    alertName: marker?.family === 'datadog' && marker.rest !== '' ? marker.rest : null,
  };
};
