/** The `--help` text: every option, with an example of each way to feed a log in. */
export const HELP_TEXT = `oom-triage — explains Linux OOM-killer kills (and Apache Doris BE memory) from logs

Usage:
  oom-triage analyze [--format text|markdown|json | --summary] [--kill-time TIME] [FILE|-]...
  oom-triage serve [--port N] [--host H]
  oom-triage --help | --version

Reads each FILE in order (gzip-compressed files are recognised and decompressed), or standard
input for "-" or when no FILE is given and input is piped. All inputs form one analysis, so a
dmesg -T file and a Doris be.INFO can be read together.

Options:
  -f, --format FORMAT   text (default): for a terminal, in colour when stdout is a terminal
                        markdown: for pasting into a ticket
                        json: the report as JSON (every field of the report, exact byte and kB numbers;
                        its JSON Schema ships as oom-triage/report.schema.json)
  -q, --summary, --quiet
                        only the verdict, one line per kill: time, host, what was killed and why
      --kill-time TIME  when doris_be was killed, if the kernel log is not among the inputs:
                        "2024-07-18 15:03:59" or ISO 8601 "2024-07-18T15:03:59", as the log prints
                        it (local time: a time zone is refused); the last Doris memory summary
                        before that time is used
serve: the web page (paste or drop a log, see the report with tables and charts) on this machine,
no Slack and no Redis. Inputs up to MAX_FILE_BYTES (default 50 MiB); nothing is stored or logged.
  -p, --port N          port to listen on (default 8080; 0 picks a free one)
      --host H          address to listen on (default 127.0.0.1; 0.0.0.0 lets others reach it)

  -h, --help            show this help
  -V, --version         show the version

Examples:
  oom-triage analyze /var/log/kern.log
  dmesg -T | oom-triage analyze -
  oom-triage analyze --format markdown kern.log.1.gz kern.log
  oom-triage analyze dmesg.txt be/log/be.INFO
  oom-triage analyze --summary /var/log/kern.log*
  oom-triage analyze --kill-time "2024-07-18 15:03:59" be/log/be.INFO
  journalctl -k -o short-iso | oom-triage analyze --format json
  oom-triage serve --port 8080        then open http://127.0.0.1:8080/

Colour: off when stdout is not a terminal or NO_COLOR is set; FORCE_COLOR=1 forces it on.
Exit status: 0 when the analysis ran (even if no kill was found); 2 for a usage error, or when an
input could not be read (one line on stderr for each; the inputs that could be read are still
analysed and printed, as grep does); 1 for an internal error.
`;
