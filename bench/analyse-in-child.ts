/**
 * Runs one analysis in a fresh node process, so its peak RSS is the analysis's own: the file is
 * read by the CLI's own reader (src/cli/open-input.ts) into createAnalyzer, and the child prints
 * its wall time (after loading the modules) and process.resourceUsage().maxRSS.
 *
 * The analyser comes from the build (dist/, what `npm ci` installs) when that is at least as new as
 * src/analysis and src/cli; otherwise from the sources through tsx, whose loader adds ~40 MB of RSS and some
 * time, so the table says which one ran.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ChildResult {
  ms: number;
  maxRssKb: number;
  bytes: number;
  kills: number;
  doris: boolean;
}

export interface AnalyserBuild {
  /** "dist" or "tsx". */
  kind: 'dist' | 'tsx';
  module: string;
}

/** The script the child runs; argv: FILE ("-" = load only) and the analyser module's URL. */
const CHILD_SCRIPT = `
const [file, moduleUrl] = process.argv.slice(1);
const { createAnalyzer } = await import(moduleUrl);
// The CLI's own file reader (open-input beside analysis/ in the same build), so the figure is the product's.
const { fileSource } = await import(new URL('../cli/open-input.' + (moduleUrl.endsWith('.ts') ? 'ts' : 'js'), moduleUrl).href);
const start = performance.now();
const analyzer = createAnalyzer();
if (file !== '-') for await (const chunk of fileSource(file).chunks()) analyzer.feed(chunk);
const report = analyzer.end();
const ms = performance.now() - start;
process.stdout.write(JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, bytes: report.input.bytes, kills: report.events.length, doris: report.doris !== null }) + '\\n');
`;

export function pickAnalyserBuild(root: string): AnalyserBuild {
  const dist = join(root, 'dist', 'analysis', 'analyze.js');
  const sources = Math.max(newestMtime(join(root, 'src', 'analysis')), newestMtime(join(root, 'src', 'cli')));
  if (existsSync(dist) && statSync(dist).mtimeMs >= sources) return { kind: 'dist', module: dist };
  return { kind: 'tsx', module: join(root, 'src', 'analysis', 'analyze.ts') };
}

export function analyseInChild(root: string, build: AnalyserBuild, file: string): ChildResult {
  const args = [...(build.kind === 'tsx' ? ['--import', 'tsx'] : []), '--input-type=module', '-e', CHILD_SCRIPT, file, pathToFileURL(build.module).href];
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1024 * 1024 });
  if (r.status !== 0) throw new Error(`the analysis child failed (${r.status}): ${r.stderr.split('\n').slice(0, 5).join(' ')}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as ChildResult;
}

export function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}
