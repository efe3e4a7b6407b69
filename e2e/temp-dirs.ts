import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Each spec file runs in its own module registry, so these are one file's folders.
const made = new Set<string>();

/** A new folder in the system's temporary folder, removed when the spec file ends (e2e/setup.ts). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

export function removeTempDirs() {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}
