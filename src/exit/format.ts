import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../paths.ts';

/**
 * The archive format. Version 1 is the first; a reader refuses a newer one (and names the Tandem
 * version that wrote it) and keeps reading every older one it lists in READABLE_FORMATS.
 */
export const FORMAT_NAME = 'tandem-workspace-export';
export const FORMAT_VERSION = 1;
export const READABLE_FORMATS: Record<number, string> = { 1: 'Tandem 0.1 and later' };

export const tandemVersion = (): string =>
  (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

export const ManifestSchema = z.object({
  format: z.literal(FORMAT_NAME),
  formatVersion: z.number().int().positive(),
  tandemVersion: z.string(),
  createdAt: z.string(),
  workspace: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  counts: z.record(z.string(), z.number().int().min(0)),
  files: z.record(
    z.string(),
    z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int() }),
  ),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** Names inside an archive: plain relative paths only (no `..`, no absolute path, no odd characters). */
export const SAFE_ENTRY = /^(?:[A-Za-z0-9][A-Za-z0-9._-]*\/)*[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A file name fragment from a title (knowledge/KB-7-reset-a-password.md). */
export const slugify = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'untitled';
