/** Whether `keyword` occurs in `data` starting at `start` (false where it would run past the end). */
export function matchesAt(data: Uint8Array, start: number, keyword: Uint8Array): boolean {
  if (start < 0 || start + keyword.length > data.length) return false;
  for (let i = 0; i < keyword.length; i++) if (data[start + i] !== keyword[i]) return false;
  return true;
}
