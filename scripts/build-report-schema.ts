/**
 * `npm run build:schema`: writes schema/report.schema.json, the JSON Schema of the Report (what
 * `oom-triage analyze --format json` prints and `analyze()` returns), generated from the zod schema in
 * src/analysis/report/report-schema.ts with zod's own z.toJSONSchema. The file is committed and ships
 * in the package (`oom-triage/report.schema.json`); test/analysis/report/report-json-schema.test.ts
 * fails while it and the zod schema disagree.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { Report } from '../src/analysis/report/report-schema.js';

export const SCHEMA_PATH = fileURLToPath(new URL('../schema/report.schema.json', import.meta.url));

/** The schema file's text for the zod schema as it is now. */
export function renderReportSchema(): string {
  // `output`: the Report as printed (defaults applied, no unknown fields: additionalProperties false).
  const generated = z.toJSONSchema(Report, { target: 'draft-2020-12', io: 'output', unrepresentable: 'throw' });
  const { $schema, ...rest } = generated;
  const schema = {
    $schema,
    $id: `urn:oom-triage:report:${String(Report.shape.schemaVersion.value)}`,
    title: 'oom-triage Report',
    description:
      'One analysis of a log: every OOM-killer kill found (cause, factors, evidence lines, memory picture, suggestions) and the Apache Doris BE memory report. Generated from the zod schema in src/analysis/report/report-schema.ts by `npm run build:schema`; do not edit.',
    ...rest,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_PATH, renderReportSchema());
  process.stdout.write(`wrote ${SCHEMA_PATH}\n`);
}
