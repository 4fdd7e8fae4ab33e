// @ts-check
/**
 * The page's script: sends the pasted text or the dropped file to POST /api/analyze and draws the
 * answer. Plain JavaScript, type-checked by tsc (tsconfig.web.json), no framework, no bundler.
 * Everything from the log reaches the page through textContent or as an <img> of a chart, never
 * as markup. Sizes in the report arrive written out by the server (src/analysis/units.ts).
 */
import { formatBytes as bytes } from './format-bytes.js';

/** @typedef {{ run: string, effect: 'read' | 'change' }} Command */
/** @typedef {{ id: string, title: string, detail: string, commands: Command[] }} Suggestion */
/** @typedef {{ file: string | null, line: number, text: string, why: string }} Evidence */
/** @typedef {{ pid: number, uid: number | null, tgid: number | null, totalVmKb: number | null, rssKb: number, rssAnonKb: number | null, rssFileKb: number | null, rssShmemKb: number | null, pgtablesKb: number | null, swapEntries: number | null, oomScoreAdj: number | null, comm: string }} TaskRow */
/** @typedef {{ node: number | null, zone: string, freeKb: number, minKb: number | null, lowKb: number | null, highKb: number | null, buddy: number[] }} Zone */
/** @typedef {{ source: string, trigger: { gfpMask: string | null, gfpFlags: string[] } | null, evidence: Evidence[], suggestions: Suggestion[], zones: Zone[], tasks: TaskRow[], tasksOmitted: number, memcg: { stat: Record<string, number> | null, version: number | null } | null, kernelVersion: string | null }} OomEvent */
/** @typedef {{ label: string, usedBytes: number | null, peakBytes: number | null, limitBytes: number | null, type: string | null }} Tracker */
/** @typedef {{ detail: string, evidence: { line: number, text: string }[] }} Finding */
/** @typedef {{ summaryTime: string | null, killTime: string | null, processResidentBytes: number | null, limitBytes: number | null, sumOfTrackersBytes: number | null, trackedRatio: number | null, trackers: Tracker[], findings: Finding[], suggestions: Suggestion[] }} DorisReport */
/** @typedef {{ summary: string, input: { bytes: number, lines: number, formats: string[] }, events: OomEvent[], doris: DorisReport | null }} Report */
/** @typedef {{ title: string, cause: string, context: string, sentence: string, factors: string | null, factorsLabel: string, victim: string | null, cgroup: string[], trigger: string | null, memInfo: [string, string][], zones: string[][], tasks: string[][] }} EventView */
/** @typedef {{ facts: [string, string][], trackers: string[][] }} DorisView */
/** @typedef {{ id: string, title: string, svg: string }} Chart */
/** @typedef {{ report: Report, events: EventView[], charts: Chart[], inputSize: string, taskColumns: string[], doris: DorisView | null }} ReportView */

/** @param {string} id */
function byId(id) {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`#${id} missing`);
  return el;
}

/**
 * @param {string} tag
 * @param {{ className?: string, text?: string, attrs?: Record<string, string> }} [o]
 * @param {(Node | string)[]} [children]
 */
function el(tag, o = {}, children = []) {
  const node = document.createElement(tag);
  if (o.className) node.className = o.className;
  if (o.text !== undefined) node.textContent = o.text;
  for (const [k, v] of Object.entries(o.attrs ?? {})) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

const textBox = /** @type {HTMLTextAreaElement} */ (byId('log-text'));
const fileInput = /** @type {HTMLInputElement} */ (byId('file-input'));
const status = byId('status');
const results = byId('results');
const viewer = byId('line-viewer');
/** @type {Blob | null} the dropped file's bytes, sent as they are (.gz included) */
let droppedFile = null;

/** @param {string} message @param {boolean} [isError] */
function say(message, isError = false) {
  status.textContent = message;
  status.classList.toggle('error', isError);
}

/** Shows a dropped file's name; its text goes into the box when the browser can read it (gunzipped too), so evidence lines can be shown in it. @param {File} file */
async function takeFile(file) {
  droppedFile = file;
  byId('file-name').textContent = `${file.name} (${bytes(file.size)})`;
  const max = Number(document.body.dataset['maxBytes'] ?? '0');
  if (file.size > Math.min(max, 20 * 1024 * 1024)) {
    textBox.value = '';
    return;
  }
  try {
    const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
    const gz = head[0] === 0x1f && head[1] === 0x8b;
    const stream = gz ? file.stream().pipeThrough(new DecompressionStream('gzip')) : file.stream();
    const text = await new Response(stream).text();
    textBox.value = text.length <= 20 * 1024 * 1024 ? text : '';
  } catch {
    textBox.value = '';
  }
}

textBox.addEventListener('input', () => {
  droppedFile = null;
  byId('file-name').textContent = '';
});
fileInput.addEventListener('change', () => {
  const f = fileInput.files?.[0];
  if (f) void takeFile(f);
});
const zone = byId('drop-zone');
zone.addEventListener('dragover', (ev) => { ev.preventDefault(); zone.classList.add('dragging'); });
zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
zone.addEventListener('drop', (ev) => {
  ev.preventDefault();
  zone.classList.remove('dragging');
  const f = ev.dataTransfer?.files[0];
  if (f) void takeFile(f).then(() => analyse());
});
byId('input-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  void analyse();
});

