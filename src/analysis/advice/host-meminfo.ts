/**
 * A /proc/meminfo field (kB, or a page count for HugePages_*) read on the host by the command a
 * suggestion prints, for the settings the log itself gives no size for.
 */
export function hostMeminfo(field: string): string {
  return `$(awk '/^${field}:/ {print $2}' /proc/meminfo)`;
}
