/**
 * Whether a command the advice prints only looks (`read`) or changes the host (`change`).
 *
 * The advice writes its commands as shell text; this decides from that text, conservatively: a
 * command is `read` only when every part of its pipeline is a known inspection tool used without a
 * writing option and nothing redirects into a file. Anything else — `tee`, `>`, `sysctl -w`,
 * `kubectl patch`, a be.conf line to add, a tool this list does not know — is `change`, so an
 * unknown command is shown as "review first", never as safe to paste.
 */
import type { CommandEffect } from '../report/report-schema.js';

/** Programs that only read, whatever their (non-writing) arguments. */
const READ_ONLY_PROGRAMS = new Set([
  'cat', 'grep', 'egrep', 'zgrep', 'head', 'tail', 'less', 'ls', 'find', 'free', 'ps', 'df', 'du', 'ipcs',
  'numactl', 'numastat', 'swapon', 'journalctl', 'dmesg', 'slabtop', 'awk', 'sort', 'uniq', 'wc', 'cut',
  'echo', 'printf', 'top', 'vmstat', 'pgrep', 'pidof', 'id', 'uname', 'stat', 'test', 'readlink', 'curl',
  'jq', 'sed', 'docker', 'kubectl', 'systemctl', 'systemd-cgls', 'systemd-cgtop', 'sysctl', 'crictl', 'cut', 'tr',
]);

/** Sub-commands or options that make an otherwise reading program write. */
const WRITING_USES: readonly RegExp[] = [
  /^sysctl\b.*(\s-w\b|\s-p\b|=)/,
  /^swapon\s+(?!--show\b|-s\b|--summary\b)\S/,
  /^sed\b.*\s-i/,
  /^numactl\s+(?!--hardware\b|-H\b|--show\b|-s\b)/,
  /^kubectl\s+(?!get\b|describe\b|top\b|logs\b|debug\b|explain\b|auth\s+can-i\b)/,
  /^docker\s+(?!stats\b|inspect\b|ps\b|logs\b)/,
  /^crictl\s+(?!ps\b|inspect\b|stats\b|logs\b|pods\b)/,
  /^systemctl\s+(?!show\b|status\b|cat\b|list-units\b)/,
  /^curl\b.*\s-(X|d|-data|-request)\b/,
];

export function commandEffect(run: string): CommandEffect {
  // A trailing `# cgroup v2` note is a shell comment: it neither reads nor writes.
  const unquoted = unquote(run);
  const comment = unquoted.search(/\s#/);
  const skeleton = comment === -1 ? unquoted : unquoted.slice(0, comment);
  // A redirection into a file writes (`2>/dev/null` and `>&2` only discard or move output).
  if (/(^|[^0-9&])>{1,2}\s*(?!&)/.test(skeleton.replace(/[0-9]?>\s*\/dev\/null/g, ''))) return 'change';
  for (const stage of skeleton.split(/\|\||&&|[|;]|\$\(|\)/)) {
    const words = stage.trim().replace(/^(do|then|else)\s+/, '').replace(/^sudo\s+/, '');
    // Shell structure and `[ … ]` tests read nothing and write nothing.
    if (words === '' || /^(do|done|then|fi|else)$/.test(words) || /^(for|if|while)\s/.test(words) || /^\[\s/.test(words)) continue;
    const program = /^([A-Za-z][\w.-]*)/.exec(words)?.[1] ?? '';
    if (!READ_ONLY_PROGRAMS.has(program)) return 'change';
    if (WRITING_USES.some((re) => re.test(words))) return 'change';
  }
  return 'read';
}

/**
 * The command with single-quoted text emptied, double quotes dropped and placeholders made words, so
 * that `|` or `>` inside an awk program, a grep pattern or a `<placeholder>` is not read as shell syntax.
 */
function unquote(run: string): string {
  return run.replace(/'[^']*'/g, "''").replace(/"/g, '').replace(PLACEHOLDER, 'placeholder');
}

/**
 * A `<namespace>` / `<usage × 1.5>` placeholder the advice prints where the input did not show the
 * value: a word to fill in, not a redirection (a real `<in >out` has a space before the `>`).
 */
const PLACEHOLDER = /<[A-Za-z][\w .×%-]*[\w.%]>/g;