async function analyse() {
  const body = droppedFile ?? new Blob([textBox.value], { type: 'text/plain' });
  if (body.size === 0) {
    say('Paste a log or choose a file first.', true);
    return;
  }
  say(`Analysing ${bytes(body.size)}…`);
  results.replaceChildren();
  viewer.hidden = true;
  let res;
  try {
    res = await fetch('/api/analyze', { method: 'POST', body, headers: { 'content-type': 'application/octet-stream' } });
  } catch {
    say('The server could not be reached, or it closed the connection (an input over the size limit?).', true);
    return;
  }
  /** @type {any} */
  let answer = null;
  try { answer = await res.json(); } catch { answer = null; }
  if (!res.ok) {
    say(answer && typeof answer.message === 'string' ? answer.message : `The server answered ${res.status}.`, true);
    return;
  }
  say('');
  draw(/** @type {ReportView} */ (answer));
}

/** @param {ReportView} view */
function draw(view) {
  const { report } = view;
  results.append(
    el('p', { className: 'summary', text: report.summary, attrs: { id: 'summary' } }),
    el('p', { className: 'meta', text: `${report.input.lines} lines, ${view.inputSize}${report.input.formats.length ? ` · ${report.input.formats.join(', ')}` : ''}` }),
  );
  // The picture the Slack reply posts (the same SVG), before the per-kill sections; with no kill,
  // it is the Doris chart and goes in the Doris section.
  const reply = view.charts.filter((c) => c.id === 'reply');
  if (reply.length && report.events.length) results.append(chartImages(reply));
  report.events.forEach((e, i) => results.append(eventSection(e, view.events[i], view.charts.filter((c) => c.id.startsWith(`e${i + 1}-`)), view.taskColumns, i, report.events.length)));
  if (report.doris && view.doris) results.append(dorisSection(report.doris, view.doris, view.charts.filter((c) => c.id === 'doris' || (c.id === 'reply' && !report.events.length))));
}

/** @param {OomEvent} e @param {EventView | undefined} v @param {Chart[]} charts @param {string[]} taskColumns @param {number} i @param {number} count */
function eventSection(e, v, charts, taskColumns, i, count) {
  const section = el('section', { className: 'event', attrs: { id: `event-${i + 1}` } });
  const details = /** @type {HTMLDetailsElement} */ (el('details'));
  details.open = i < 3;
  const head = el('summary', {}, [el('span', { className: 'verdict killed', text: `${count > 1 ? `${i + 1}. ` : ''}${v?.title ?? 'OOM event'}` })]);
  details.append(head);
  if (v) {
    details.append(
      el('p', {}, [el('span', { className: 'cause', text: v.cause })]),
      el('p', { className: 'meta', text: v.context }),
      el('p', { className: 'sentence', text: v.sentence }),
    );
    if (v.factors) details.append(el('p', { text: `${v.factorsLabel}: ${v.factors}` }));
  }
  if (e.evidence.length) details.append(el('h3', { text: 'Evidence' }), evidenceList(e.evidence));
  if (e.suggestions.length) details.append(el('h3', { text: 'Suggestions' }), suggestionList(e.suggestions));
  details.append(memorySection(e, v, charts, taskColumns));
  section.append(details);
  return section;
}

/** @param {{ line: number, text: string, why?: string }[]} evidence */
function evidenceList(evidence) {
  const list = el('ul');
  for (const ev of evidence) {
    const ref = el('button', { className: 'line-ref', text: `line ${ev.line}`, attrs: { type: 'button', 'data-line': String(ev.line) } });
    ref.addEventListener('click', () => showLine(ev.line, ev.text));
    const item = el('li', {}, [ref, el('code', { className: 'text', text: ev.text })]);
    if (ev.why) item.append(el('span', { className: 'why', text: `→ ${ev.why}` }));
    list.append(item);
  }
  return el('div', { className: 'evidence' }, [list]);
}

