/**
 * Labelled values, in every way alert templates print them:
 * - ` - namespace = payments` (Alertmanager's `__text_alert_list`, Grafana's default message);
 * - ` • namespace: payments` (the common `*Details:*` Slack template, folded onto one line or not);
 * - `namespace: payments`, `Reason:OOMKilling` (plain `key: value` lines, kube-eventer);
 * - `map[container:api namespace:payments]` (a Prometheus rule printing `{{ $labels }}`);
 * - `(alertname="X", namespace="payments")` (titles listing the common labels);
 * - `{kube_namespace:payments,pod_name:api-…}` (Datadog's triggering scope);
 * - ` Pod | api-…` (a text table);
 * - attachment fields and `*Title*\nvalue` block fields.
 * Keys are lowercased with spaces and dashes as `_` (`Node Name` → `node_name`); the first value
 * seen for a key is kept.
 */
import type { FieldPair } from './slack-message-text.js';

export type LabelPairs = ReadonlyMap<string, string>;

/** Longer than this, a `key:` prefix is a sentence with a colon in it, not a label. */
const MAX_KEY_CHARS = 40;
const MAX_KEY_WORDS = 4;

export function readLabelPairs(lines: readonly string[], fields: readonly FieldPair[]): LabelPairs {
  const pairs = new Map<string, string>();
  const put = (key: string, value: string): void => {
    const k = normalizeKey(key);
    const v = unquote(value.trim());
    if (k === null || v === '' || pairs.has(k)) return;
    pairs.set(k, v);
  };
  for (const f of fields) put(f.title, f.value);
  for (const line of lines) {
    for (const [k, v] of pairsInLine(line)) put(k, v);
  }
  return pairs;
}

function pairsInLine(line: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const trimmed = line.trim();
  if (trimmed === '') return out;

  // Inline groups first: they can share a line with other text.
  for (const group of bracketed(line, 'map[', ']')) out.push(...splitItems(group, ' ', ':'));
  for (const group of bracketed(line, '{', '}')) out.push(...splitItems(group, ',', ':'));
  for (const group of bracketed(line, '(', ')')) {
    if (group.includes('="')) out.push(...splitItems(group, ', ', '='));
  }

  if (trimmed.includes('•')) {
    for (const segment of trimmed.split('•')) {
      const kv = keyValue(segment, ':');
      if (kv !== null) out.push(kv);
    }
    return out;
  }
  if (trimmed.startsWith('- ') && trimmed.includes(' = ')) {
    const kv = keyValue(trimmed.slice(2), '=');
    if (kv !== null) out.push(kv);
    return out;
  }
  const bar = trimmed.indexOf(' | ');
  if (bar > 0 && trimmed.indexOf(' | ', bar + 3) === -1) {
    const kv = keyValue(trimmed, '|');
    if (kv !== null) out.push(kv);
    return out;
  }
  const kv = keyValue(trimmed, ':');
  if (kv !== null) out.push(kv);
  return out;
}

/** `key<sep>value` when the key looks like a label name or a short title; null otherwise. */
function keyValue(text: string, sep: string): [string, string] | null {
  const at = text.indexOf(sep);
  if (at <= 0) return null;
  const key = text.slice(0, at).trim();
  const value = text.slice(at + sep.length).trim();
  if (value === '' || !isKeyLike(key)) return null;
  // `http://…` and `10.0.0.1:8080` are values, not `key: value`.
  if (sep === ':' && value.startsWith('//')) return null;
  return [key, value];
}

function isKeyLike(key: string): boolean {
  if (key.length === 0 || key.length > MAX_KEY_CHARS) return false;
  if (key.split(' ').filter((w) => w !== '').length > MAX_KEY_WORDS) return false;
  const first = key.charCodeAt(0);
  if (!isLetter(first)) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (!(isLetter(c) || isDigit(c) || c === 95 /* _ */ || c === 32 || c === 45 /* - */ || c === 46 /* . */)) return false;
  }
  return true;
}

function normalizeKey(key: string): string | null {
  const k = key.trim().toLowerCase().split(' ').filter((w) => w !== '').join('_').split('-').join('_');
  return isKeyLike(k) ? k : null;
}

/** The texts between `open` and the next `close`, for each `open` in the line. */
function bracketed(line: string, open: string, close: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (;;) {
    const start = line.indexOf(open, from);
    if (start === -1) return out;
    const end = line.indexOf(close, start + open.length);
    if (end === -1) return out;
    out.push(line.slice(start + open.length, end));
    from = end + close.length;
  }
}

function splitItems(group: string, itemSep: string, kvSep: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const item of group.split(itemSep)) {
    const at = item.indexOf(kvSep);
    if (at <= 0) continue;
    const key = item.slice(0, at).trim();
    const value = item.slice(at + kvSep.length).trim();
    // Only label-name keys: a bracketed sentence must not turn into pairs.
    if (value !== '' && isLabelName(key)) out.push([key, value]);
  }
  return out;
}

function isLabelName(key: string): boolean {
  if (key.length === 0 || key.length > MAX_KEY_CHARS || !isLetter(key.charCodeAt(0))) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (!(isLetter(c) || isDigit(c) || c === 95)) return false;
  }
  return true;
}

function unquote(v: string): string {
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) return v.slice(1, -1);
  return v;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
