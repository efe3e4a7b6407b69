import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mainHeading,
  newPerson,
  type Person,
  signInAndEnrol,
  startServerAndBrowser,
  visible,
} from './browser.ts';
import type { RunningServer } from './server.ts';

let server: RunningServer;
let browser: Browser;
let alice: Person;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
  alice = await newPerson(browser, server.url);
  await signInAndEnrol(alice.page, 'alice@acme.example');
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const file = (text: string) => ({ name: 'systems.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });

describe('importing from another desk in the browser', () => {
  it('checks a file, lists its problems, imports the fixed file once', async () => {
    const { page } = alice;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
    await visible(mainHeading(page, 'Import from another desk'));
    await page.getByText('Systems', { exact: true }).click();
    await page.getByRole('textbox', { name: 'Id in the old desk' }).fill('Asset tag');

    await page
      .locator('input[type=file]')
      .setInputFiles(file('Asset tag,name,kind,criticality\nA-1,Legacy fax server,server,high\n'));
    await page.getByRole('button', { name: 'Check the file' }).click();
    const problems = page.getByRole('table', { name: 'Problems in the file' });
    await visible(
      problems
        .getByRole('row')
        .filter({ hasText: 'kind' })
        .getByText(/must be one of/),
    );
    expect(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    await page.screenshot({ path: '/tmp/imports-problems.png', fullPage: true });

    const fixed = file(
      'Asset tag,name,kind,criticality\nA-1,Legacy fax server,infrastructure,high\nA-2,Visitor Wi-Fi,network,low\n',
    );
    await page.locator('input[type=file]').setInputFiles(fixed);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await visible(page.getByText('2 row(s) read: 2 system(s) would be created; 0 imported before'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await visible(page.getByText('2 row(s) read: 2 system(s) created; 0 imported before'));
    // The page lists the commit among its past imports, with who made it.
    const past = page
      .getByRole('table', { name: 'Past imports' })
      .getByRole('row')
      .filter({ hasText: 'systems' });
    await visible(past.getByText('Alice', { exact: false }));
    expect(await past.getByRole('cell').nth(3).textContent()).toBe('2');
    await page.screenshot({ path: '/tmp/imports-done.png', fullPage: true });

    // The same file again: recognised by its ids, nothing to create.
    await page.locator('input[type=file]').setInputFiles(fixed);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await visible(page.getByText('2 row(s) read: 0 system(s) would be created; 2 imported before'));
    expect(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);

    await page.goto('/w/acme/systems');
    await visible(page.getByRole('link', { name: 'Legacy fax server' }));
    expect(alice.pageErrors).toEqual([]);
  });
});

describe('importing knowledge articles and people in the browser', () => {
  it('imports articles as drafts and invites people, each checked first', async () => {
    const { page } = alice;
    await page.goto('/w/acme/import');
    await visible(mainHeading(page, 'Import from another desk'));
    await page.getByText('Knowledge articles', { exact: true }).click();
    const articles = {
      name: 'articles.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'externalId,title,type,body\nKB-1,Unlock a locked-out account,how_to,Open the admin centre\nKB-2,Fail over the ERP,recipe,\n',
      ),
    };
    await page.locator('input[type=file]').setInputFiles(articles);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await visible(
      page
        .getByRole('table', { name: 'Problems in the file' })
        .getByRole('row')
        .filter({ hasText: 'type' })
        .getByText(/must be one of/),
    );
    articles.buffer = Buffer.from(
      'externalId,title,type,body\nKB-1,Unlock a locked-out account,how_to,Open the admin centre\nKB-2,Fail over the ERP,runbook,\n',
    );
    await page.locator('input[type=file]').setInputFiles(articles);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await visible(page.getByText('2 row(s) read: 2 draft article(s) would be created'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await visible(page.getByText('2 row(s) read: 2 draft article(s) created'));

    await page.getByText('People to invite', { exact: true }).click();
    await page.getByRole('textbox', { name: 'E-mail address' }).fill('Mail');
    await page.locator('input[type=file]').setInputFiles({
      name: 'people.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Mail,role,party\nnew.joiner@acme.example,requester,\n'),
    });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await visible(page.getByText('1 row(s) read: 1 invitation(s) would be created'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await visible(page.getByText('1 row(s) read: 1 invitation(s) created'));
    await page.screenshot({ path: '/tmp/imports-people.png', fullPage: true });

    await page.goto('/w/acme/knowledge');
    await visible(page.getByText('Unlock a locked-out account').first());
    expect(alice.pageErrors).toEqual([]);
  });
});
