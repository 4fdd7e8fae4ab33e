/** A fixed-width bar for a share (0..1): "██████░░░░░░" reads at a glance in a terminal, markdown or Slack. */
export function shareBar(share: number | null, width = 12): string {
  const clamped = share === null || !Number.isFinite(share) ? 0 : Math.min(1, Math.max(0, share));
  let filled = Math.round(clamped * width);
  // A non-zero share always shows something, so a reader does not mistake it for nothing.
  if (filled === 0 && clamped > 0) filled = 1;
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}
