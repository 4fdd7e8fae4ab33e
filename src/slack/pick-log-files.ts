/**
 * Which uploaded files look like logs: text mimetypes, snippets, `.log`/`.txt`/`.gz` names, and
 * Slack Connect stubs (no metadata yet: the worker asks files.info). Images and other binaries are
 * left alone.
 */
import { z } from 'zod';
import type { SlackFileRef } from '../queue/job-schema.js';

const SlackFile = z
  .object({
    id: z.string().min(1),
    name: z.string().nullish(),
    size: z.number().int().nonnegative().nullish(),
    mimetype: z.string().nullish(),
    filetype: z.string().nullish(),
    mode: z.string().nullish(),
    file_access: z.string().nullish(),
    url_private_download: z.string().nullish(),
  })
  .loose();

const TEXT_FILETYPES = new Set(['text', 'log', 'gzip', 'plain', 'shell', 'csv', 'markdown', 'javascript', 'json', 'yaml']);
const LOG_NAME = /\.(?:log|txt|gz|out|err|info|warning|[0-9]{1,3})$/i;

export function pickLogFiles(files: unknown): SlackFileRef[] {
  if (!Array.isArray(files)) return [];
  const picked: SlackFileRef[] = [];
  for (const raw of files) {
    const f = SlackFile.safeParse(raw);
    if (!f.success) continue;
    if (!isLogFile(f.data)) continue;
    picked.push({
      id: f.data.id,
      name: f.data.name ?? null,
      size: f.data.size ?? null,
      mimetype: f.data.mimetype ?? null,
      filetype: f.data.filetype ?? null,
      urlPrivateDownload: f.data.url_private_download ?? null,
    });
  }
  return picked;
}

export function isLogFile(f: { name?: string | null; mimetype?: string | null; filetype?: string | null; mode?: string | null; file_access?: string | null }): boolean {
  // Slack Connect: `{id, mode:'file_access', file_access:'check_file_info'}` carries no metadata yet.
  if (f.mode === 'file_access' || f.file_access === 'check_file_info') return true;
  const mime = (f.mimetype ?? '').toLowerCase();
  if (mime.startsWith('image/') || mime.startsWith('video/') || mime.startsWith('audio/')) return false;
  if (f.mode === 'snippet') return true;
  if (mime.startsWith('text/') || mime === 'application/gzip' || mime === 'application/x-gzip') return true;
  if (f.filetype && TEXT_FILETYPES.has(f.filetype.toLowerCase())) return true;
  return LOG_NAME.test(f.name ?? '');
}
