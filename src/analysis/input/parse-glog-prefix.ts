/**
 * The glog prefix of Apache Doris be.INFO lines
 * (reference/doris-memory-logs.md §0): `I20240718 15:03:41.123902 12345 file.cpp:389] msg`,
 * 2.0-and-older without the year `I0103 08:02:27.237190 19832 daemon.cpp:262] msg`, optional
 * `RuntimeLogger ` before it.
 */
export interface GlogPrefix {
  severity: 'I' | 'W' | 'E' | 'F';
  /** ISO 8601 without zone (`2024-07-18T15:03:41.123902`); without a year in the log: `--01-03T08:02:27.237190`. */
  time: string;
  threadId: number;
  file: string;
  fileLine: number;
  /** The message after `] ` (may be empty: a summary block starts with an empty message). */
  message: string;
}

const GLOG = /^(?:RuntimeLogger )?([IWEF]) ?(\d{8}|\d{4}) (\d\d:\d\d:\d\d\.\d{6}) +(\d+) ([^:\]\s]+):(\d+)\] ?/;

export function parseGlogPrefix(raw: string): GlogPrefix | null {
  const m = GLOG.exec(raw);
  if (m === null) return null;
  const date = m[2]!;
  const day = date.length === 8 ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` : `--${date.slice(0, 2)}-${date.slice(2, 4)}`;
  return {
    severity: m[1] as GlogPrefix['severity'],
    time: `${day}T${m[3]!}`,
    threadId: Number(m[4]),
    file: m[5]!,
    fileLine: Number(m[6]),
    message: raw.slice(m[0].length),
  };
}