/** Shows line `n` of the pasted text (with two lines either side) and selects it in the box. @param {number} n @param {string} fallback */
function showLine(n, fallback) {
  const lines = textBox.value.split('\n');
  const close = el('button', { className: 'close', text: '×', attrs: { type: 'button', 'aria-label': 'Close' } });
  close.addEventListener('click', () => { viewer.hidden = true; });
  viewer.replaceChildren(close);
  viewer.hidden = false;
  if (lines.length < n) {
    viewer.append(el('div', { className: 'muted', text: `line ${n} (the input is not in the box):` }), el('pre', { className: 'hit', text: fallback }));
    return;
  }
  const pre = el('pre');
  for (let k = Math.max(1, n - 2); k <= Math.min(lines.length, n + 2); k++) {
    pre.append(el('span', { className: k === n ? 'hit' : '', text: `${String(k).padStart(6)}  ${lines[k - 1]}` }), '\n');
  }
  viewer.append(el('div', { className: 'muted', text: `line ${n} of the input` }), pre);
  const start = lines.slice(0, n - 1).reduce((a, l) => a + l.length + 1, 0);
  textBox.focus({ preventScroll: true });
  textBox.setSelectionRange(start, start + (lines[n - 1] ?? '').length);
  const lineHeight = textBox.scrollHeight / Math.max(1, lines.length);
  textBox.scrollTop = Math.max(0, (n - 3) * lineHeight);
}

/** @param {Suggestion[]} suggestions */
function suggestionList(suggestions) {
  const box = el('div', { className: 'suggestions' });
  for (const s of suggestions) {
    const item = el('div', { className: 'suggestion', attrs: { 'data-id': s.id } }, [el('div', { className: 'title', text: s.title }), el('div', { className: 'detail', text: s.detail })]);
    for (const [effect, label] of /** @type {const} */ ([['read', 'Inspect (read-only)'], ['change', 'Change (review first)']])) {
      const cmds = s.commands.filter((c) => c.effect === effect);
      if (!cmds.length) continue;
      const group = el('div', { className: `commands ${effect}` }, [el('div', { className: `kind ${effect}`, text: label })]);
      for (const c of cmds) {
        const copy = el('button', { text: 'Copy', attrs: { type: 'button', 'aria-label': `Copy: ${c.run}` } });
        copy.addEventListener('click', () => {
          navigator.clipboard.writeText(c.run).then(() => { copy.textContent = 'Copied'; }, () => { copy.textContent = 'Select and copy'; });
        });
        group.append(el('div', { className: `command ${effect}` }, [el('pre', { text: c.run }), copy]));
      }
      item.append(group);
    }
    box.append(item);
  }
  return box;
}

/** @param {Chart[]} charts */
function chartImages(charts) {
  const box = el('div', { className: 'charts' });
  for (const c of charts) {
    const img = /** @type {HTMLImageElement} */ (el('img', { className: 'chart', attrs: { alt: c.title, 'data-chart': c.id } }));
    // An <img> never runs script, whatever the SVG holds; blob: keeps the CSP free of data: and inline.
    img.src = URL.createObjectURL(new Blob([c.svg], { type: 'image/svg+xml' }));
    box.append(img);
  }
  return box;
}

/** @param {string[]} head @param {string[][]} rows @param {boolean[]} numeric @param {boolean} [sortable] */
function table(head, rows, numeric, sortable = false) {
  const t = el('table', { className: sortable ? 'sortable' : '' });
  const tr = el('tr');
  head.forEach((h, i) => tr.append(el('th', { text: h, className: numeric[i] ? 'num' : '' })));
  const tbody = el('tbody');
  for (const r of rows) tbody.append(el('tr', {}, r.map((c, i) => el('td', { text: c, className: numeric[i] ? 'num' : '' }))));
  // Key/value tables have no header row.
  if (head.some((h) => h !== '')) t.append(el('thead', {}, [tr]));
  t.append(tbody);
  return t;
}

/**
 * The task table, sortable by any column (numbers by value, not by their text). The cells are the
 * server's (sizes written out); the values sorted on are the report's.
 * @param {TaskRow[]} tasks @param {string[][]} cells one row per task, in `columns` order @param {string[]} columns
 */
