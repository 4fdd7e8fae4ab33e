/**
 * The CLI as a function of its arguments and streams: parse, read, analyse, render, write.
 * Returns the exit status; only main.ts touches `process`.
 */
import { Report } from '../analysis/report/report-schema.js';
import { renderMarkdown } from '../render/markdown/render-markdown.js';
import { renderText } from '../render/text/render-text.js';
import { renderSummaryLines } from '../render/text/render-summary-lines.js';
import { analyzeInputs } from './analyze-inputs.js';
import { CliError, EXIT_ANALYSED, EXIT_BUG, EXIT_USAGE } from './cli-error.js';
import { HELP_TEXT } from './help-text.js';
import { fileSource, stdinSource, type InputSource } from './open-input.js';
import { parseCliArgs, type AnalyzeArgs, type ServeArgs } from './parse-cli-args.js';
import { startWebServer } from '../web/start-web-server.js';
import { useColor } from './use-color.js';

export interface CliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: Readonly<Record<string, string | undefined>>;
  version: string;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (args.command === 'help') {
      io.stdout.write(HELP_TEXT);
      return EXIT_ANALYSED;
    }
    if (args.command === 'version') {
      io.stdout.write(`oom-triage ${io.version}\n`);
      return EXIT_ANALYSED;
    }
    if (args.command === 'serve') return await serve(args, io);
    const { output, unreadable } = await analyze(args, io);
    // As grep does: what could be read is printed, each input that could not is named, and the
    // status says that something was missing.
    if (output !== null) io.stdout.write(output);
    for (const err of unreadable) io.stderr.write(`oom-triage: ${err.message}\n`);
    return unreadable.length > 0 ? EXIT_USAGE : EXIT_ANALYSED;
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr.write(`oom-triage: ${err.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`oom-triage: internal error, please report it: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_BUG;
  }
}

/** The rendered report (null when no input could be read at all) and the inputs that could not be read. */
async function analyze(args: AnalyzeArgs, io: CliIo): Promise<{ output: string | null; unreadable: CliError[] }> {
  const sources = inputSources(args.files, io);
  const { report, unreadable, read } = await analyzeInputs(sources, args.killTime);
  // Nothing read: a report of an empty input would only mislead.
  if (read === 0 && unreadable.length > 0) return { output: null, unreadable };
  return { output: render(report, args, io), unreadable };
}

function render(report: Report, args: AnalyzeArgs, io: CliIo): string {
  if (args.summary) return renderSummaryLines(report);
  if (args.format === 'json') {
    // Exactly the contract: parse (which also drops any field the schema does not name) before printing.
    const checked = Report.safeParse(report);
    if (!checked.success) throw new Error(`the report does not match its schema: ${checked.error.issues[0]?.message ?? ''}`);
    return `${JSON.stringify(checked.data, null, 2)}\n`;
  }
  if (args.format === 'markdown') return renderMarkdown(report);
  return renderText(report, { color: useColor(io.env, io.stdout.isTTY === true) });
}

/** MAX_FILE_BYTES from the environment (as the bot reads it), default 50 MiB. */
function maxBytesFrom(env: CliIo['env']): number {
  const raw = env['MAX_FILE_BYTES'];
  if (raw === undefined || raw === '') return 50 * 1024 * 1024;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new CliError('usage', 'MAX_FILE_BYTES must be a positive whole number of bytes');
  return n;
}

/** Runs the page until the process is stopped (Ctrl-C); no Slack, no Redis. */
async function serve(args: ServeArgs, io: CliIo): Promise<number> {
  let server;
  try {
    server = await startWebServer({ port: args.port, host: args.host, maxBytes: maxBytesFrom(io.env) });
  } catch (err) {
    throw new CliError('usage', `cannot listen on ${args.host}:${args.port}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : args.port;
  const shown = args.host.includes(':') ? `[${args.host}]` : args.host;
  io.stdout.write(`oom-triage: the page is at http://${shown}:${port}/ (Ctrl-C stops it)\n`);
  await new Promise<void>((resolve) => server.once('close', () => resolve()));
  return EXIT_ANALYSED;
}

function inputSources(files: readonly string[], io: CliIo): InputSource[] {
  if (files.length === 0) {
    if (io.stdin.isTTY) throw new CliError('usage', "no input: give a FILE, or pipe a log in (dmesg -T | oom-triage analyze -); see --help");
    return [stdinSource(io.stdin)];
  }
  return files.map((f) => (f === '-' ? stdinSource(io.stdin) : fileSource(f)));
}
