/**
 * Look at the reply the way a user does: renders Block Kit JSON into HTML that imitates Slack's
 * thread pane (480 px) and a phone (390 px), screenshots each with headless Chromium (Debian's
 * `chromium`), and writes the PNGs. One picture per kind of reply: a cgroup kill, a machine out of
 * memory with Doris, several kills, a Doris be.INFO alone, the buttons' parts (Memory with its chart),
 * an enriched alert with its memory graph, Home.
 *
 *   node --import tsx scripts/render-slack-preview.ts [out-dir]   (default docs/slack)
 *
 * The imitation covers what the reply uses (header, section text and fields, context, actions,
 * divider, table, mrkdwn bold/italic/code/pre/links, file attachments as images); it is a reading
 * aid, not Slack's renderer.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyzeText } from '../src/analysis/analyze.js';
import { alertChart, replyChart } from '../src/render/chart/render-charts.js';
import { readOomAlert } from '../src/analysis/alerts/read-alert.js';
import { triageAlert, withAlert } from '../src/analysis/alerts/triage-alert.js';
import { renderAlertBlocks } from '../src/render/slack/render-alert-blocks.js';
import { renderFirstMessage } from '../src/render/slack/render-first-message.js';
import { renderEvidence, renderMemory, renderSuggestions } from '../src/render/slack/render-reply-parts.js';
import { homeView, recentKillsSection } from '../src/slack/home-view.js';
import { renderChartPng } from '../src/worker/render-chart-png.js';

const ROOT = new URL('../', import.meta.url).pathname;
const OUT = resolve(process.argv[2] ?? join(ROOT, 'docs', 'slack'));
const WIDTHS = { pane: 480, phone: 390 } as const;

type Block = {
  type: string;
  text?: { type: string; text: string };
  fields?: Array<{ text: string }>;
  elements?: Array<{ type?: string; text: string | { text: string }; style?: string }>;
  rows?: Array<Array<{ text: string }>>;
  column_settings?: Array<{ align?: string }>;
};
interface Shown {
  blocks?: Block[];
  /** A PNG shown as a file in the thread. */
  image?: Buffer;
}

const escHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Slack mrkdwn (already entity-escaped by the renderer) → HTML. */
function mrkdwn(text: string): string {
  const parts = text.split('```');
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return `<pre>${part.replace(/^\n/, '')}</pre>`;
      return part
        .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '<a href="$1">$2</a>')
        .replace(/<!date\^\d+\^[^|]+\|([^>]+)>/g, '$1')
        .replace(/`([^`\n]+)`/g, '<code>$1</code>')
        .replace(/(^|[\s(])\*([^*\n]+)\*/g, '$1<b>$2</b>')
        .replace(/(^|[\s(])_([^_\n]+)_/g, '$1<i>$2</i>')
        .replace(/:warning:/g, '⚠️')
        .replace(/:information_source:/g, 'ℹ️')
        .replace(/\n/g, '<br>');
    })
    .join('');
}

function blockHtml(b: Block): string {
  switch (b.type) {
    case 'header':
      return `<div class="header">${escHtml(b.text!.text)}</div>`;
    case 'section':
      return `<div class="section">${b.text ? `<div>${mrkdwn(b.text.text)}</div>` : ''}${b.fields ? `<div class="fields">${b.fields.map((f) => `<div>${mrkdwn(f.text)}</div>`).join('')}</div>` : ''}</div>`;
    case 'context':
      return `<div class="context">${(b.elements ?? []).map((e) => mrkdwn(typeof e.text === 'string' ? e.text : e.text.text)).join(' ')}</div>`;
    case 'actions':
      return `<div class="actions">${(b.elements ?? []).map((e) => `<span class="button ${e.style ?? ''}">${escHtml(typeof e.text === 'string' ? e.text : e.text.text)}</span>`).join('')}</div>`;
    case 'divider':
      return '<hr>';
    case 'table':
      return `<table>${(b.rows ?? []).map((r, i) => `<tr>${r.map((c, j) => `<${i === 0 ? 'th' : 'td'} style="text-align:${b.column_settings?.[j]?.align ?? 'left'}">${escHtml(c.text)}</${i === 0 ? 'th' : 'td'}>`).join('')}</tr>`).join('')}</table>`;
    default:
      return `<div class="context">[${b.type}]</div>`;
  }
}

function page(title: string, messages: Shown[], width: number): string {
  const body = messages
    .map((m) => {
      const inner = m.image ? `<img class="file" src="data:image/png;base64,${m.image.toString('base64')}">` : (m.blocks ?? []).map(blockHtml).join('');
      return `<div class="msg"><div class="avatar">OT</div><div class="content"><div class="who">oom-triage <span class="app">APP</span> <span class="time">10:42</span></div>${inner}</div></div>`;
    })
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>0</title><style>
body{margin:0;background:#fff;font:15px/1.46668 "DejaVu Sans",Lato,Arial,sans-serif;color:#1d1c1d;width:${width}px}
.pane{border-left:1px solid #ddd;min-height:100px}
.bar{font-weight:900;padding:10px 16px;border-bottom:1px solid #ddd;font-size:16px}
.msg{display:flex;padding:8px ${width < 420 ? 12 : 16}px;gap:8px}
.avatar{width:36px;height:36px;border-radius:6px;background:#3b3f45;color:#fff;display:flex;align-items:center;justify-content:center;flex:none}
.content{min-width:0;flex:1}
.who{font-weight:900}.app{font-size:10px;background:#eee;color:#616061;padding:1px 3px;border-radius:2px;font-weight:700}.time{font-weight:400;color:#616061;font-size:12px}
.header{font-weight:900;font-size:18px;line-height:1.33;margin:4px 0}
.section{margin:6px 0;overflow-wrap:anywhere}
.fields{display:grid;grid-template-columns:1fr 1fr;gap:8px 16px;margin-top:4px}
.context{font-size:13px;color:#616061;margin:6px 0}
pre{font:12px/1.5 "DejaVu Sans Mono",Monaco,Menlo,monospace;background:#f8f8f8;border:1px solid #e2e2e2;border-radius:4px;padding:8px;margin:4px 0;white-space:pre-wrap;overflow-wrap:anywhere}
code{font:12px "DejaVu Sans Mono",monospace;color:#c01343;background:#f6f6f6;border:1px solid #e2e2e2;border-radius:3px;padding:0 2px}
a{color:#1264a3;text-decoration:none}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
.button{border:1px solid #bbb;border-radius:4px;padding:3px 10px;font-weight:700;font-size:13px}
.button.primary{background:#007a5a;color:#fff;border-color:#007a5a}
hr{border:0;border-top:1px solid #ddd}
img.file{max-width:100%;border:1px solid #ddd;border-radius:6px}
table{border-collapse:collapse;margin:6px 0;font-size:14px;max-width:100%}
th,td{border:1px solid #ddd;padding:4px 8px;white-space:nowrap}
th{background:#f8f8f8;font-weight:700}
</style></head><body><div class="pane"><div class="bar">${escHtml(title)}</div>${body}</div>
<script>document.title=String(document.documentElement.scrollHeight)</script></body></html>`;
}

function chromium(args: string[]): string {
  return execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--force-device-scale-factor=1', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

function screenshot(html: string, width: number, out: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'slack-preview-'));
  const file = join(dir, 'page.html');
  writeFileSync(file, html);
  // First the page's height (its script writes it into the title), then a screenshot that tall.
  const dom = chromium(['--dump-dom', '--virtual-time-budget=2000', `--window-size=${width},800`, `file://${file}`]);
  const height = Math.min(8000, Number(/<title>(\d+)<\/title>/.exec(dom)?.[1] ?? 1200));
  chromium([`--screenshot=${out}`, `--window-size=${width},${height}`, `file://${file}`]);
}

function analyse(...files: string[]) {
  return analyzeText(Buffer.concat(files.map((f) => readFileSync(join(ROOT, f)))));
}

