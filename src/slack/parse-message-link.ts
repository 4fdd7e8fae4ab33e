/**
 * Slack message links (`https://acme.slack.com/archives/C0123/p1700000000123456`, optionally
 * `?thread_ts=1700000000.000100&cid=C0123`) → channel and ts. Commands may deliver the link wrapped
 * as `<https://…>` or `<https://…|label>`.
 */
export interface MessageLink {
  channel: string;
  ts: string;
  /** The thread root when the linked message is a reply in a thread. */
  threadTs: string | null;
}

const LINK = /https:\/\/[A-Za-z0-9.-]{1,200}\.slack\.com\/archives\/([A-Z0-9]{5,30})\/p([0-9]{10})([0-9]{6})(?:\?([^\s<>|]{0,500}))?/;

export function parseMessageLink(text: string): MessageLink | null {
  const m = LINK.exec(text);
  if (!m) return null;
  const [, channel, secs, micros, query] = m;
  let threadTs: string | null = null;
  if (query) {
    const t = new URLSearchParams(query).get('thread_ts');
    if (t && /^[0-9]{10}\.[0-9]{6}$/.test(t)) threadTs = t;
  }
  const ts = `${secs}.${micros}`;
  return { channel: channel!, ts, threadTs: threadTs === ts ? null : threadTs };
}