function taskTable(tasks, cells, columns) {
  /** @type {[string, (t: TaskRow) => number | string | null][]} */
  const keys = [
    ['pid', (t) => t.pid],
    ['uid', (t) => t.uid],
    ['total_vm', (t) => t.totalVmKb],
    ['rss', (t) => t.rssKb],
    ['rss_anon', (t) => t.rssAnonKb],
    ['rss_file', (t) => t.rssFileKb],
    ['pgtables', (t) => t.pgtablesKb],
    ['swapents', (t) => t.swapEntries],
    ['oom_score_adj', (t) => t.oomScoreAdj],
    ['name', (t) => t.comm],
  ];
  const cellsOf = new Map(tasks.map((t, i) => [t, cells[i] ?? []]));
  /** @type {[string, (t: TaskRow) => number | string | null, (t: TaskRow) => string][]} */
  const cols = keys.map(([name, key]) => {
    const at = columns.indexOf(name);
    return [name, key, (t) => cellsOf.get(t)?.[at] ?? ''];
  });
  const numeric = cols.map(([name]) => name !== 'name');
  let rows = [...tasks];
  const t = table(cols.map(([h]) => h), [], numeric, true);
  t.id = '';
  t.classList.add('tasks');
  const tbody = /** @type {HTMLElement} */ (t.querySelector('tbody'));
  // The first rows in the chosen order; a button shows the rest.
  let shown = Math.min(rows.length, 25);
  const more = el('button', { className: 'show-all', attrs: { type: 'button' } });
  const fill = () => {
    tbody.replaceChildren(...rows.slice(0, shown).map((r) => el('tr', {}, cols.map(([, , show], i) => el('td', { text: show(r), className: numeric[i] ? 'num' : '' })))));
    more.textContent = `Show all ${rows.length} rows`;
    more.hidden = shown >= rows.length;
  };
  more.addEventListener('click', () => { shown = rows.length; fill(); });
  fill();
  t.querySelectorAll('th').forEach((th, i) => {
    th.addEventListener('click', () => {
      const dir = th.getAttribute('aria-sort') === 'descending' ? 'ascending' : 'descending';
      t.querySelectorAll('th').forEach((o) => o.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', dir);
      const key = /** @type {(t: TaskRow) => number | string | null} */ (cols[i]?.[1]);
      rows.sort((a, b) => {
        const x = key(a);
        const y = key(b);
        const c = x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
        return dir === 'ascending' ? c : -c;
      });
      fill();
    });
  });
  return el('div', { className: 'task-table' }, [t, more]);
}

/** @param {OomEvent} e @param {EventView | undefined} v @param {Chart[]} charts @param {string[]} taskColumns */
function memorySection(e, v, charts, taskColumns) {
  const box = el('div', { className: 'memory' }, [el('h3', { text: 'Memory' })]);
  const facts = [];
  if (v?.victim) facts.push(['Victim', v.victim]);
  if (v?.cgroup.length) facts.push(['Cgroup', v.cgroup.join('; ')]);
  if (v?.trigger) facts.push(['Trigger', v.trigger]);
  if (e.trigger?.gfpFlags.length) facts.push(['GFP flags', e.trigger.gfpFlags.join(' | ')]);
  if (e.kernelVersion) facts.push(['Kernel', e.kernelVersion]);
  if (facts.length) box.append(table(['', ''], facts, [false, false]));
  if (charts.length) box.append(chartImages(charts));
  if (v?.memInfo.length) box.append(el('h3', { text: 'Mem-Info' }), table(['', ''], v.memInfo, [false, true]));
  if (v?.zones.length) {
    box.append(el('h3', { text: 'Zones and buddy lists' }), table(
      ['zone', 'free', 'min', 'low', 'high', 'state', 'free blocks per order (order:count)'],
      v.zones,
      [false, true, true, true, true, false, false],
    ));
  }
  const stat = e.memcg?.stat;
  if (stat) box.append(el('h3', { text: `memory.stat of the OOM cgroup${e.memcg?.version === 2 ? ' (bytes)' : ''}` }), table(['key', 'value'], Object.entries(stat).map(([k, n]) => [k, String(n)]), [false, true]));
  if (e.tasks.length) {
    box.append(el('h3', { text: `Task table${e.tasksOmitted ? ` (${e.tasksOmitted} more rows not kept)` : ''} — click a column to sort` }), taskTable(e.tasks, v?.tasks ?? [], taskColumns));
  }
  return box;
}

/** @param {DorisReport} d @param {DorisView} dv @param {Chart[]} charts */
function dorisSection(d, dv, charts) {
  const box = el('section', { className: 'doris', attrs: { id: 'doris' } }, [el('h2', { className: 'verdict', text: 'Apache Doris BE memory' })]);
  box.append(table(['', ''], dv.facts, [false, true]));
  if (charts.length) box.append(chartImages(charts));
  for (const f of d.findings) {
    box.append(el('p', { text: f.detail }));
    if (f.evidence.length) box.append(evidenceList(f.evidence));
  }
  if (d.suggestions.length) box.append(el('h3', { text: 'Suggestions' }), suggestionList(d.suggestions));
  if (dv.trackers.length) {
    box.append(el('h3', { text: 'Memory trackers' }), table(['label', 'type', 'used', 'peak', 'limit'], dv.trackers, [false, false, true, true, true]));
  }
  return box;
}

// A module (loaded with type="module"): nothing here leaks into the global scope.
export {};
