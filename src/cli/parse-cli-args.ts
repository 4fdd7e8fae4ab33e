/**
 * `oom-triage [--help] [--version] analyze [--format F | --summary] [--kill-time T] [FILE|-]...`
 * `oom-triage serve [--port N] [--host H]`
 * parsed with node:util parseArgs, then validated with zod so every mistake becomes one line.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CliError } from './cli-error.js';

export const OUTPUT_FORMATS = ['text', 'markdown', 'json'] as const;

/** ISO 8601 or `YYYY-MM-DD HH:MM:SS` (what be.INFO and `dmesg -T` times normalise to), with an optional zone to refuse clearly. */
const KILL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Whether the date is on the calendar and the time on the clock (Date.parse takes 2024-02-30 and 24:00). */
function isRealDateTime(text: string): boolean {
  const m = KILL_TIME.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59;
}

const AnalyzeArgs = z.object({
  command: z.literal('analyze'),
  format: z.enum(OUTPUT_FORMATS, { error: () => `--format must be one of ${OUTPUT_FORMATS.join(', ')}` }).default('text'),
  /** One line per kill instead of the report (--summary, -q/--quiet). */
  summary: z.boolean().default(false),
  killTime: z
    .string()
    .regex(KILL_TIME, { error: () => '--kill-time must look like 2024-07-18 15:03:59 or 2024-07-18T15:03:59' })
    .refine(isRealDateTime, { error: () => '--kill-time is not a real date and time' })
    // The log's times carry no zone (dmesg -T and be.INFO print the machine's local time), so a zone
    // could only be dropped, and the wrong summary picked: refused instead.
    .refine((t) => KILL_TIME.exec(t)?.[7] === undefined, {
      error: () => "--kill-time has a time zone, but the log's times have none: give the kill time as the log prints it, e.g. 2024-07-18 15:03:59",
    })
    .nullable(),
  files: z.array(z.string().min(1, { error: () => 'an empty file name was given' })).refine((f) => f.filter((x) => x === '-').length <= 1, {
    error: () => 'stdin (-) can be read only once',
  }),
});
export type AnalyzeArgs = z.infer<typeof AnalyzeArgs>;

const ServeArgs = z.object({
  command: z.literal('serve'),
  /** Default 8080. */
  port: z.coerce.number({ error: () => '--port must be a number' }).int({ error: () => '--port must be a whole number' }).min(0, { error: () => '--port must be 0–65535' }).max(65535, { error: () => '--port must be 0–65535' }).default(8080),
  /** Default 127.0.0.1 (this machine only); 0.0.0.0 to let others reach it. */
  host: z.string().min(1).default('127.0.0.1'),
});
export type ServeArgs = z.infer<typeof ServeArgs>;

export type CliCommand = { command: 'help' } | { command: 'version' } | AnalyzeArgs | ServeArgs;

export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        'kill-time': { type: 'string' },
        summary: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (err) {
    throw new CliError('usage', describeParseError(err));
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...files] = positionals;
  if (command === undefined) throw new CliError('usage', "missing command: try 'oom-triage analyze FILE' or 'oom-triage --help'");
  if (command === 'serve') {
    if (files.length > 0) throw new CliError('usage', "serve takes no files: open the page and paste or drop them there");
    const served = ServeArgs.safeParse({ command, port: values.port, host: values.host });
    if (!served.success) throw new CliError('usage', served.error.issues[0]?.message ?? 'invalid arguments');
    return served.data;
  }
  if (command !== 'analyze') throw new CliError('usage', `unknown command '${command}': the commands are 'analyze' and 'serve' (see --help)`);
  if (values.port !== undefined || values.host !== undefined) throw new CliError('usage', '--port and --host belong to serve (see --help)');
  const summary = values.summary === true || values.quiet === true;
  if (summary && values.format !== undefined) throw new CliError('usage', '--summary prints one line per kill: it cannot be combined with --format');
  const result = AnalyzeArgs.safeParse({ command, format: values.format, summary, killTime: values['kill-time'] ?? null, files });
  if (!result.success) throw new CliError('usage', result.error.issues[0]?.message ?? 'invalid arguments');
  return result.data;
}

function describeParseError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  const quoted = /'(-[^']*)'/.exec(message)?.[1] ?? '';
  // Node quotes "-f, --format <value>" for a missing value and "--bogus" for an unknown option.
  const option = /--[\w-]+/.exec(quoted)?.[0] ?? quoted.split(/[ ,]/)[0];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option} (see --help)`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) return `option ${option} needs a value (see --help)`;
  return `${message.split('\n')[0]} (see --help)`;
}
