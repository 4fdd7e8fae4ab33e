/**
 * A `Key: value` line of `kubectl describe` or of kubectl's YAML, with its indentation. Describe
 * keys are capitalised and may hold spaces (`Last State:`, `Exit Code:`); YAML keys are camelCase
 * and list items start with `- `. Values may hold colons (`Image: repo@sha256:…`), keys never do.
 */
import { monthNumber } from '../input/localised-names.js';

export interface KeyValue {
  /** Column of the key (after a list dash, if any). */
  indent: number;
  /** The line starts a YAML list item (`- name: x`). */
  item: boolean;
  /** Column of the list dash, when `item`. */
  dashIndent: number;
  key: string;
  /** Trimmed value, '' when the key opens a block. */
  value: string;
}

const KEY_VALUE = /^( *)(?:(-) +)?([A-Za-z][\w ./-]{0,60}):(?:[ \t](.*))?$/;

export function readKeyValue(body: string): KeyValue | null {
  const m = KEY_VALUE.exec(body);
  if (m === null) return null;
  const dashIndent = m[1]!.length;
  const item = m[2] !== undefined;
  const keyAt = item ? body.indexOf(m[3]!, dashIndent) : dashIndent;
  return { indent: keyAt, item, dashIndent, key: m[3]!.trimEnd(), value: (m[4] ?? '').trim() };
}

/** A DNS-1123 label: the shape of a container name (`manager`, `kube-rbac-proxy`). */
export const CONTAINER_NAME = /^[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?$/;

const RFC1123Z = /^[A-Za-z]{3}, (\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d\d:\d\d:\d\d) ([+-])(\d\d)(\d\d)$/;

/** `Mon, 13 Dec 2021 18:02:42 -0800` (describe's `Started:`/`Finished:`) → `2021-12-13T18:02:42-08:00`; else the value as printed. */
export function describeTimeToIso(value: string): string {
  const m = RFC1123Z.exec(value);
  const month = m === null ? null : monthNumber(m[2]!);
  if (m === null || month === null) return value;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${m[3]!}-${pad(month)}-${pad(Number(m[1]))}T${m[4]!}${m[5]!}${m[6]!}:${m[7]!}`;
}

/** A YAML scalar without its quotes (`'2021-09-06T16:32:28Z'` → `2021-09-06T16:32:28Z`). */
export function unquote(value: string): string {
  const first = value.charAt(0);
  return (first === '"' || first === "'") && value.endsWith(first) && value.length >= 2 ? value.slice(1, -1) : value;
}
