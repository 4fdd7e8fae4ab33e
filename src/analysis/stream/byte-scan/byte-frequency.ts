/**
 * A rough model of how often each byte occurs in log text: spaces, English lower-case letters by
 * their usual frequency, digits, a little punctuation, rare upper case. Only the order matters
 * (rare over common), so a rough model chooses as well as a measured one. Both keyword searches
 * choose their windows with it (plan-fingerprints.ts, multi-search.ts).
 */
export const BYTE_FREQUENCY: Float64Array = (() => {
  const f = new Float64Array(256).fill(0.00005);
  f[0x20] = 0.14;
  f[0x0a] = 0.01;
  const english: Record<string, number> = {
    e: 12.7, t: 9.1, a: 8.2, o: 7.5, i: 7.0, n: 6.7, s: 6.3, h: 6.1, r: 6.0, d: 4.3, l: 4.0, c: 2.8, u: 2.8,
    m: 2.4, w: 2.4, f: 2.2, g: 2.0, y: 2.0, p: 1.9, b: 1.5, v: 1.0, k: 0.8, j: 0.15, x: 0.15, q: 0.1, z: 0.07,
  };
  for (const [letter, percent] of Object.entries(english)) {
    f[letter.charCodeAt(0)] = (0.45 * percent) / 100;
    f[letter.toUpperCase().charCodeAt(0)] = (0.04 * percent) / 100;
  }
  for (let digit = 0; digit < 10; digit++) f[0x30 + digit] = 0.018;
  for (const c of '.:,-/=_[]()') f[c.charCodeAt(0)] = 0.012;
  return f;
})();
