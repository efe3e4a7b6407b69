import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Browser } from 'playwright-core';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, mainHeading, newPerson, type Person, signInAndEnrol, visible } from './browser.ts';
import { freshPostgresDatabase, type RunningServer, startServer } from './server.ts';

let server: RunningServer;
let browser: Browser;
let alice: Person;
let postgres: Awaited<ReturnType<typeof freshPostgresDatabase>>;
const SHOTS = process.env.E2E_SCREENSHOTS ?? '/tmp';

beforeAll(async () => {
  // On PostgreSQL when TEST_DATABASE_URL is set (a fresh database), on embedded PGlite otherwise.
  postgres = await freshPostgresDatabase();
  const [started, launched] = await Promise.allSettled([
    startServer(postgres ? { databaseUrl: postgres.url } : {}),
    launchBrowser(),
  ]);
  if (started.status === 'fulfilled') server = started.value;
  if (launched.status === 'fulfilled') browser = launched.value;
  if (started.status === 'rejected') throw started.reason;
  if (launched.status === 'rejected') throw launched.reason;
  alice = await newPerson(browser, server.url);
  await signInAndEnrol(alice.page, 'alice@acme.example');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await postgres?.drop();
});

/** The archive's text files by name (attachments skipped). */
async function readArchive(path: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => {
      if (!header.name.startsWith('attachments/'))
        files.set(header.name, Buffer.concat(chunks).toString('utf8'));
      next();
    });
  });
  await pipeline(createReadStream(path), createGunzip(), extract);
  return files;
}

describe('the exit plan, in the browser', () => {
  it('lets Alice export Acme, download the archive and see a verified export', async () => {
    const { page } = alice;
    await page.goto('/w/acme');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Exit plan' }).click();
    await visible(mainHeading(page, 'Exit plan'));
    await visible(page.getByText('Not recorded: the engagement', { exact: false }));
    await visible(page.getByRole('heading', { name: 'Checklist for a change of provider' }));
    await visible(page.getByText('No export has been verified yet.'));

    await page.getByRole('button', { name: 'Prepare an export' }).click();
    const download = page.getByRole('link', { name: /^Download/ });
    await download.waitFor({ state: 'visible', timeout: 120_000 });
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(file.suggestedFilename()).toMatch(/^acme-export-\d{4}-\d{2}-\d{2}\.tar\.gz$/);
    const saved = join(server.dataDir, 'downloaded.tar.gz');
    await file.saveAs(saved);
    const files = await readArchive(saved);
    const manifest = JSON.parse(files.get('manifest.json')!);
    expect(manifest).toMatchObject({
      format: 'tandem-workspace-export',
      formatVersion: 1,
      workspace: { slug: 'acme', name: 'Acme Manufacturing' },
    });
    expect(manifest.counts.tickets).toBeGreaterThan(100);
    const article = [...files.keys()].find((name) => /^knowledge\/KB-1-.+\.md$/.test(name))!;
    expect(article).toBeDefined();
    const markdown = files.get(article)!;
    expect(markdown).toMatch(/^---\nkey: "KB-1"\ntitle: /);
    expect(markdown).toMatch(/\ntype: "/);
    expect(markdown).toMatch(/\nowner_party: "/);
    expect(markdown).toMatch(/\nreview_date: /);
    expect(manifest.files[article].sha256).toMatch(/^[0-9a-f]{64}$/);

    await page.getByRole('button', { name: 'Verify the exit plan' }).click();
    // The verification's row ends as Verified or Failed; a failure says why (its first difference).
    const verification = page
      .getByRole('table', { name: 'Exports and verifications' })
      .getByRole('row')
      .filter({ hasText: 'Verification' })
      .filter({ hasText: /Verified|Failed/ });
    await verification.waitFor({ state: 'visible', timeout: 240_000 });
    expect(await verification.textContent()).not.toContain('Failed');
    await visible(page.getByText('Last verified export:'));
    await visible(page.getByTestId('check-verified_export').getByText('Done'));
    await page.screenshot({ path: join(SHOTS, 'exit-plan.png'), fullPage: true });
    expect(alice.pageErrors).toEqual([]);
  }, 420_000);
});
