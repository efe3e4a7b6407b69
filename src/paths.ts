import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The same code runs from src/ (tsx, tests) and from the dist/ bundle, so find the package root.
function findPackageRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
export const migrationsDir = join(packageRoot, 'src/db/migrations');
export const webDistDir = join(packageRoot, 'web/dist');
/** The embedded database's first-start template, built by scripts/build-server.js (one per migration count). */
export const pgliteTemplateFile = (migrationCount: number) =>
  join(packageRoot, `dist/pgdata-${migrationCount}.tar.gz`);
