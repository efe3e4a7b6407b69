#!/usr/bin/env node
// Script sizes of the built web app per entry: what index.html loads, and what each lazily loaded
// page adds on top of it (raw, gzip -9, brotli q11 - the files the server sends). The requester
// portal's first load is index.html's scripts plus the portal page's chunks.
//   node bench/bundle-sizes.js            build the web app first, then measure
//   node bench/bundle-sizes.js --no-build measure web/dist as it is
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = resolve(new URL('..', import.meta.url).pathname);
const dist = join(root, 'web', 'dist');
const PORTAL_PAGE = 'src/portal/portal-page.tsx';
const PORTAL_BUDGET_BYTES = 150 * 1000;

if (!process.argv.includes('--no-build')) {
  execFileSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
}
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);

/** The chunk files a manifest entry needs before it runs (itself and its static imports). */
function closure(key, seen = new Set()) {
  const chunk = manifest[key];
  if (!chunk || seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const imported of chunk.imports ?? []) closure(imported, seen);
  return seen;
}

const sizeCache = new Map();
function sizes(file) {
  if (!sizeCache.has(file)) {
    const content = readFileSync(join(dist, file));
    sizeCache.set(file, {
      raw: content.length,
      gzip: gzipSync(content, { level: 9 }).length,
      brotli: brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  return sizeCache.get(file);
}
const total = (files) =>
  [...files]
    .filter((f) => f.endsWith('.js'))
    .reduce(
      (sum, f) => {
        const s = sizes(f);
        return { raw: sum.raw + s.raw, gzip: sum.gzip + s.gzip, brotli: sum.brotli + s.brotli };
      },
      { raw: 0, gzip: 0, brotli: 0 },
    );
const kB = (n) => (n / 1000).toFixed(1);

const entryFiles = closure(entryKey);
const rows = [['index.html (shell, sign-in, router)', total(entryFiles)]];
const portalFiles = new Set([...entryFiles, ...closure(PORTAL_PAGE)]);
rows.push(['requester portal, first load (index.html + portal page)', total(portalFiles)]);
// Loaded right after the first page is drawn: the header's menus and the toast host (shell.tsx, main.tsx).
const deferred = Object.keys(manifest).filter((k) =>
  /(user-menu|notification-bell|workspace-switcher|notifications-host)\.tsx$/.test(k),
);
const portalSettled = new Set([...portalFiles, ...deferred.flatMap((k) => [...closure(k)])]);
rows.push(['requester portal, after the deferred header widgets', total(portalSettled)]);
const pages = (manifest[entryKey].dynamicImports ?? []).map((k) => [k, manifest[k]]);
for (const [key] of pages.sort(([a], [b]) => a.localeCompare(b))) {
  const extra = [...closure(key)].filter((f) => !entryFiles.has(f));
  rows.push([`+ ${key.replace(/^src\//, '')}`, total(extra)]);
}
const everything = total(new Set(Object.values(manifest).map((c) => c.file)));
rows.push(['all scripts together', everything]);

console.log('| entry | raw kB | gzip kB | brotli kB |\n| --- | ---: | ---: | ---: |');
for (const [name, s] of rows) console.log(`| ${name} | ${kB(s.raw)} | ${kB(s.gzip)} | ${kB(s.brotli)} |`);
const portal = total(portalFiles);
// Brotli: the copy the server sends every browser that accepts it (all current ones do); gzip is the fallback.
const ok = portal.brotli <= PORTAL_BUDGET_BYTES;
console.log(
  `\nportal first load: ${kB(portal.gzip)} kB gzip, ${kB(portal.brotli)} kB brotli ` +
    `(budget ${kB(PORTAL_BUDGET_BYTES)} kB brotli, as served): ${ok ? 'within' : 'OVER'}`,
);
process.exitCode = ok ? 0 : 1;
