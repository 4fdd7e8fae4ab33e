/**
 * One logical log line as every parser in the analysis core sees it: the physical line's 1-based
 * number in the whole input, the text exactly as it was (for evidence quotes), and what the prefix
 * stripper made of it. An rsyslog `#012`-escaped physical line yields several logical lines that
 * share one line number.
 */
export const INPUT_FORMATS = [
  'dmesg', //         [  123.456789] msg
  'dmesg-T', //       [Thu Jul 18 15:03:59 2024] msg (also localised day/month names)
  'syslog', //        Aug 11 03:48:24 host kernel: [..] msg
  'rsyslog-012', //   syslog line whose message holds #012-escaped newlines
  'journalctl', //    journalctl -k / -o short(-precise|-monotonic)
  'journalctl-iso', // journalctl -o short-iso
  'kmsg', //          <4>msg or /dev/kmsg "4,123,456,-;msg"
  'kubectl', //       kubectl describe pod / get pod -o yaml OOMKilled text
  'doris-be', //      glog line of Apache Doris be.INFO: I20240718 15:03:41.123 12345 file.cpp:1] msg
  'plain', //         no recognised prefix (continuation lines, prose)
] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

export interface InputLine {
  /** 1-based number of the physical line in the input (across all sources, in the order fed). */
  line: number;
  /** The physical line as it was, without its line terminator (CR stripped), capped in length. */
  raw: string;
  /** Recognised prefix format of this line. */
  format: InputFormat;
  /** Timestamp normalised to ISO 8601 (no zone when the log has none) where the prefix allows, else as printed, else null. */
  time: string | null;
  /** Host name from a syslog/journal prefix, else null. */
  host: string | null;
  /** The message after all prefixes (line-number paste prefixes, timestamps, `host kernel:`), trailing space trimmed. */
  body: string;
  /**
   * The program of a syslog/journal line without its pid (`kernel`, `systemd`, `containerd`), else
   * null or absent. Other programs can quote kernel text: node-problem-detector logs the kernel's
   * `Killed process` line inside its own message, which is not a second kill.
   */
  program?: string | null;
}
