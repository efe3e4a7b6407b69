import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ExtractedArchive } from './extract.ts';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** The first field where two records differ, time stamps aside (`null` when equal). */
export function firstFieldDifference(a: unknown, b: unknown, path = ''): string | null {
  if (typeof a === 'string' && typeof b === 'string' && ISO_TIME.test(a) && ISO_TIME.test(b)) return null;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return Object.is(a, b) ? null : `${path || '(value)'}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const key of keys) {
    const diff = firstFieldDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      path ? `${path}.${key}` : key,
    );
    if (diff) return diff;
  }
  return null;
}

async function* readLines(path: string) {
  yield* createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
}

async function firstLineDifference(a: string, b: string, prefixOnly: boolean): Promise<string | null> {
  const left = readLines(a);
  const right = readLines(b);
  for (let n = 1; ; n++) {
    const [l, r] = await Promise.all([left.next(), right.next()]);
    if (l.done && (r.done || prefixOnly)) return null;
    if (l.done) return `line ${n}: a record the first export does not have`;
    if (r.done) return `line ${n}: missing from the second export`;
    if (l.value === r.value) continue;
    const diff = firstFieldDifference(JSON.parse(l.value), JSON.parse(r.value));
    if (diff) return `line ${n}, ${diff}`;
  }
}

/**
 * Compares two exports of the same workspace: every data, CSV, knowledge and attachment file
 * equal apart from time stamps, and the first export's audit chain a prefix of the second's
 * (an import appends its own event). Returns the first difference, or null.
 */
export async function compareArchives(
  first: ExtractedArchive,
  second: ExtractedArchive,
): Promise<string | null> {
  const a = first.manifest.files;
  const b = second.manifest.files;
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((n) => n !== 'README.md').sort();
  for (const name of names) {
    if (!a[name]) return `${name}: only in the second export`;
    if (!b[name]) return `${name}: missing from the second export`;
    if (a[name].sha256 === b[name].sha256) continue;
    if (name.startsWith('attachments/')) return `${name}: the bytes differ`;
    if (name.endsWith('.jsonl')) {
      const diff = await firstLineDifference(
        join(first.root, name),
        join(second.root, name),
        name.startsWith('audit/'),
      );
      if (diff) return `${name} ${diff}`;
      continue;
    }
    return `${name}: the content differs`;
  }
  return null;
}
