/**
 * Colour when writing to a terminal. NO_COLOR (any non-empty value, no-color.org) turns it off;
 * FORCE_COLOR turns it on even for a pipe ("0" or "false" turn it off), and, as in Node itself,
 * takes precedence over NO_COLOR. TERM=dumb terminals get none.
 */
export function useColor(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['TERM'] === 'dumb') return false;
  return isTTY;
}
