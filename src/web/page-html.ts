/**
 * The page's HTML and stylesheet, served as files (GET /, /assets/app.css) under a Content-Security-
 * Policy that allows no inline script or style: the script is /assets/app.js, the charts are
 * images from blob: URLs. Nothing here comes from a log.
 */

/** Served with every page response. Nothing third-party, nothing inline, no framing. */
export const PAGE_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

export function pageHtml(maxBytes: number): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>oom-triage</title>
<link rel="stylesheet" href="/assets/app.css">
<script type="module" src="/assets/app.js"></script>
</head>
<body data-max-bytes="${Math.floor(maxBytes)}">
<header>
  <h1>oom-triage</h1>
  <p class="tagline">Paste <code>dmesg</code>, <code>journalctl -k</code>, a syslog, a Doris <code>be.INFO</code> or <code>kubectl describe pod</code> output, or drop a file (<code>.gz</code> too). It is analysed on this server and nothing is kept.</p>
</header>
<main>
  <form id="input-form">
    <div id="drop-zone">
      <textarea id="log-text" spellcheck="false" autocomplete="off" placeholder="Paste a log here, or drop a file anywhere on this box"></textarea>
      <div class="input-bar">
        <label class="file-pick">Choose a file… <input id="file-input" type="file"></label>
        <span id="file-name"></span>
        <button id="analyze-button" type="submit">Analyse</button>
      </div>
    </div>
  </form>
  <p id="status" role="status" aria-live="polite"></p>
  <div id="line-viewer" hidden></div>
  <div id="results"></div>
  <noscript><p class="error">This page needs JavaScript to send the log and show the report. The CLI does the same: <code>oom-triage analyze FILE</code>.</p></noscript>
</main>
</body>
</html>
`;
}

export const PAGE_CSS = `
:root { --fg: #1f2328; --muted: #57606a; --line: #d0d7de; --bg: #f6f8fa; --red: #cf222e; --green: #1a7f37; --blue: #0969da; --yellow: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--fg); background: #fff; }
header, main { max-width: 1100px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 18px; }
h1 { margin: 0; font-size: 24px; }
.tagline { color: var(--muted); margin: 4px 0 14px; }
code, pre, textarea, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
#drop-zone { border: 2px dashed var(--line); border-radius: 8px; padding: 8px; background: var(--bg); }
#drop-zone.dragging { border-color: var(--blue); background: #ddf4ff; }
textarea { width: 100%; height: 170px; resize: vertical; border: 1px solid var(--line); border-radius: 6px; padding: 8px; white-space: pre; }
.input-bar { display: flex; gap: 12px; align-items: center; margin-top: 8px; }
.file-pick { color: var(--blue); cursor: pointer; }
.file-pick input { display: none; }
#file-name { color: var(--muted); flex: 1; }
button { font: inherit; border: 1px solid var(--line); background: #fff; border-radius: 6px; padding: 4px 12px; cursor: pointer; }
#analyze-button { background: var(--green); color: #fff; border-color: var(--green); padding: 6px 20px; font-weight: 600; }
#status { min-height: 1.5em; color: var(--muted); }
#status.error, .error { color: var(--red); font-weight: 600; }
.summary { font-size: 18px; font-weight: 600; margin: 6px 0 4px; }
.meta { color: var(--muted); font-size: 13px; }
section.event, section.doris { border: 1px solid var(--line); border-radius: 8px; margin: 16px 0; padding: 0 16px 12px; }
section.event > details > summary, section.doris > h2 { cursor: pointer; }
.verdict { font-size: 20px; margin: 12px 0 4px; }
.verdict.killed { color: var(--red); }
.cause { display: inline-block; background: #ffebe9; color: var(--red); border-radius: 12px; padding: 0 10px; font-size: 13px; font-weight: 600; }
h3 { font-size: 16px; margin: 18px 0 6px; border-bottom: 1px solid var(--line); padding-bottom: 2px; }
table { border-collapse: collapse; font-size: 13px; margin: 4px 0; }
th, td { border: 1px solid var(--line); padding: 2px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th[aria-sort="ascending"]::after { content: " ▲"; }
table.sortable th[aria-sort="descending"]::after { content: " ▼"; }
.evidence li { margin: 4px 0; list-style: none; }
.evidence ul { padding-left: 0; }
.line-ref { font-family: ui-monospace, "DejaVu Sans Mono", monospace; color: var(--blue); background: none; border: none; padding: 0 6px 0 0; text-decoration: underline; }
.evidence .text { background: var(--bg); padding: 0 4px; white-space: pre-wrap; word-break: break-all; }
.evidence .why { color: var(--muted); display: block; padding-left: 16px; }
.suggestion { margin: 8px 0 14px; }
.suggestion .title { font-weight: 600; }
.commands { margin: 4px 0 0 12px; }
.commands .kind { font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; }
.commands .kind.read { color: var(--green); }
.commands .kind.change { color: var(--yellow); }
.command { display: flex; gap: 8px; align-items: flex-start; margin: 3px 0; }
.command pre { margin: 0; flex: 1; background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: 3px 6px; white-space: pre-wrap; word-break: break-all; }
.command.change pre { border-color: #d4a72c; }
.charts img { display: block; max-width: 100%; height: auto; margin: 8px 0; border: 1px solid var(--line); border-radius: 6px; }
#line-viewer { position: fixed; left: 50%; transform: translateX(-50%); bottom: 12px; width: min(1060px, calc(100% - 24px)); max-height: 40vh; overflow: auto; z-index: 2; background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; padding: 6px 10px; box-shadow: 0 4px 16px rgba(0,0,0,.2); }
#line-viewer .close { float: right; border: none; background: none; font-size: 18px; line-height: 1; }
.show-all { margin: 4px 0; }
#line-viewer pre { margin: 0; white-space: pre-wrap; word-break: break-all; }
#line-viewer .hit { background: #ffd33d; font-weight: 600; }
.muted { color: var(--muted); }
`;
