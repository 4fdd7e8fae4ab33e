#!/usr/bin/env node
/** The `oom-triage` command: wires the process's streams and environment into runCli. */
import { readFileSync } from 'node:fs';
import { runCli } from './run-cli.js';

/** package.json is two levels up from both src/cli/main.ts and dist/cli/main.js. */
function readVersion(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const version = (pkg as { version?: unknown } | null)?.version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

// A reader such as `| head` closing the pipe early is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  version: readVersion(),
});