const cgroup = analyse('examples/cgroup-v1-parent-limit.log');
const dorisKill = analyse('examples/doris-be-killed.dmesg-T.log', 'examples/doris-be-2.1.5.be.INFO');
const doris = analyse('examples/doris-be-2.1.5.be.INFO');
const several = analyse('test/fixtures/kernel/4.19-three-global-ooms-second-slab-leak-third-panic-on-oom.log');
const k8s = analyse('test/fixtures/public/kernel/aks-5.15-cgroup-v2-kubepods-pod-limit-syslog.log');
// An Alertmanager alert enriched from the cluster: its working set (a made-up hour climbing from
// 200 MiB to the 512 MiB limit, as Prometheus would return it) is the picture under the answer.
const alertFacts = readOomAlert({ text: readFileSync(join(ROOT, 'test/fixtures/alerts/alertmanager-description-template-oom-killer.txt'), 'utf8') })!;
const MiB = 1024 * 1024;
const hourAgo = Date.UTC(2026, 11, 7, 9, 40) / 1000;
const workingSet = Array.from({ length: 241 }, (_, i): [number, number] => [hourAgo + i * 15, Math.round((200 + 310 * (i / 240) ** 1.5 + (i % 9)) * MiB)]);
const alerted = withAlert(analyzeText(''), triageAlert(alertFacts, {
  pod: null,
  node: null,
  events: [],
  gaps: [],
  memory: { metric: 'container_memory_working_set_bytes', start: '', end: '', stepSeconds: 15, points: workingSet, peakBytes: Math.max(...workingSet.map(([, v]) => v)), limitBytes: 512 * MiB },
}));
const alertPicture = alertChart(alerted);

const chart = (r: typeof cgroup) => {
  const c = replyChart(r);
  return c ? [{ image: renderChartPng(c.svg) }] : [];
};

const kinds: Array<{ name: string; title: string; messages: Shown[]; phone?: boolean }> = [
  { name: 'cgroup-kill', phone: true, title: 'Thread · #ops', messages: [renderFirstMessage(cgroup, { jobId: 'j' })] },
  { name: 'doris-kill', phone: true, title: 'Thread · #doris', messages: [renderFirstMessage(dorisKill, { jobId: 'j' })] },
  { name: 'doris-be-info', title: 'Thread · #doris', messages: [renderFirstMessage(doris, { jobId: 'j' })] },
  { name: 'several-kills', title: 'Thread · #ops', messages: [renderFirstMessage(several, { jobId: 'j' })] },
  { name: 'kubernetes-pod', title: 'Thread · #k8s', messages: [renderFirstMessage(k8s, { jobId: 'j' })] },
  { name: 'button-evidence', title: 'Thread · Evidence', messages: renderEvidence(cgroup) },
  { name: 'button-suggestions', title: 'Thread · All suggestions', messages: renderSuggestions(dorisKill) },
  { name: 'button-memory', title: 'Thread · Memory', messages: [...renderMemory(dorisKill), ...chart(dorisKill)] },
  { name: 'button-memory-cgroup', title: 'Thread · Memory', messages: [...renderMemory(cgroup), ...chart(cgroup)] },
  { name: 'incident-alert', title: 'Thread · #incidents', messages: [renderAlertBlocks(alerted.alert!), ...(alertPicture ? [{ image: renderChartPng(alertPicture.svg) }] : [])] },
  {
    name: 'home-tab',
    title: 'oom-triage · Home',
    messages: [{ blocks: homeView(recentKillsSection([{ analysedAt: Date.UTC(2026, 11, 7, 9, 12), permalink: 'https://x.slack.com/archives/C1/p1', program: 'test', pid: 30211, host: 'ecs-prod-7', cgroup: '/mm_test/2', cause: 'parent_cgroup_limit', limitKb: 204800, usageKb: 204800 }], 90), 50).blocks as Block[] }],
  },
];

mkdirSync(OUT, { recursive: true });
for (const kind of kinds) {
  // The pane for every kind; the phone for the first messages people read most.
  for (const [device, width] of Object.entries(WIDTHS).filter(([d]) => d === 'pane' || kind.phone || process.env['PREVIEW_ALL'])) {
    const out = join(OUT, `${kind.name}.${device}.png`);
    screenshot(page(kind.title, kind.messages, width), width, out);
    console.log(out);
  }
}
