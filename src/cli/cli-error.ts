/**
 * What the CLI can tell a user in one line before exiting with status 2: a usage mistake or an
 * input it cannot read. Anything else is a bug and is reported as such (status 1).
 */
export type CliErrorCode = 'usage' | 'unreadable_input';

export class CliError extends Error {
  constructor(
    readonly code: CliErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The exit status for each code: both are the caller's to fix, so both are 2 (as grep and diff do). */
export const EXIT_ANALYSED = 0;
export const EXIT_BUG = 1;
export const EXIT_USAGE = 2;
